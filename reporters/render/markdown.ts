import { renderResourcesMarkdown } from './sections/resourceSection.js'
import { formatConfidenceLevel, formatMs, formatPercent } from '../../src/format.js'
import type { PerfReport, ReportMeasurement } from '../../src/model/report.js'
import type { Verdict } from '../../src/model/types.js'
import { escapeMarkdown } from './escapeText.js'
import { renderLoadMarkdown } from './sections/loadSection.js'
import { renderMemoryMarkdown } from './sections/memorySection.js'
import { renderDiagnosticsMarkdown } from './sections/diagnostics.js'
import { posix } from 'node:path'
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

/** Escapes text for a Markdown table cell (kept under its old name for the renderers that call it). */
export const escapeCell: (text: string) => string = escapeMarkdown

function changeCell(m: ReportMeasurement): string {
  const c = m.comparison
  if (c?.changePercent === undefined) return '—'
  const interval = c.intervalPercent ? ` (${formatPercent(c.intervalPercent[0])} … ${formatPercent(c.intervalPercent[1])})` : ''
  return `${formatPercent(c.changePercent)}${interval}${c.warning ? ' ⚠️' : ''}`
}

function budgetCell(m: ReportMeasurement): string {
  const b = m.budget
  if (!b) return ''
  // `.not`: the assertion holds when the budget was exceeded; say so rather than "budget met".
  if (b.negated) return b.withinBudget ? '❌ within budget (.not)' : '✅ over budget, as .not asserts'
  return b.withinBudget ? '✅ budget met' : '❌ budget missed'
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
    const notes = [
      m.comparison?.verdict === 'inconclusive' || m.comparison?.verdict === 'regressed' ? m.comparison.reason : '',
      budgetCell(m),
      m.concurrent ? 'concurrent (less reliable)' : '',
    ]
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
  // GitHub rejects comments over 65,536 characters: past the budget, quiet sections shrink to counts, then the
  // tables keep their first rows (regressions first), each saying how many more the HTML report has.
  // The full form lists every test duration: when their table alone is over the budget (a lower bound, without
  // rendering it: 2,000 tests spent ~25 ms rendering a text thrown away), go straight to the compact form.
  if (durationTableFloor(report) <= MARKDOWN_MAX_CHARS) {
    const full = renderMarkdownAt(report, options, 'full')
    if (full.length <= MARKDOWN_MAX_CHARS) return full
  }
  const compact = renderMarkdownAt(report, options, 'compact')
  if (compact.length <= MARKDOWN_MAX_CHARS) return compact
  for (let rows = 200; rows >= 1; rows = Math.floor(rows / 2)) {
    const text = renderMarkdownAt(report, options, 'compact', rows)
    if (text.length <= MARKDOWN_MAX_CHARS) return text
  }
  return `${renderMarkdownAt(report, options, 'compact', 0).slice(0, MARKDOWN_MAX_CHARS - 100)}\n\n… (cut to fit a comment; see the HTML report)\n`
}

/**
 * Characters the full form's test-duration table takes at least: each line's names as escaping leaves them at the
 * shortest (it only lengthens, but for a CR LF pair, which becomes one space), its time one digit.
 */
function durationTableFloor(report: PerfReport): number {
  let chars = 0
  for (const m of report.measurements) {
    if (!isGated(m)) chars += m.file.length + m.testName.length - crlfPairs(m.file) - crlfPairs(m.testName) + '|  >  |  |\n'.length + 1
  }
  return chars
}

function crlfPairs(text: string): number {
  return text.includes('\r\n') ? text.split('\r\n').length - 1 : 0
}

/** What fits in one GitHub comment or step summary, with room for a bot's own header. */
export const MARKDOWN_MAX_CHARS = 60_000

function renderMarkdownAt(
  report: PerfReport,
  options: MarkdownOptions,
  mode: 'full' | 'compact',
  maxRows = Number.POSITIVE_INFINITY,
): string {
  const { run, summary } = report
  const counts = VERDICT_ORDER.filter((v) => summary.byVerdict[v] > 0)
    .map((v) => `${VERDICT_ICONS[v]} ${summary.byVerdict[v]} ${v}`)
    .join(' · ')
  const accepted = summary.accepted ?? 0
  const status = summary.failed
    ? 'performance regression'
    : accepted > 0
      ? `${accepted} regression(s) accepted as the new baseline`
      : 'no regression'
  const lines: string[] = [`## ⏱️ perf-sentinel: ${status}`, '']
  lines.push(
    `**${summary.total} measurement${summary.total === 1 ? '' : 's'}** · ${counts || 'nothing measured'}${summary.budgetsFailed ? ` · ❌ ${summary.budgetsFailed} budget(s) missed` : ''}`,
  )
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
    const title =
      verdict === 'regressed' && accepted > 0 ? `${VERDICT_TITLES[verdict]}, accepted by the baseline update` : VERDICT_TITLES[verdict]
    const heading = `${VERDICT_ICONS[verdict]} ${title} (${rows.length})`
    const quiet = verdict === 'unchanged' || verdict === 'new'
    if (quiet && mode === 'compact') {
      lines.push(`${heading}: listed in the HTML report.`, '')
    } else if (quiet) {
      lines.push(
        '<details>',
        `<summary>${heading}</summary>`,
        '',
        ...table(rows.slice(0, maxRows), level),
        ...moreRows(rows.length, maxRows),
        '',
        '</details>',
        '',
      )
    } else {
      lines.push(`### ${heading}`, '', ...table(rows.slice(0, maxRows), level), ...moreRows(rows.length, maxRows), '')
    }
  }
  if (report.removed.length > 0) {
    lines.push(`### ${VERDICT_ICONS.removed} Removed (${report.removed.length})`, '')
    for (const r of report.removed.slice(0, maxRows)) lines.push(`- ${escapeCell(r.id)} (baseline median ${formatMs(r.baselineMedianMs)})`)
    lines.push(...moreRows(report.removed.length, maxRows))
    lines.push('')
  }
  const trendOnly = report.measurements.filter((m) => !isGated(m))
  const durations = trendOnly.filter((m) => m.kind === 'test-duration')
  // One cold call (toCompleteOnceWithin, toBlockEventLoop…): named as measurements, recorded, never compared.
  const singleCalls = trendOnly.filter((m) => m.kind !== 'test-duration')
  if (singleCalls.length > 0 && mode === 'compact')
    lines.push(`Single-call measurements (${singleCalls.length}), recorded for trends: listed in the HTML report.`, '')
  else if (singleCalls.length > 0) {
    lines.push('<details>', `<summary>Single-call measurements, recorded for trends, not compared (${singleCalls.length})</summary>`, '')
    lines.push('| Measurement | Time | Budget |', '|---|--:|---|')
    for (const m of singleCalls) lines.push(`| ${escapeCell(m.id)} | ${formatMs(m.stats.medianMs)} | ${budgetCell(m)} |`)
    lines.push('', '</details>', '')
  }
  if (durations.length > 0 && mode === 'compact') lines.push(`Test durations (${durations.length}): listed in the HTML report.`, '')
  else if (durations.length > 0) {
    lines.push('<details>', `<summary>Test durations (${durations.length})</summary>`, '')
    lines.push('| Test | Duration |', '|---|--:|')
    for (const m of durations) lines.push(`| ${escapeCell(`${m.file} > ${m.testName}`)} | ${formatMs(m.stats.medianMs)} |`)
    lines.push('', '</details>', '')
  }
  const reportDir = options.htmlReportPath ? posix.dirname(options.htmlReportPath.split('\\').join('/')) : undefined
  const diagnostics = renderDiagnosticsMarkdown(report, reportDir === undefined ? {} : { reportDir })
  for (const section of [renderLoadMarkdown(report), renderMemoryMarkdown(report), renderResourcesMarkdown(report), diagnostics.trimEnd()])
    if (section !== '') lines.push(section, '')
  for (const note of run.notes) lines.push(`> ℹ️ ${escapeCell(note)}`)
  if (run.notes.length > 0) lines.push('')
  if (options.htmlReportPath) lines.push(`Full report with charts: \`${options.htmlReportPath}\` (keep it as a CI artifact).`, '')
  return `${lines.join('\n')}\n`
}

/** The line under a table cut to `maxRows`. */
function moreRows(total: number, maxRows: number): string[] {
  return total > maxRows ? [``, `… and ${total - maxRows} more (see the HTML report).`] : []
}

function baselineText(baseline: PerfReport['run']['baseline']): string {
  if (baseline === undefined) return 'no baseline'
  if (baseline.commit !== undefined) return `baseline \`${baseline.commit.slice(0, 7)}\``
  // No single commit (outside git, or entries from several commits — a note says which): name the source.
  return baseline.path === undefined ? `baseline ${baseline.source}` : `baseline \`${baseline.path.replace(/`/g, "'")}\``
}
