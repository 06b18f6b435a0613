import type { LatencySummary, LoadResult } from '../../../../src/diagnostics/load/loadTypes.js'

/** A latency summary whose percentiles are all `ms` unless overridden. */
export function latency(ms: number, overrides: Partial<LatencySummary> = {}): LatencySummary {
  return {
    count: 1000,
    minMs: ms,
    meanMs: ms,
    sdMs: 0,
    p50Ms: ms,
    p75Ms: ms,
    p90Ms: ms,
    p95Ms: ms,
    p99Ms: ms,
    p999Ms: ms,
    maxMs: ms,
    ...overrides,
  }
}

/** A healthy open-model result at 100/s for 10 s with 2 ms latencies; override what a test is about. */
export function loadResult(overrides: Partial<LoadResult> = {}): LoadResult {
  return {
    name: 'load',
    model: 'open',
    target: 'http',
    rate: 100,
    connections: 10,
    rampUpMs: 0,
    elapsedMs: 10_000,
    scheduled: 1000,
    succeeded: 1000,
    errors: 0,
    errorsByClass: { thrown: 0, rejected: 0, 'non-2xx': 0, timeout: 0, network: 0 },
    errorRate: 0,
    lateStarts: 0,
    droppedStarts: 0,
    throughputPerSecond: 100,
    latency: latency(2),
    uncorrectedLatency: latency(2),
    generator: { lagP50Ms: 0.5, lagP99Ms: 1, lagMaxMs: 1.5, eventLoopUtilization: 0.1, cpuPercent: 10, saturated: false, reasons: [] },
    timeline: [],
    samplesMs: [2, 2, 2],
    ...overrides,
  }
}

/** The generator part of a saturated run with the given lag p99, worst and median lag. */
export function saturated(lagP99Ms: number, lagMaxMs = lagP99Ms, lagP50Ms = 1): LoadResult['generator'] {
  return {
    lagP50Ms,
    lagP99Ms,
    lagMaxMs,
    eventLoopUtilization: 0.2,
    cpuPercent: 20,
    saturated: true,
    reasons: [`scheduler lag p99 ${lagP99Ms} ms > 2.00 ms`],
  }
}
