import type { JestMatcherScope } from '../../config/reporterOptions.js'
import { PerfSentinelError } from '../../errors.js'
import { JEST_SETUP_FIX } from '../../record/unrecorded.js'
import { PERF_MATCHER_NAMES } from '../lazyMatchers.js'

/** `jestMatchers` as the Jest reporter hands it to the workers (the option's own variable: config/envOverrides.ts). */
export const JEST_MATCHERS_ENV = 'PERF_SENTINEL_JEST_MATCHERS'

/** `'always'` (the option's other value is the default, `'auto'`; an invalid one failed at start-up, in the reporter). */
const ALWAYS: JestMatcherScope = 'always'

/**
 * Whether the Jest setup file registers the perf matchers in the test file at `testPath`. Jest builds every
 * registered matcher into six new objects on each `expect()` call, so nine more matchers cost every assertion of
 * the suite — +8–10 µs a call, and twice the garbage once a project has ~40 matchers (BENCHMARKS.md part 2) — in
 * files that never use them too. With `'auto'` (the default) they are registered where the test file, or a module
 * it imports (by a relative path or an alias) within two levels, names one of them or perf-sentinel (`mentionsPerf`:
 * mentionScanner.ts, through the scope agent); `'always'` registers them in every file (for matchers called from
 * modules reached otherwise: a package, a deeper import). No test path: registered.
 */
export function registersMatchers(testPath: string, scope: string | undefined, mentionsPerf: (testPath: string) => boolean): boolean {
  if (scope?.trim() === ALWAYS || testPath === '') return true
  return mentionsPerf(testPath)
}

/**
 * The perf matchers a failure message says were missing (`TypeError: expect(...).toCompleteWithin is not a
 * function`, as Jest words a call of a matcher that is not registered), for the reporter's hint.
 */
export function missingMatchers(failureMessage: string): string[] {
  const missing: string[] = []
  for (const name of PERF_MATCHER_NAMES) if (failureMessage.includes(`.${name} is not a function`)) missing.push(name)
  return missing
}

/**
 * Says why a perf matcher was "not a function" in a test file: the setup file registers the matchers only in test
 * files that name one (or perf-sentinel), directly or in a module they import within two levels, and this file's
 * tests called one through a module reached otherwise (a package, a deeper import).
 */
export function unregisteredMatchersHint(file: string, names: readonly string[], setupListed = true): string {
  const list = names.map((name) => `\`${name}\``).join(', ')
  if (!setupListed) {
    return (
      `perf-sentinel: ${file} called ${list}, but its Jest config loads no perf-sentinel setup file, which registers ` +
      `the matchers. Add ${JEST_SETUP_FIX}.`
    )
  }
  return (
    `perf-sentinel: ${file} called ${list} from a module it imports; the matchers are registered only in test files ` +
    'that name one of them or perf-sentinel, themselves or in a module of the project they import (two levels ' +
    'deep), because Jest builds every registered matcher into each expect() call. Name the matcher in the test ' +
    "file (or import from perf-sentinel there), or set jestMatchers: 'always' (PERF_SENTINEL_JEST_MATCHERS=always) " +
    'to register them in every test file.'
  )
}

/** Whether a project's config lists a perf-sentinel setup file (Jest resolves the entries to absolute paths). */
export function listsPerfSetup(config: { setupFilesAfterEnv?: unknown; setupFiles?: unknown } | undefined): boolean {
  if (config === undefined) return true
  const entries = [config.setupFilesAfterEnv, config.setupFiles].flatMap((list) => (Array.isArray(list) ? list : []))
  return entries.some((entry) => typeof entry === 'string' && entry.split('\\').join('/').includes('perf-sentinel'))
}

/**
 * The run's error when test files measured without the setup file (unrecorded.ts writes what they measured): those
 * measurements are in no report and no verdict, so the run must not pass as if they were.
 */
export function unrecordedError(
  unrecorded: ReadonlyMap<string, readonly string[]>,
  relativePath: (path: string) => string,
): PerfSentinelError {
  const count = [...unrecorded.values()].reduce((sum, names) => sum + names.length, 0)
  const [path, names] = [...unrecorded][0] as [string, readonly string[]]
  return new PerfSentinelError(
    'E_CONFIG',
    `${count} measurement(s) in ${unrecorded.size} test file(s) were taken but not recorded, because those files did not ` +
      `load perf-sentinel/jest/setup (the first: "${names[0]}" in ${relativePath(path)})`,
    { fix: `add ${JEST_SETUP_FIX}` },
  )
}
