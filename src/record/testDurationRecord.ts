import type { MeasurementRecord } from '../model/types.js'

/** Name of the automatic measurement of a test's own duration (trend data, never gated). */
export const TEST_DURATION_NAME = '(test duration)'

/**
 * A test's own duration, as reported by the runner, as a one-sample measurement. Every executed test gets one, so it
 * is built in O(1) with the statistics of a single sample written out (what `summarize([d])` returns: every
 * quantile is the sample, no spread, no outlier) instead of sorting and interpolating a one-element array.
 */
export function testDurationRecord(file: string, testName: string, durationMs: number): MeasurementRecord {
  return {
    file,
    testName,
    name: TEST_DURATION_NAME,
    kind: 'test-duration',
    concurrent: false,
    result: {
      name: TEST_DURATION_NAME,
      subject: 'async',
      n: 1,
      minMs: durationMs,
      maxMs: durationMs,
      meanMs: durationMs,
      medianMs: durationMs,
      p75Ms: durationMs,
      p90Ms: durationMs,
      p95Ms: durationMs,
      p99Ms: durationMs,
      sdMs: 0,
      madMs: 0,
      rmePercent: 0,
      opsPerSecond: durationMs > 0 ? 1000 / durationMs : Number.POSITIVE_INFINITY,
      outliers: 0,
      samplesMs: [durationMs],
      batchSize: 1,
      operations: 1,
      warmupOperations: 0,
      sampledForMs: durationMs,
    },
  }
}
