/** Data shapes of the process-resource timeline (`startResourceSampler`): plain serializable data. */

/** One reading of a worker process's resources. */
export interface ResourceSample {
  /** Wall-clock time of the reading, epoch ms (aligns workers and test files on one timeline). */
  atMs: number
  /**
   * CPU time (user + system) over wall time since the previous reading, % of one core: of the whole process (all
   * threads), or of the worker's JS thread when its timeline says `cpuScope: 'thread'`. The first reading of a
   * sampler covers the time since the process started (likewise the event-loop utilisation).
   */
  cpuPercent: number
  rssBytes: number
  heapUsedBytes: number
  /** Share of the interval the worker's event loop was busy, 0–1. */
  eventLoopUtilization: number
  /** Worst event-loop delay during the interval, beyond the delay monitor's own resolution, ms. */
  eventLoopDelayMaxMs: number
}

/** A label on the timeline: the test file a worker started at that moment. */
export interface ResourceMark {
  atMs: number
  label: string
  /** When that file finished (its last reading), epoch ms, when known. */
  endAtMs?: number
}

/** The readings of one worker (process or thread) over the run. */
export interface ResourceTimeline {
  /**
   * The runner's worker slot, `worker 1` (`VITEST_POOL_ID`, `JEST_WORKER_ID`), which successive worker processes
   * share when the runner starts one per test file; outside a runner the process (and thread) id.
   */
  worker: string
  /** Interval between readings, ms (doubled each time the readings were thinned to stay under the cap). */
  intervalMs: number
  samples: ResourceSample[]
  marks: ResourceMark[]
  /**
   * `thread`: the CPU % is the JS thread's (Jest's workers on Linux, where asking for the whole process's CPU time
   * stalls while other workers run); absent: the whole process's.
   */
  cpuScope?: 'thread'
  /** Time spent taking readings, ms: the sampler's own cost. */
  samplingMs: number
  /** Wall time the sampler ran, ms. */
  elapsedMs: number
}
