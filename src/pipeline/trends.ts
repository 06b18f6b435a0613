import type { Trend, TrendRun } from '../model/report.js'
import type { ReportTrends } from '../model/trend.js'
import { TrendRunTable } from '../model/trend.js'
import type { MeasurementKind, MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'
import { detectChangePoints } from '../stats/changePoints.js'
import type { HistoryRun } from '../stores/history/index.js'
import { sortRuns, trendSeries } from '../stores/history/index.js'
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

/** The run not in the store (yet) that ends trends: its commit ("working tree" outside git), branch and start time. */
export function thisTrendRun(git: { commit?: string | undefined; branch?: string | undefined }, time: string): TrendRun {
  return { commit: git.commit ?? 'working tree', ...(git.branch === undefined ? {} : { branch: git.branch }), time }
}

/** What a trend needs of a measurement: its id and kind, this run's figures, the commit its comparison used. */
export interface TrendSubject {
  id: string
  kind: MeasurementKind
  medianMs: number
  p95Ms: number
  baselineCommit?: string | undefined
}

/**
 * Each measurement's trend from stored runs, oldest first — test durations from the newest of them
 * (`testDurationRuns(history, extraRecent)`) — with `thisRun` at the end when given (a run not in the store yet),
 * its baseline commit marked on the latest stored run at that commit (never on `thisRun`: the comparison's
 * baseline is an earlier run) and change points detected on the medians. The run table
 * names each run once, in the order trends first refer to it.
 */
export function trendsFor(
  subjects: Iterable<TrendSubject>,
  history: readonly HistoryRun[],
  thisRun: TrendRun | undefined,
  extraRecent = 0,
): ReportTrends {
  const table = new TrendRunTable()
  const indexOfRun = new Map<HistoryRun, number>()
  const runIndex = (run: HistoryRun): number => {
    let index = indexOfRun.get(run)
    if (index === undefined) {
      const { commit, branch } = run.git
      index = table.indexOf({ commit: commit ?? 'unknown', ...(branch === undefined ? {} : { branch }), time: run.time })
      indexOfRun.set(run, index)
    }
    return index
  }
  let thisIndex: number | undefined
  const recent = testDurationRuns(history, extraRecent)
  const byId = new Map<string, Trend>()
  for (const subject of subjects) {
    const series = trendSeries(subject.kind === 'test-duration' ? recent : history, subject.id)
    const runs = series.runs.map(runIndex)
    const stored = runs.length
    if (thisRun !== undefined) {
      thisIndex ??= table.indexOf(thisRun)
      runs.push(thisIndex)
      series.medianMs.push(subject.medianMs)
      series.p95Ms.push(subject.p95Ms)
    }
    const trend: Trend = { runs, medianMs: series.medianMs, p95Ms: series.p95Ms }
    // Entries of one baseline file can come from different commits; test durations have none. Marked on the latest
    // stored run at that commit.
    if (subject.baselineCommit !== undefined) {
      for (let i = stored - 1; i >= 0; i--) {
        if (table.runs[runs[i] as number]?.commit === subject.baselineCommit) {
          trend.baseline = i
          break
        }
      }
    }
    const changePoints = detectChangePoints(series.medianMs)
    if (changePoints.length > 0) trend.changePoints = changePoints
    byId.set(subject.id, trend)
  }
  return { runs: table.runs, byId }
}

/** The run end's trends: every record's, from the history the comparison read, this run (not stored yet) at the end. */
export function buildTrends(
  records: readonly MeasurementRecord[],
  compared: BaselineComparison,
  git: { commit?: string | undefined; branch?: string | undefined },
  time: Date,
): ReportTrends {
  const comparisons = compared.comparison.comparisons
  const subjects = records.map((record): TrendSubject => {
    const id = measurementId(record)
    return {
      id,
      kind: record.kind,
      medianMs: record.result.medianMs,
      p95Ms: record.result.p95Ms,
      baselineCommit: comparisons.get(id)?.baselineCommit,
    }
  })
  return trendsFor(subjects, compared.history, thisTrendRun(git, time.toISOString()))
}
