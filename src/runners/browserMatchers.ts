/**
 * The perf matchers as a browser gets them: every name, each failing with `E_USAGE` and what to do (measuring needs
 * Node). Used by the browser entry (src/browser.ts) and by the setup file the Vitest plugin gives browser-mode
 * projects (src/runners/vitest/browserSetup.ts), so `expect(fn).toCompleteWithin(5)` there says why instead of
 * Vitest's "Invalid Chai property".
 */
import { PerfSentinelError } from '../errors.js'
import type { PerfMatchersMap } from './lazyMatchers.js'
import { PERF_MATCHER_NAMES } from './lazyMatchers.js'

/** The error a Node-only name throws where it cannot measure; `inNode`: Node resolved the browser entry. */
export function nodeOnlyError(what: string, inNode = false): PerfSentinelError {
  if (inNode)
    return new PerfSentinelError('E_USAGE', `perf-sentinel: ${what} was resolved through the \`browser\` export condition`, {
      fix: 'use Node ≥ 20.16 (it then measures as usual), or resolve perf-sentinel without the `browser` condition',
    })
  return new PerfSentinelError('E_USAGE', `perf-sentinel: ${what} measures in Node only, and this code runs in a browser`, {
    fix:
      'keep perf tests in a Vitest project without browser mode (a `unit` project beside the `browser` one); ' +
      'perfTiming, getStats and summarize work in the browser',
  })
}

/** Every perf matcher, each throwing `nodeOnlyError` when used. */
export function browserPerfMatchers(inNode = false): PerfMatchersMap {
  const matchers = Object.fromEntries(
    PERF_MATCHER_NAMES.map((name) => [
      name,
      () => {
        throw nodeOnlyError(`expect(…).${name}()`, inNode)
      },
    ]),
  )
  return matchers as unknown as PerfMatchersMap
}
