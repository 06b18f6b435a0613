import type { MeasureResult, SubjectKind } from '../../model/types.js'
import { summarize } from '../../stats/summarize.js'

/**
 * The timing side of a memory measurement (pure): each run's time per operation is one sample, so the record has
 * statistics, a baseline and a verdict like any other measurement. Runs interleave forced collections, so these
 * times describe the function under the memory check, not a clean timing run.
 */
export function memoryTiming(name: string, subject: SubjectKind, runsMsPerOp: readonly number[], operationsPerRun: number): MeasureResult {
  const stats = summarize(runsMsPerOp.length > 0 ? runsMsPerOp : [0])
  return {
    name,
    subject,
    ...stats,
    samplesMs: runsMsPerOp.slice(),
    batchSize: operationsPerRun,
    operations: runsMsPerOp.length * operationsPerRun,
    warmupOperations: operationsPerRun,
    sampledForMs: runsMsPerOp.reduce((sum, ms) => sum + ms * operationsPerRun, 0),
  }
}
