import { formatMs } from '../src/format.js'
import type { MatcherContextLike, MatcherResult } from './timingMatcher.js'
import { argumentError, checkBudgetMs, runTimingMatcher } from './timingMatcher.js'
import type { TimingMatcherOptions } from './types.js'

const FIXED_BY_SINGLE_SHOT = ['statistic', 'iterations', 'warmup', 'warmupMs', 'warmupIterations', 'batchSize'] as const

/** `expect(fn).toCompleteOnceWithin(ms)`: one cold call, no warm-up, completes within ms (startup paths). */
export function toCompleteOnceWithin(
  this: MatcherContextLike,
  received: unknown,
  ms: unknown,
  options?: Omit<TimingMatcherOptions, 'statistic' | 'iterations' | 'warmup'>,
): MatcherResult | Promise<MatcherResult> {
  const limit = checkBudgetMs('toCompleteOnceWithin', 'the budget (first argument)', ms)
  for (const key of FIXED_BY_SINGLE_SHOT) {
    const value = (options as Record<string, unknown> | undefined)?.[key]
    if (value !== undefined) argumentError('toCompleteOnceWithin', `option "${key}"`, value, 'absent (a single cold call is measured)')
  }
  return runTimingMatcher(
    this,
    received,
    {
      matcher: 'toCompleteOnceWithin',
      statistic: 'maxMs',
      label: 'single call',
      limit,
      direction: 'at-most',
      format: formatMs,
      expectedHint: String(ms),
    },
    options,
    { iterations: 1, warmup: false, batchSize: 1 },
  )
}
