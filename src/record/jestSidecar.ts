import { createHash } from 'node:crypto'
import type { MeasurementRecord } from '../model/types.js'
import type { TestCallStats } from '../model/diagnostics.js'

/** Environment variable through which the Jest reporter tells workers where to leave their sidecar files. */
export const JEST_DIR_ENV = 'PERF_SENTINEL_JEST_DIR'

/** What a Jest worker leaves for the reporter: the measurements of one test file. */
export interface JestSidecar {
  testPath: string
  /** `testName` is Jest's space-joined full name; the reporter maps it to the suite path. */
  records: Array<Omit<MeasurementRecord, 'file'>>
  /** Calls of `perfTiming` functions, per test (same `testName` form as `records`). */
  calls?: Array<{ testName: string; calls: TestCallStats[] }>
}

/** One file per test file: a run executes each test file once, so the name never collides. */
export function sidecarFileName(testPath: string): string {
  return `${createHash('sha1').update(testPath).digest('hex')}.json`
}
