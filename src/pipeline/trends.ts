import type { TrendPoint } from '../model/report.js'
import type { MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'
import { detectChangePoints } from '../stats/changePoints.js'
import { trendFor } from '../stores/history/index.js'
import type { BaselineComparison } from './compareWithBaseline.js'

/**
 * Stored runs a test duration's trend is drawn from: the newest ten (this run makes one more point); a test absent
 * from some of them (a filtered run) has fewer points. Every executed test has a trend, so with a long history they
 * would outweigh everything else in the report (2,000 tests × 200 runs made a 94 MB report.json); a sparkline and
 * its change points (≥ 3 runs each side) need far fewer, and a run without gated measurements then reads only
 * these runs (prefetch.ts). Measurements keep every run read.
 */
export const TEST_DURATION_TREND_RUNS = 10

/**
 * Each measurement's trend: its stored runs, oldest first, with this run (its commit and branch) at the end, its
 * baseline commit marked and change points detected on the medians.
 */
export function buildTrends(
  records: readonly MeasurementRecord[],
  compared: BaselineComparison,
  git: { commit?: string | undefined; branch?: string | undefined },
  time: Date,
): Map<string, TrendPoint[]> {
  const trends = new Map<string, TrendPoint[]>()
  const now = time.toISOString()
  // The history is oldest first (readRuns): its newest runs, for test durations.
  const recent = compared.history.slice(-TEST_DURATION_TREND_RUNS)
  for (const record of records) {
    const id = measurementId(record)
    const points = trendFor(record.kind === 'test-duration' ? recent : compared.history, id)
    // The measurement's own baseline commit (entries of one baseline file can come from different commits); test
    // durations have none. Marked on the latest earlier run at that commit.
    const baselineCommit = compared.comparison.comparisons.get(id)?.baselineCommit
    if (baselineCommit !== undefined) {
      const at = points.findLastIndex((p) => p.commit === baselineCommit)
      if (at >= 0) (points[at] as TrendPoint).isBaseline = true
    }
    // This run is not in the store yet: it ends the trend.
    points.push({
      commit: git.commit ?? 'working tree',
      // As the stored runs' points carry it (trendFor), so this run's point names its branch too.
      ...(git.branch === undefined ? {} : { branch: git.branch }),
      time: now,
      medianMs: record.result.medianMs,
      p95Ms: record.result.p95Ms,
    })
    for (const index of detectChangePoints(points.map((p) => p.medianMs))) (points[index] as TrendPoint).isChangePoint = true
    trends.set(id, points)
  }
  return trends
}
