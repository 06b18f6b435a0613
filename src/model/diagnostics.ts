/**
 * Data shapes of the "why is it slow" diagnostics (src/diagnostics): instrumented-function statistics, event-loop
 * blocking and CPU-profile summaries. Plain, serializable data: they travel from test workers to the reporter
 * (Vitest `task.meta`, Jest sidecar files) and into the JSON report.
 */

/** What kind of function `perfTiming` wrapped; the names of the original design's log lines. */
export type CallType = 'sync_function' | 'async_function' | 'generator' | 'async_generator'

/** When to capture a CPU profile of a measured function: never, when its assertion fails, or every time. */
export type ProfileMode = 'on-failure' | 'always' | 'off'

/**
 * Summary of a set of call durations, in ms. `count`, `totalMs`, `minMs`, `maxMs` and `meanMs` are exact; the
 * percentiles come from a log-linear histogram (64 linear buckets per power of two: ≤ 0.8% relative error).
 */
export interface CallSummary {
  count: number
  totalMs: number
  minMs: number
  maxMs: number
  meanMs: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
}

/**
 * Calls of one instrumented function during one test, as a worker hands them to the reporter. `histogram` is the
 * sparse form of the duration histogram (`[bucketIndex, count, bucketIndex, count, …]`), so that the reporter can
 * merge tests exactly.
 */
export interface TestCallStats extends CallSummary {
  name: string
  type: CallType
  /** The function's threshold, when it has one. */
  thresholdMs?: number
  /** Calls that took longer than `thresholdMs`. */
  overThreshold: number
  /** Async calls during which a synchronous slice reached the blocking threshold. */
  syncBlocking: number
  /** Calls that threw or rejected (still timed). */
  errors: number
  histogram: number[]
  /** Generators: time of each step (`next()` until the value arrives). */
  perYield?: CallSummary & { histogram: number[] }
  /** A CPU profile of one call (`perfTiming` option `profile`), when it was taken during this test. */
  profile?: ProfileSummary
}

/** One instrumented function in a report: the whole run's statistics and the tests that called it. */
export interface InstrumentedFunction {
  name: string
  type: CallType
  thresholdMs?: number
  stats: CallSummary
  overThreshold: number
  syncBlocking: number
  errors: number
  perYield?: CallSummary
  /**
   * The whole run's duration histogram in sparse form (`[bucketIndex, count, …]`), and the per-yield one: what lets
   * `perf-sentinel merge` combine shards' statistics exactly. Absent in reports of earlier versions.
   */
  histogram?: number[]
  perYieldHistogram?: number[]
  /** A CPU profile of one call, when one was taken (`perfTiming` option `profile`). */
  profile?: ProfileSummary
  tests: Array<{ file: string; testName: string; count: number; maxMs: number; overThreshold: number }>
}

/** Where a piece of code is: a profile call frame, 1-based line and column. */
export interface CodeLocation {
  functionName: string
  /** Path relative to the project root when the file is inside it, else the URL as V8 reported it. */
  file: string
  line: number
  column: number
}

/** One function of a CPU profile with the share of samples in which it was the running (leaf) frame. */
export interface ProfileHotFunction extends CodeLocation {
  /** Percent of the profile's non-idle samples. */
  selfPercent: number
  selfMs: number
}

/** A CPU profile taken of a replay of the measured function, and what it says. */
export interface ProfileSummary {
  /** The `.cpuprofile` file, relative to the project root; absent when it could not be written. */
  path?: string
  /** Why there is no file, or anything else the reader should know (interval off target, size cap…). */
  notes: string[]
  /** Operations replayed under the profiler. */
  operations: number
  durationMs: number
  samples: number
  /** Sampling interval asked for and the one observed (median of the profile's time deltas), in µs. */
  requestedIntervalUs: number
  effectiveIntervalUs: number
  /** Percent of non-idle samples whose stack contains the measured function, when it could be identified. */
  subjectSharePercent?: number
  /** Top functions by self time, highest first (at most 10). */
  top: ProfileHotFunction[]
}

/** Synchronous slices observed while an (async) function ran: the event loop did not reach its timers meanwhile. */
export interface BlockingSummary {
  /** The threshold a slice is judged against, in ms. */
  thresholdMs: number
  /** Longest synchronous slice over all runs, in ms. */
  longestMs: number
  /** Sum of the slices of at least `floorMs`, in ms. */
  totalBlockedMs: number
  /** Slices shorter than this are not counted as blocking (the detector's floor), in ms. */
  floorMs: number
  /** Slices longer than `thresholdMs`. */
  overThreshold: number
  /** How many times the function ran under the detector. */
  runs: number
  /** Where the longest slice was spent, from a profiled replay, when it could be found. */
  where?: CodeLocation
  /** True when `longestMs` ≤ `thresholdMs` (independent of `.not`). */
  withinThreshold: boolean
  negated: boolean
}
