import type { MeasureOptions } from '../src/measure/options.js'

/** Statistics a time budget can be judged on. */
export type BudgetStatistic = 'min' | 'mean' | 'median' | 'p75' | 'p90' | 'p95' | 'p99' | 'max'

/** Options shared by the timing matchers: measurement options plus what to judge and how to name it. */
export interface TimingMatcherOptions extends MeasureOptions {
  /** Which statistic must meet the budget. @default 'median' */
  statistic?: BudgetStatistic
  /** Name of the measurement in reports and baselines. @default '<matcher> #<n>' */
  name?: string
}

/**
 * The matchers perf-sentinel adds, declared once; `vitest.d.ts` / `jest.d.ts` attach them to each framework's
 * `Matchers` type. `R` is what the framework's matchers return (await it for async subjects).
 */
export interface PerfMatchers<R = unknown> {
  /**
   * The subject's warmed-up `statistic` (default: median) per operation is at most `ms` milliseconds.
   * @example expect(() => parse(doc)).toCompleteWithin(5)
   * @example await expect(async () => load(url)).toCompleteWithin(50, { statistic: 'p95' })
   */
  toCompleteWithin(ms: number, options?: TimingMatcherOptions): R
  /**
   * The given percentile (50, 75, 90, 95 or 99) of warmed-up per-operation times is at most `ms`.
   * @example expect(() => route(req)).toHavePercentileWithin(95, 2)
   */
  toHavePercentileWithin(percentile: 50 | 75 | 90 | 95 | 99, ms: number, options?: TimingMatcherOptions): R
  /**
   * Warmed-up throughput (operations per second, from the mean) is at least `opsPerSecond`.
   * @example expect(() => hash(buf)).toAchieveThroughput(100_000)
   */
  toAchieveThroughput(opsPerSecond: number, options?: Omit<TimingMatcherOptions, 'statistic'>): R
  /**
   * A single cold call (no warm-up, one sample) completes within `ms`: startup paths, first renders.
   * @example await expect(() => import('./heavy.js')).toCompleteOnceWithin(200)
   */
  toCompleteOnceWithin(ms: number, options?: Omit<TimingMatcherOptions, 'statistic' | 'iterations' | 'warmup'>): R
}
