import type { perfMatchers } from '../../matchers/index.js'

/** The matcher map of `matchers/index.ts`. */
export type PerfMatchersMap = typeof perfMatchers

/**
 * The names of every perf matcher, known without loading them (test/unit/runners/lazyMatchers.test.ts keeps this
 * list equal to `Object.keys(perfMatchers)`). A matcher missing here still works after the engine's first load.
 */
export const PERF_MATCHER_NAMES: readonly (keyof PerfMatchersMap)[] = [
  'toCompleteWithin',
  'toHavePercentileWithin',
  'toAchieveThroughput',
  'toCompleteOnceWithin',
  'toSustainLoad',
  'toAllocateAtMost',
  'toLeak',
  'toBlockEventLoop',
  'toHaveCallsWithin',
]

type MatcherFunction = (this: unknown, ...args: unknown[]) => unknown

/**
 * Stand-ins for the perf matchers, for `expect.extend`: each loads the real matchers on its first call (through
 * `load`) and forwards with the same `this`, so a test file that never uses one never loads the measuring code.
 * `onLoad` runs once, after the first load (the setup files register the real matchers there).
 */
export function lazyMatchers(load: () => PerfMatchersMap, onLoad?: (matchers: PerfMatchersMap) => void): Record<string, MatcherFunction> {
  let loaded: PerfMatchersMap | undefined
  const real = (): PerfMatchersMap => {
    if (loaded === undefined) {
      loaded = load()
      onLoad?.(loaded)
    }
    return loaded
  }
  const stubs: Record<string, MatcherFunction> = {}
  for (const name of PERF_MATCHER_NAMES) {
    stubs[name] = function (this: unknown, ...args: unknown[]): unknown {
      return (real()[name] as MatcherFunction).apply(this, args)
    }
  }
  return stubs
}
