/** Data shapes of load runs (`load()`, `toSustainLoad`): plain serializable data. */

/** Why an operation did not succeed. */
export type LoadErrorClass = 'thrown' | 'rejected' | 'non-2xx' | 'timeout' | 'network'

/** Latency percentiles from a 3-significant-digit HDR histogram, in ms. */
export interface LatencySummary {
  count: number
  minMs: number
  meanMs: number
  sdMs: number
  p50Ms: number
  p75Ms: number
  p90Ms: number
  p95Ms: number
  p99Ms: number
  p999Ms: number
  maxMs: number
}

/** The generator's own health: if it could not start operations on time, the latencies describe it, not the target. */
export interface GeneratorCheck {
  /** How late the scheduler noticed each start after its intended time, in ms (open model; connection waits excluded). */
  lagP50Ms: number
  lagP99Ms: number
  lagMaxMs: number
  /** Share of the run the generator's event loop was busy (0–1): it shares the thread with in-process targets. */
  eventLoopUtilization: number
  /** Process CPU time over wall time, in percent of one core (all threads of the process). */
  cpuPercent: number
  saturated: boolean
  /** One sentence per tripped limit. */
  reasons: string[]
}

/** One second of the run, by completion time. */
export interface LoadTimelineBucket {
  /** Start of the second, in ms since the run started. */
  atMs: number
  completed: number
  errors: number
  meanMs: number
  maxMs: number
}

/**
 * The figures of one load run, as they travel on a measurement record to the reports (`MeasurementRecord.load`).
 * The latency samples themselves travel in the record's `result.samplesMs`, like any other measurement's.
 */
export interface LoadFigures {
  model: 'open' | 'closed'
  target: 'function' | 'http'
  /** Open model: the requested arrival rate per second. */
  rate?: number
  /** Closed model: the number of callers. */
  concurrency?: number
  connections?: number
  rampUpMs: number
  /** Wall time from the first start to the last settled operation, in ms. */
  elapsedMs: number
  /** Operations the schedule asked for (open) or that were started (closed). */
  scheduled: number
  succeeded: number
  errors: number
  errorsByClass: Record<LoadErrorClass, number>
  /** (errors + dropped starts) / scheduled. */
  errorRate: number
  /** Open model: starts issued after their intended time because every connection was busy. */
  lateStarts: number
  /** Open model: starts never issued (still waiting for a connection when the run's deadline passed). */
  droppedStarts: number
  /** Successful operations per second of elapsed time. */
  throughputPerSecond: number
  /**
   * Latency of successful operations. Open model: from the INTENDED start time (corrected for coordinated
   * omission). Closed model: from the actual start (a closed loop has no intended times to correct from).
   */
  latency: LatencySummary
  /** Latency from the actual start: what a tool without the correction reports. */
  uncorrectedLatency: LatencySummary
  generator: GeneratorCheck
  /** Set when the result cannot support a verdict: `load generator saturated: …`. */
  inconclusive?: string
  timeline: LoadTimelineBucket[]
}
