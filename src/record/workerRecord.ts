import type { MeasurementRecord } from '../model/types.js'

/** A measurement as the worker stores it: the reporter adds the file and the full test name it already knows. */
export type WorkerRecord = Omit<MeasurementRecord, 'file' | 'testName'>
