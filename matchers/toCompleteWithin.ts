import { formatMs } from '../src/format.js'
import type { MatcherContextLike, MatcherResult } from './timingMatcher.js'
import { argumentError, checkBudgetMs, runTimingMatcher, STATISTIC_FIELDS } from './timingMatcher.js'
import type { BudgetStatistic, TimingMatcherOptions } from './types.js'

/** The statistic judged when none is given: the median resists the GC pauses and scheduler hiccups of CI machines. */
export const DEFAULT_BUDGET_STATISTIC: BudgetStatistic = 'median'

/** `expect(fn).toCompleteWithin(ms, options?)`: the warmed-up statistic (default median) per operation is ≤ ms. */
export function toCompleteWithin(
  this: MatcherContextLike,
  received: unknown,
  ms: unknown,
  options?: TimingMatcherOptions,
): MatcherResult | Promise<MatcherResult> {
  const limit = checkBudgetMs('toCompleteWithin', 'the budget (first argument)', ms)
  const statistic = options?.statistic ?? DEFAULT_BUDGET_STATISTIC
  if (!(statistic in STATISTIC_FIELDS)) {
    argumentError('toCompleteWithin', 'option "statistic"', statistic, Object.keys(STATISTIC_FIELDS).join(', '))
  }
  return runTimingMatcher(
    this,
    received,
    {
      matcher: 'toCompleteWithin',
      statistic: STATISTIC_FIELDS[statistic],
      label: statistic,
      limit,
      direction: 'at-most',
      format: formatMs,
      expectedHint: String(ms),
    },
    options,
  )
}
