import type { LeakCheck } from '../src/diagnostics/memory/checkLeak.js'
import { LEAK_DEFAULTS, checkLeak } from '../src/diagnostics/memory/checkLeak.js'
import { formatBytes } from '../src/format.js'
import { memoryTiming } from '../src/diagnostics/memory/memoryTiming.js'
import type { MemoryFigures } from '../src/model/memoryFigures.js'
import { currentRecorder } from '../src/record/recorder.js'
import type { MatcherContextLike, MatcherResult } from './timingMatcher.js'
import { argumentError } from './timingMatcher.js'
import type { LeakMatcherOptions } from './types.js'
import { subjectFailed } from './subjectFailed.js'

const OPTION_KEYS: readonly string[] = ['iterations', 'rounds', 'snapshotDir', 'name']

/**
 * `await expect(fn).not.toLeak(options?)`: runs `fn` 1,000 times in 10 rounds and passes when the post-GC heap
 * climbs steadily (≥ 16 B per call) or returned values are kept alive while it climbs. Always async. A failing
 * `.not.toLeak()` writes one heap snapshot pair (`snapshotDir`, default `perf-report/heap`); passing tests write none.
 */
export function toLeak(this: MatcherContextLike, received: unknown, options?: LeakMatcherOptions): Promise<MatcherResult> {
  const matcher = 'toLeak'
  if (typeof received !== 'function')
    argumentError(matcher, 'the received value', received, 'a function to run, e.g. expect(() => handle(req))')
  if (options !== undefined && (typeof options !== 'object' || options === null))
    argumentError(matcher, 'the options', options, 'an object such as { iterations: 1000 }')
  for (const key of Object.keys(options ?? {})) {
    if (!OPTION_KEYS.includes(key)) argumentError(matcher, `option "${key}"`, key, `one of: ${OPTION_KEYS.join(', ')}`)
  }
  const { name, ...leakOptions } = options ?? {}
  if (name !== undefined && (typeof name !== 'string' || name.trim() === ''))
    argumentError(matcher, 'option "name"', name, 'a non-empty string')
  const negated = this.isNot === true
  const testName = (this as { currentTestName?: string }).currentTestName
  const snapshotName = [testName, name].filter((x) => x !== undefined && x !== '').join(' ') || matcher
  // Only `.not.toLeak()` fails on a leak, and only a failing check is worth a heap snapshot.
  const settled = checkLeak(received as () => unknown, { ...leakOptions, name: snapshotName, snapshot: negated }, `${matcher}()`).then(
    (check) => conclude(this, check, name),
    (error: unknown) => {
      throw subjectFailed(matcher, error)
    },
  )
  currentRecorder()?.trackAsyncAssertion?.(settled, this, 'toLeak')
  return settled
}

function conclude(context: MatcherContextLike, check: LeakCheck, name: string | undefined): MatcherResult {
  const negated = context.isNot === true
  const leak = check.figures
  const memory: MemoryFigures = { gc: check.gcMode, leak }
  const perRound = leak.iterations / leak.rounds
  const result = memoryTiming(name ?? 'toLeak', 'async', check.roundsMsPerOp, perRound)
  currentRecorder()?.record({ name: name ?? 'toLeak', autoName: name === undefined, kind: 'matcher', result, memory }, context)
  return {
    pass: leak.leaking,
    message: () => {
      const hint = context.utils.matcherHint('.toLeak', 'received', '', { isNot: negated, promise: context.promise ?? '' })
      const lines = [
        hint,
        '',
        `Expected: ${negated ? 'no leak' : 'a leak'} (post-GC heap over ${leak.iterations} iterations in ${leak.rounds} rounds)`,
        `Received: ${leak.leaking ? 'a leak' : 'no leak'}: ${leak.reason}`,
        '',
        `Post-GC heap growth: ${formatBytes(leak.growthBytes)} over the run (Theil–Sen slope ${formatBytes(leak.slopeBytesPerOp)} per iteration)`,
        `Returned values: ${leak.retainedReturnValues} of ${leak.watchedReturnValues} watched never collected`,
        `Collector: ${check.gcMode === 'exposed' ? '--expose-gc' : 'exposed flag-free'}`,
      ]
      if (leak.snapshots) {
        lines.push('', 'Heap snapshots (Chrome DevTools → Memory → Load both, then "Objects allocated between snapshots" on the second):')
        for (const path of leak.snapshots) lines.push(`  ${path}`)
      } else if (negated && leak.leaking) {
        lines.push('', `No heap snapshots (snapshotDir: false; default ${LEAK_DEFAULTS.snapshotDir}).`)
      }
      return lines.join('\n')
    },
  }
}
