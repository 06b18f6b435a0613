import { formatOps } from '../src/format.js'
import type { MatcherContextLike, MatcherResult } from './timingMatcher.js'
import { argumentError, runTimingMatcher } from './timingMatcher.js'
import type { TimingMatcherOptions } from './types.js'

/** `expect(fn).toAchieveThroughput(opsPerSecond, options?)`: warmed-up operations per second (from the mean) ≥ limit. */
export function toAchieveThroughput(
  this: MatcherContextLike,
  received: unknown,
  opsPerSecond: unknown,
  options?: Omit<TimingMatcherOptions, 'statistic'>,
): MatcherResult | Promise<MatcherResult> {
  if (typeof opsPerSecond !== 'number' || !Number.isFinite(opsPerSecond) || opsPerSecond <= 0) {
    argumentError('toAchieveThroughput', 'the throughput (first argument)', opsPerSecond, 'a positive number of operations per second')
  }
  if ((options as TimingMatcherOptions | undefined)?.statistic !== undefined) {
    argumentError(
      'toAchieveThroughput',
      'option "statistic"',
      (options as TimingMatcherOptions).statistic,
      'absent (throughput is judged on the mean)',
    )
  }
  return runTimingMatcher(
    this,
    received,
    {
      matcher: 'toAchieveThroughput',
      statistic: 'opsPerSecond',
      label: 'throughput',
      limit: opsPerSecond,
      direction: 'at-least',
      format: formatOps,
      expectedHint: String(opsPerSecond),
    },
    options,
  )
}
