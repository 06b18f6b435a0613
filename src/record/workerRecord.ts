import type { MeasurementRecord } from '../model/types.js'
import type { PendingRecord } from './recorder.js'
import { uniqueName } from './recorder.js'

/** A measurement as the worker stores it: the reporter adds the file and the full test name it already knows. */
export type WorkerRecord = Omit<MeasurementRecord, 'file' | 'testName'>

/**
 * A pending measurement as the worker stores it: named uniquely among `takenNames` (the test's earlier ones) and
 * marked concurrent or not. Every other field (budget, load, memory, blocking, profile…) travels as it is.
 */
export function toWorkerRecord(record: PendingRecord, takenNames: readonly string[], concurrent: boolean): WorkerRecord {
  const { autoName: _autoName, name: _name, ...rest } = record
  return { ...rest, name: uniqueName(takenNames, record), concurrent }
}
