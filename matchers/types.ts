import type { MeasureOptions } from '../src/measure/options.js'
import type { ProfileMode } from '../src/model/diagnostics.js'
import type { LoadOptions } from '../src/diagnostics/load/loadTypes.js'

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
  /**
   * Under load (open model at `rate`, or `concurrency` callers), the corrected p95 (and p99) stay within budget and
   * the error rate at most `maxErrorRate`. Always async: await it.
   * @example await expect({ url: `http://127.0.0.1:${port}/` }).toSustainLoad({ rate: 200, durationMs: 5000, p95Ms: 20 })
   */
  toSustainLoad(options: SustainLoadOptions): Promise<void>
  /**
   * The median bytes allocated per call (10 runs of 1,000 calls) is at most `bytes`; an estimate from heap growth
   * between collections on Node versions without `total_allocated_bytes`. Await it for async functions.
   * @example expect(() => parse(doc)).toAllocateAtMost(2048)
   */
  toAllocateAtMost(bytes: number, options?: AllocationMatcherOptions): R
  /**
   * Running the function 1,000 times leaves a steadily growing post-GC heap (or keeps its results alive): use it
   * negated. Always async: await it. A failing `.not.toLeak()` writes one heap snapshot pair.
   * @example await expect(() => handle(req)).not.toLeak()
   */
  toLeak(options?: LeakMatcherOptions): Promise<void>
  /**
   * Running the function, the event loop had a synchronous slice longer than `maxMs` (default 20): use it negated.
   * Always async: await it.
   * @example await expect(() => handler(req)).not.toBlockEventLoop({ maxMs: 20 })
   */
  toBlockEventLoop(options?: BlockEventLoopOptions): Promise<void>
  /**
   * The calls a `perfTiming` function made during this test stayed within `ms` (default: its `thresholdMs`): every
   * call, or the given statistic.
   * @example expect(instrumentedParse).toHaveCallsWithin(5)
   */
  toHaveCallsWithin(ms?: number, options?: CallsWithinOptions): R
}

/** Options of `toBlockEventLoop`. */
export interface BlockEventLoopOptions {
  /** A synchronous slice longer than this blocks the loop, in ms. @default 20 */
  maxMs?: number
  /** How many times the function runs; the longest slice over all runs is judged. @default 1 */
  runs?: number
  /** Name of the measurement in reports. @default 'toBlockEventLoop #<n>' */
  name?: string
  /** When a slice is over `maxMs`, replay once under the CPU profiler to say which function ran. @default true */
  attribute?: boolean
  /** CPU profile of a replay. @default the configured default ('on-failure') */
  profile?: ProfileMode
}

/** Options of `toHaveCallsWithin`. */
export interface CallsWithinOptions {
  /** Which statistic of this test's calls must be within the budget. @default 'max' (every call) */
  statistic?: 'max' | 'p99' | 'p95' | 'p50' | 'mean'
}

/** Options of `toAllocateAtMost`. */
export interface AllocationMatcherOptions {
  /** Measured runs; the median counts. @default 10 */
  runs?: number
  /** Calls per run. @default 1000 */
  operationsPerRun?: number
  /** Name of the measurement in reports. @default 'toAllocateAtMost #<n>' */
  name?: string
}

/** Options of `toLeak`. */
export interface LeakMatcherOptions {
  /** Calls over all rounds. @default 1000 */
  iterations?: number
  /** Rounds, each followed by a full collection and a heap reading. @default 10 */
  rounds?: number
  /** Where a failing `.not.toLeak()` writes its heap snapshot pair; `false`: never. @default 'perf-report/heap' */
  snapshotDir?: string | false
  /** Name of the measurement in reports. @default 'toLeak #<n>' */
  name?: string
}

/** Options of `toSustainLoad`: the `load()` options plus the budget. */
export interface SustainLoadOptions extends Omit<LoadOptions, 'record'> {
  /** Largest acceptable corrected p95 latency, in ms. */
  p95Ms: number
  /** Largest acceptable corrected p99 latency, in ms. */
  p99Ms?: number
  /** Largest acceptable share of operations that failed or never started, 0–1. @default 0 */
  maxErrorRate?: number
}
