/** Data shapes of memory measurements (`toAllocateAtMost`, `not.toLeak`): plain serializable data. */

/**
 * Where bytes per operation come from: V8's monotonic `total_allocated_bytes` counter (Node versions that have it),
 * or an `estimate` from heap deltas between garbage collections (Node 20 and 22).
 */
export type AllocationSource = 'total_allocated_bytes' | 'estimate'

/** Allocation per operation, over several runs. */
export interface AllocationFigures {
  source: AllocationSource
  /** Median over the runs. */
  bytesPerOp: number
  /** One value per run, in run order. */
  runsBytesPerOp: number[]
  /** Coefficient of variation of the runs, in percent. */
  cvPercent: number
  /**
   * Runs measured again because their figure stood more than 2% off the others' median while at most a fifth of the
   * runs did (V8 installing optimised code mid-window puts ~100–250 KB of compiler data on the JS heap); at most
   * `runs` of them. A function whose allocation really varies run to run keeps its spread in `cvPercent`.
   */
  remeasuredRuns?: number
  operationsPerRun: number
  /** Garbage collections during the measured runs (forced ones excluded), and their total pause time. */
  gcCount: number
  gcTimeMs: number
}

/** The outcome of a leak check: post-GC heap slope over many iterations plus finalization of returned values. */
export interface LeakFigures {
  iterations: number
  rounds: number
  /** Least-squares slope of the post-GC heap over iterations, in bytes per iteration. */
  slopeBytesPerOp: number
  /** Post-GC heap growth from the first to the last round, in bytes. */
  growthBytes: number
  /** Share of rounds whose post-GC heap was above the previous round's (a steady leak grows in nearly all). */
  growingRoundsShare: number
  /** Returned objects watched with a FinalizationRegistry, and how many were still alive after collection. */
  watchedReturnValues: number
  retainedReturnValues: number
  leaking: boolean
  /** Why it was judged leaking, in one sentence. */
  reason: string
  /** Heap snapshots written for a failing check (before, after), relative to the working directory. */
  snapshots?: [string, string]
}

/** Memory figures of a measurement, as they travel on a record to the reports (`MeasurementRecord.memory`). */
export interface MemoryFigures {
  /** A collector was available: `--expose-gc`, or exposed flag-free through `v8.setFlagsFromString`. */
  gc: 'exposed' | 'flag-free'
  allocation?: AllocationFigures
  leak?: LeakFigures
  /** A `toAllocateAtMost` budget in bytes per operation, and whether it was met (independent of `.not`). */
  budget?: { matcher: string; limitBytes: number; actualBytes: number; withinBudget: boolean; negated: boolean }
}
