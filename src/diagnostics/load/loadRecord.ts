import type { LoadFigures } from '../../model/loadFigures.js'
import type { MeasureResult } from '../../model/types.js'
import { median, outlierIndices } from '../../stats/summarize.js'
import type { LoadResult } from './loadTypes.js'

/**
 * A load result as a measurement like any other (pure): its statistics are the corrected latency percentiles
 * (from the HDR histogram, over every successful operation), its samples the retained corrected latencies, so the
 * baseline and the regression verdict work on it unchanged. `opsPerSecond` is the measured throughput.
 */
export function loadRecord(result: LoadResult): { result: MeasureResult; load: LoadFigures } {
  const { name, samplesMs, ...figures } = result
  const l = result.latency
  const medianOfSamples = samplesMs.length > 0 ? median(samplesMs) : l.p50Ms
  const madMs = samplesMs.length > 0 ? median(samplesMs.map((x) => Math.abs(x - medianOfSamples))) : 0
  const n = l.count
  const measure: MeasureResult = {
    name,
    subject: 'async',
    n,
    minMs: l.minMs,
    maxMs: l.maxMs,
    meanMs: l.meanMs,
    medianMs: l.p50Ms,
    p75Ms: l.p75Ms,
    p90Ms: l.p90Ms,
    p95Ms: l.p95Ms,
    p99Ms: l.p99Ms,
    sdMs: l.sdMs,
    madMs,
    // 95% margin of the mean with the normal quantile: load runs have hundreds of operations or more.
    rmePercent: n > 1 && l.meanMs > 0 ? (1.96 * l.sdMs * 100) / Math.sqrt(n) / l.meanMs : 0,
    opsPerSecond: result.throughputPerSecond,
    outliers: outlierIndices(samplesMs, medianOfSamples, madMs).length,
    samplesMs,
    batchSize: 1,
    operations: result.scheduled,
    warmupOperations: 0,
    sampledForMs: result.elapsedMs,
  }
  return { result: measure, load: figures }
}
