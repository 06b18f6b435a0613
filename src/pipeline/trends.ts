import type { PreparedLookup, TrendPoint } from '../model/report.js'
import type { MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'
import { detectChangePoints } from '../stats/changePoints.js'
import type { HistoryRun } from '../stores/history/index.js'
import { trendFor } from '../stores/history/index.js'
import type { BaselineComparison } from './compareWithBaseline.js'

/**
 * Stored runs in a test duration's trend (this run makes one more). Every executed test has one, so with a long
 * history they would outweigh everything else in the report (2,000 tests × 200 runs made a 94 MB report.json);
 * a sparkline and its change points (≥ 3 runs each side) need far fewer. Measurements keep every run read.
 */
export const TEST_DURATION_TREND_RUNS = 10

/**
 * Each measurement's trend: its stored runs, oldest first, with this run at the end (at the time it started, the
 * time its history entry gets), its baseline commit marked and change points detected on the medians. Test
 * durations `prepared` while the tests ran keep the trend made then.
 */
export function buildTrends(
  records: readonly MeasurementRecord[],
  compared: BaselineComparison,
  commit: string | undefined,
  time: Date,
  prepared?: PreparedLookup,
): Map<string, TrendPoint[]> {
  const trends = new Map<string, TrendPoint[]>()
  const now = time.toISOString()
  for (const record of records) {
    const id = measurementId(record)
    const ready = prepared?.lookup(record)
    // The measurement's own baseline commit (entries of one baseline file can come from different commits); test
    // durations have none.
    const baselineCommit = compared.comparison.comparisons.get(id)?.baselineCommit
    trends.set(id, ready && baselineCommit === undefined ? ready.trend : trendOf(record, compared.history, commit, now, baselineCommit))
  }
  return trends
}

/** One measurement's trend (see `buildTrends`); `baselineCommit` is marked on the latest earlier run at that commit. */
export function trendOf(
  record: MeasurementRecord,
  history: readonly HistoryRun[],
  commit: string | undefined,
  time: string,
  baselineCommit?: string,
): TrendPoint[] {
  const points = trendFor(history, measurementId(record), record.kind === 'test-duration' ? TEST_DURATION_TREND_RUNS : undefined)
  if (baselineCommit !== undefined) {
    const at = points.findLastIndex((p) => p.commit === baselineCommit)
    if (at >= 0) (points[at] as TrendPoint).isBaseline = true
  }
  // This run is not in the store yet: it ends the trend.
  points.push({ commit: commit ?? 'working tree', time, medianMs: record.result.medianMs, p95Ms: record.result.p95Ms })
  for (const index of detectChangePoints(points.map((p) => p.medianMs))) (points[index] as TrendPoint).isChangePoint = true
  return points
}
