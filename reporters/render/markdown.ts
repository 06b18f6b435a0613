import { formatConfidenceLevel, formatMs, formatPercent } from '../../src/format.js'
import type { PerfReport, ReportMeasurement } from '../../src/model/report.js'
import type { Verdict } from '../../src/model/types.js'
import { groupByVerdict, VERDICT_TITLES } from './verdicts.js'
import { isGated, VERDICT_ORDER } from '../../src/model/comparison.js'

export interface MarkdownOptions {
  /** Where the HTML report was written, relative to the Markdown file's reader (shown as a pointer). */
  htmlReportPath?: string
}

const VERDICT_ICONS: Record<Verdict, string> = {
  regressed: '🔴',
  inconclusive: '🟡',
  improved: '🟢',
  unchanged: '⚪',
  new: '🆕',
  removed: '➖',
}

/** Escapes text for a Markdown table cell: GitHub renders inline HTML and Markdown, so both are neutralised. */
export function escapeCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    // Emphasis, strike-through and link syntax: a test named `**x** [y](z)` shows as written, not as a live link.
    .replace(/[*_~[\]]/g, '\\$&')
    .replace(/\r?\n/g, ' ')
}

function changeCell(m: ReportMeasurement): string {
  const c = m.comparison
  if (c?.changePercent === undefined) return '—'
  const interval = c.intervalPercent ? ` (${formatPercent(c.intervalPercent[0])} … ${formatPercent(c.intervalPercent[1])})` : ''
  return `${formatPercent(c.changePercent)}${interval}${c.warning ? ' ⚠️' : ''}`
}

function budgetCell(m: ReportMeasurement): string {
  const b = m.budget
  if (!b) return ''
  const met = b.withinBudget !== b.negated
  return met ? '✅ budget met' : '❌ budget missed'
}

/** The run's interval level: the highest any comparison reports (a row with too few samples reports less). */
function runLevel(measurements: readonly ReportMeasurement[]): number | undefined {
  const levels = measurements.flatMap((m) => (m.comparison?.confidenceLevel === undefined ? [] : [m.comparison.confidenceLevel]))
  return levels.length > 0 ? Math.max(...levels) : undefined
}

function table(rows: readonly ReportMeasurement[], level: number | undefined): string[] {
  const lines = [
    `| Measurement | Test | Median | p95 | n | ${level === undefined ? 'Change' : `Change (${formatConfidenceLevel(level)} interval)`} | Notes |`,
    '|---|---|--:|--:|--:|---|---|',
  ]
  for (const m of rows) {
    const notes = [m.comparison?.verdict === 'inconclusive' || m.comparison?.verdict === 'regressed' ? m.comparison.reason : '', budgetCell(m), m.concurrent ? 'concurrent (less reliable)' : '']
      .filter(Boolean)
      .join('; ')
    const rowLevel = m.comparison?.intervalPercent ? m.comparison.confidenceLevel : undefined
    const levelNote = rowLevel !== undefined && level !== undefined && rowLevel < level ? ` at ${formatConfidenceLevel(rowLevel)}` : ''
    lines.push(
      `| ${escapeCell(m.name)} | ${escapeCell(`${m.file} > ${m.testName}`)} | ${formatMs(m.stats.medianMs)} | ${formatMs(m.stats.p95Ms)} | ${m.stats.n} | ${changeCell(m)}${levelNote} | ${escapeCell(notes)} |`,
    )
  }
  return lines
}

/** A Markdown summary fit for a PR comment or a CI step summary: regressions first, unchanged collapsed. */
export function renderMarkdown(report: PerfReport, options: MarkdownOptions = {}): string {
  const { run, summary } = report
  const counts = VERDICT_ORDER.filter((v) => summary.byVerdict[v] > 0)
    .map((v) => `${VERDICT_ICONS[v]} ${summary.byVerdict[v]} ${v}`)
    .join(' · ')
  const lines: string[] = [`## ⏱️ perf-sentinel: ${summary.failed ? 'performance regression' : 'no regression'}`, '']
  lines.push(`**${summary.total} measurement${summary.total === 1 ? '' : 's'}** · ${counts || 'nothing measured'}${summary.budgetsFailed ? ` · ❌ ${summary.budgetsFailed} budget(s) missed` : ''}`)
  lines.push('')
  const where = [
    run.git.commit ? `commit \`${run.git.shortCommit ?? run.git.commit.slice(0, 7)}\`` : 'no git commit',
    // Inside a code span nothing is unescaped, so only backticks (which would end it) are replaced.
    run.git.branch ? `on \`${run.git.branch.replace(/`/g, "'")}\`` : '',
    `${run.runner.name} ${run.runner.version}`,
    `Node ${run.environment.hard.node}`,
    `${run.environment.hard.os} ${run.environment.hard.arch}`,
    baselineText(run.baseline),
  ].filter(Boolean)
  lines.push(`> ${where.join(' · ')}`, '')
  const level = runLevel(report.measurements)
  for (const [verdict, rows] of groupByVerdict(report.measurements)) {
    const heading = `${VERDICT_ICONS[verdict]} ${VERDICT_TITLES[verdict]} (${rows.length})`
    if (verdict === 'unchanged' || verdict === 'new') {
      lines.push('<details>', `<summary>${heading}</summary>`, '', ...table(rows, level), '', '</details>', '')
    } else {
      lines.push(`### ${heading}`, '', ...table(rows, level), '')
    }
  }
  if (report.removed.length > 0) {
    lines.push(`### ${VERDICT_ICONS.removed} Removed (${report.removed.length})`, '')
    for (const r of report.removed) lines.push(`- ${escapeCell(r.id)} (baseline median ${formatMs(r.baselineMedianMs)})`)
    lines.push('')
  }
  const durations = report.measurements.filter((m) => !isGated(m))
  if (durations.length > 0) {
    lines.push('<details>', `<summary>Test durations (${durations.length})</summary>`, '')
    lines.push('| Test | Duration |', '|---|--:|')
    for (const m of durations) lines.push(`| ${escapeCell(`${m.file} > ${m.testName}`)} | ${formatMs(m.stats.medianMs)} |`)
    lines.push('', '</details>', '')
  }
  for (const note of run.notes) lines.push(`> ℹ️ ${escapeCell(note)}`)
  if (run.notes.length > 0) lines.push('')
  if (options.htmlReportPath) lines.push(`Full report with charts: \`${options.htmlReportPath}\` (keep it as a CI artifact).`, '')
  return `${lines.join('\n')}\n`
}

function baselineText(baseline: PerfReport['run']['baseline']): string {
  if (baseline === undefined) return 'no baseline'
  if (baseline.commit !== undefined) return `baseline \`${baseline.commit.slice(0, 7)}\``
  // No single commit (outside git, or entries from several commits — a note says which): name the source.
  return baseline.path === undefined ? `baseline ${baseline.source}` : `baseline \`${baseline.path.replace(/`/g, "'")}\``
}
