import type { Trend, TrendPoint, TrendRun } from './report.js'

/** A report's trends: the run table and each measurement's trend (by id), indexing it. */
export interface ReportTrends {
  runs: TrendRun[]
  byId: Map<string, Trend>
}

/** A measurement's trend as points, oldest first, each naming its run (its commit, branch and time). */
export function trendPoints(runs: readonly TrendRun[], trend: Trend): TrendPoint[] {
  const changePoints = new Set(trend.changePoints ?? [])
  return trend.runs.map((runIndex, i): TrendPoint => {
    const run = runs[runIndex]
    const point: TrendPoint = {
      commit: run?.commit ?? 'unknown',
      time: run?.time ?? '',
      medianMs: trend.medianMs[i] ?? Number.NaN,
      p95Ms: trend.p95Ms[i] ?? Number.NaN,
    }
    if (run?.branch !== undefined) point.branch = run.branch
    if (trend.baseline === i) point.isBaseline = true
    if (changePoints.has(i)) point.isChangePoint = true
    return point
  })
}

/** A run table built as trends name their runs: each distinct run (commit and time) once, in the order first named. */
export class TrendRunTable {
  readonly runs: TrendRun[] = []
  private readonly index = new Map<string, number>()

  /** A table that starts with `runs` (a report's `trendRuns`), in their order. */
  constructor(runs: readonly TrendRun[] = []) {
    for (const run of runs) this.indexOf(run)
  }

  /** The run's index, added to the table when new. Two runs at one commit are two runs (their times differ). */
  indexOf(run: TrendRun): number {
    const key = `${run.commit}\u0000${run.time}`
    let index = this.index.get(key)
    if (index === undefined) {
      // Only the run's own fields: a point (a schema-1 trend's) or a stored table's entry may carry more.
      const { commit, branch, time } = run
      index = this.runs.push(branch === undefined ? { commit, time } : { commit, branch, time }) - 1
      this.index.set(key, index)
    }
    return index
  }
}

/** Trends given as points (a version-1 report, or points read anew from the history) in the compact form. */
export function compactTrends(
  points: ReadonlyMap<string, readonly TrendPoint[]>,
  table: TrendRunTable = new TrendRunTable(),
): ReportTrends {
  const byId = new Map<string, Trend>()
  for (const [id, trendPoints] of points) {
    const trend: Trend = { runs: [], medianMs: [], p95Ms: [] }
    const changePoints: number[] = []
    trendPoints.forEach((point, i) => {
      trend.runs.push(table.indexOf(point))
      trend.medianMs.push(point.medianMs)
      trend.p95Ms.push(point.p95Ms)
      if (point.isBaseline === true) trend.baseline = i
      if (point.isChangePoint === true) changePoints.push(i)
    })
    if (changePoints.length > 0) trend.changePoints = changePoints
    byId.set(id, trend)
  }
  return { runs: table.runs, byId }
}
