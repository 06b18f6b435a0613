import type { TrendPoint } from '../model/report.js'
import type { MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'
import { detectChangePoints } from '../stats/changePoints.js'
import type { HistoryRun } from '../stores/history/index.js'
import { sortRuns, trendFor } from '../stores/history/index.js'
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
 * The stored runs a test duration's trend is drawn from, oldest first: the newest `TEST_DURATION_TREND_RUNS`, and
 * `extra` more (`perf-sentinel report`, when the history already holds the run being reported).
 */
export function testDurationRuns(runs: readonly HistoryRun[], extra = 0): HistoryRun[] {
  return sortRuns(runs).slice(-(TEST_DURATION_TREND_RUNS + extra))
}

/** The point of a run not in the store (yet) that ends a trend, named as stored runs' points are (trendFor). */
export function runPoint(
  git: { commit?: string | undefined; branch?: string | undefined },
  time: string,
  medianMs: number,
  p95Ms: number,
): TrendPoint {
  return { commit: git.commit ?? 'working tree', ...(git.branch === undefined ? {} : { branch: git.branch }), time, medianMs, p95Ms }
}

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
  const recent = testDurationRuns(compared.history)
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
    points.push(runPoint(git, now, record.result.medianMs, record.result.p95Ms))
    for (const index of detectChangePoints(points.map((p) => p.medianMs))) (points[index] as TrendPoint).isChangePoint = true
    trends.set(id, points)
  }
  return trends
}
