import { formatMs } from '../src/format.js'
import type { MatcherContextLike, MatcherResult } from './timingMatcher.js'
import { argumentError, checkBudgetMs, runTimingMatcher, STATISTIC_FIELDS } from './timingMatcher.js'
import type { BudgetStatistic, TimingMatcherOptions } from './types.js'

const PERCENTILES: Record<number, BudgetStatistic> = { 50: 'median', 75: 'p75', 90: 'p90', 95: 'p95', 99: 'p99' }

/** `expect(fn).toHavePercentileWithin(95, ms, options?)`: that percentile of per-operation times is ≤ ms. */
export function toHavePercentileWithin(
  this: MatcherContextLike,
  received: unknown,
  percentile: unknown,
  ms: unknown,
  options?: TimingMatcherOptions,
): MatcherResult | Promise<MatcherResult> {
  const statistic = PERCENTILES[percentile as number]
  if (typeof percentile !== 'number' || statistic === undefined) {
    argumentError('toHavePercentileWithin', 'the percentile (first argument)', percentile, 'one of 50, 75, 90, 95, 99')
  }
  if (options?.statistic !== undefined) {
    argumentError('toHavePercentileWithin', 'option "statistic"', options.statistic, 'absent (the percentile argument chooses it)')
  }
  const limit = checkBudgetMs('toHavePercentileWithin', 'the budget (second argument)', ms)
  return runTimingMatcher(
    this,
    received,
    {
      matcher: 'toHavePercentileWithin',
      statistic: STATISTIC_FIELDS[statistic],
      label: `p${percentile}`,
      limit,
      direction: 'at-most',
      format: formatMs,
      expectedHint: `${percentile}, ${String(ms)}`,
    },
    options,
  )
}
