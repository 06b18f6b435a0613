/**
 * `trend` and `audit` over the project's history (pure once the runs are read): per-commit series of each
 * measurement the configuration covers, analysed, and the regressions above each measurement's threshold.
 */
import type { ResolvedConfig } from '../../config/configSchema.js'
import { compileGlob, createMeasurementFilter, thresholdFor } from '../../config/measurementFilter.js'
import { formatMs, formatPercent } from '../../format.js'
import { TEST_DURATION_NAME } from '../../record/testDurationRecord.js'
import type { HistoryRun } from '../../stores/history/index.js'
import type { Regression, SeriesAnalysis } from './analyzeSeries.js'
import { analyzeSeries, findRegression } from './analyzeSeries.js'
import type { CommitSeries } from './commitSeries.js'
import { commitSeries } from './commitSeries.js'

/** One measurement's trend. */
export interface MeasurementTrend {
  id: string
  file: string
  name: string
  commits: string[]
  mediansMs: number[]
  analysis: SeriesAnalysis
}

/** One audit finding. */
export interface AuditFinding extends Regression {
  id: string
  file: string
  name: string
  thresholdPercent: number
  currentMs: number
  /** `parser > parse 1 KB: 15.3% slower since abc1234`. */
  message: string
}

/** The series of `runs` that the config's include/exclude and the `--name` glob keep. */
export function selectSeries(
  runs: readonly HistoryRun[],
  config: Pick<ResolvedConfig, 'include' | 'exclude'>,
  nameGlob?: string,
): CommitSeries[] {
  const covered = createMeasurementFilter(config)
  const named = nameGlob === undefined ? () => true : compileGlob(nameGlob)
  return commitSeries(runs, (key) => covered(key) && named(key))
}

/**
 * How a row names its measurement: its test and name (`parser > parse`), since matchers' default names repeat across
 * tests (`toCompleteWithin #1`); for a test's duration the test it times (`parser > parses (test duration)`). The
 * file has a column of its own.
 */
export function trendLabel(t: Pick<MeasurementTrend, 'id' | 'name' | 'file'>): string {
  const at = t.id.indexOf(`${t.file} > `)
  const inFile = at < 0 ? undefined : t.id.slice(at + t.file.length + 3)
  if (inFile === undefined) return t.name
  const duration = ` > ${TEST_DURATION_NAME}`
  return t.name === TEST_DURATION_NAME && inFile.endsWith(duration)
    ? `${inFile.slice(0, inFile.length - duration.length)} ${TEST_DURATION_NAME}`
    : inFile
}

/** Analyses every series. */
export function trendsOf(series: readonly CommitSeries[]): MeasurementTrend[] {
  return series.map((s) => {
    const commits = s.points.map((p) => p.commit)
    const mediansMs = s.points.map((p) => p.medianMs)
    return { id: s.id, file: s.file, name: s.name, commits, mediansMs, analysis: analyzeSeries(mediansMs, commits) }
  })
}

/**
 * Regressions across history: each measurement against `thresholdPercent`, or, when none is given, its
 * `thresholds` glob override or else the configured `failThresholdPercent`.
 */
export function auditTrends(
  trends: readonly MeasurementTrend[],
  config: Pick<ResolvedConfig, 'thresholds'> & { failThresholdPercent: number },
  thresholdPercent?: number,
): AuditFinding[] {
  const findings: AuditFinding[] = []
  for (const t of trends) {
    const threshold = thresholdPercent ?? thresholdFor(config.thresholds, t)?.failThresholdPercent ?? config.failThresholdPercent
    const regression = findRegression(t.analysis, t.mediansMs, t.commits, threshold)
    if (regression === undefined) continue
    const message = `${trendLabel(t)}: ${regression.changePercent.toFixed(1)}% slower since ${regression.sinceCommit.slice(0, 7)}${regression.kind === 'drift' ? ' (gradual drift)' : ''}`
    findings.push({
      ...regression,
      id: t.id,
      file: t.file,
      name: t.name,
      thresholdPercent: threshold,
      currentMs: t.analysis.currentLevelMs,
      message,
    })
  }
  return findings.sort((a, b) => b.changePercent - a.changePercent)
}

/** The `trend` table rows: name, file, points, latest, baseline, slope, change points. */
export function trendRows(trends: readonly MeasurementTrend[]): string[][] {
  return trends.map((t) => [
    trendLabel(t),
    t.file,
    String(t.analysis.points),
    formatMs(t.analysis.latestMs),
    formatMs(t.analysis.baselineMs),
    `${formatPercent(t.analysis.slopePercentPerCommit)}/commit`,
    t.analysis.changePoints.map((c) => `${c.commit.slice(0, 7)} ${formatPercent(c.changePercent)}`).join(', ') || '—',
  ])
}

export const TREND_HEADER: readonly string[] = ['measurement', 'file', 'commits', 'latest', 'baseline', 'slope', 'change points']

/** A Markdown table (cells escaped for pipes). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const cell = (text: string): string => text.replace(/\|/g, '\\|')
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ]
}

/** Trends as JSON-ready data. */
export function trendsAsJson(trends: readonly MeasurementTrend[]): object[] {
  return trends.map((t) => ({
    id: t.id,
    file: t.file,
    name: t.name,
    points: t.commits.map((commit, i) => ({ commit, medianMs: t.mediansMs[i], rollingMedianMs: t.analysis.rollingMedianMs[i] })),
    latestMs: t.analysis.latestMs,
    baselineMs: t.analysis.baselineMs,
    slopePercentPerCommit: t.analysis.slopePercentPerCommit,
    changePoints: t.analysis.changePoints,
  }))
}
