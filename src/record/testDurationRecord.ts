import { summarize } from '../stats/summarize.js'
import type { MeasurementRecord } from '../model/types.js'

/** Name of the automatic measurement of a test's own duration (trend data, never gated). */
export const TEST_DURATION_NAME = '(test duration)'

/** A test's own duration, as reported by the runner, as a one-sample measurement. */
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
      ...summarize([durationMs]),
      samplesMs: [durationMs],
      batchSize: 1,
      operations: 1,
      warmupOperations: 0,
      sampledForMs: durationMs,
    },
  }
}
