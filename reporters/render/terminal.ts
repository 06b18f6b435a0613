import { styleText } from 'node:util'
import { formatMs, formatPercent } from '../../src/format.js'
import type { PerfReport, ReportMeasurement } from '../../src/model/report.js'
import type { Verdict } from '../../src/model/types.js'
import { escapeTerminal } from './escapeText.js'
import { renderLoadTerminal } from './sections/loadSection.js'
import { renderMemoryTerminal } from './sections/memorySection.js'
import { renderDiagnosticsTerminal } from './sections/diagnostics.js'
import { groupByVerdict } from './verdicts.js'
import { isGated, VERDICT_ORDER } from '../../src/model/comparison.js'

export interface TerminalOptions {
  color?: boolean
  /** Longest measurement label before it is shortened from the left. @default 60 */
  width?: number
}

type Style = Parameters<typeof styleText>[0]
const VERDICT_STYLE: Record<Verdict, Style> = {
  regressed: 'red',
  inconclusive: 'yellow',
  improved: 'green',
  unchanged: 'gray',
  new: 'cyan',
  removed: 'gray',
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`
}

type Labelled = Pick<ReportMeasurement, 'file' | 'testName' | 'name'> & { project?: string | undefined }

/**
 * `test > name`, short; with the file (and project) in front where two listed rows would otherwise read the same
 * (the same test file in two packages of a workspace).
 */
function labeller(items: readonly Labelled[]): (m: Labelled) => string {
  const short = (m: Labelled): string => `${m.testName} > ${m.name}`
  const seen = new Map<string, number>()
  for (const m of items) seen.set(short(m), (seen.get(short(m)) ?? 0) + 1)
  return (m) => {
    const text = short(m)
    if ((seen.get(text) ?? 0) < 2) return text
    return `${m.project ? `[${m.project}] ` : ''}${m.file} > ${text}`
  }
}

function row(m: ReportMeasurement, verdict: Verdict, paint: (style: Style, text: string) => string, width: number, text: string): string {
  const label = shorten(escapeTerminal(text), width).padEnd(width)
  const change = m.comparison?.changePercent === undefined ? '' : formatPercent(m.comparison.changePercent)
  const budget = m.budget ? (m.budget.withinBudget !== m.budget.negated ? ' budget ✓' : paint('red', ' budget ✗')) : ''
  const warn = m.comparison?.warning ? paint('yellow', ' ⚠') : ''
  return `  ${paint(VERDICT_STYLE[verdict], verdict.padEnd(12))} ${label} ${formatMs(m.stats.medianMs).padStart(9)} ${('p95 ' + formatMs(m.stats.p95Ms)).padStart(13)} ${('n=' + m.stats.n).padStart(7)} ${change.padStart(7)}${warn}${budget}${m.concurrent ? paint('yellow', ' (concurrent)') : ''}`
}

/** A concise table for the terminal: one line per measurement, regressions first, with the written files. */
export function renderTerminal(report: PerfReport, written: readonly string[], options: TerminalOptions = {}): string {
  const paint = (style: Style, text: string): string => (options.color ? styleText(style, text) : text)
  const width = options.width ?? 60
  const s = report.summary
  const counts = VERDICT_ORDER.filter((v) => s.byVerdict[v] > 0)
    .map((v) => `${s.byVerdict[v]} ${v}`)
    .join(', ')
  const lines = ['', `${paint('bold', ' perf-sentinel ')} ${s.total} measurement(s)${counts ? `: ${counts}` : ''}`]
  const gated = report.measurements.filter(isGated)
  const label = labeller([...gated, ...report.removed])
  for (const [verdict, rows] of groupByVerdict(report.measurements))
    for (const m of rows) lines.push(row(m, verdict, paint, width, label(m)))
  // A removed entry of a named project is named by its id, project included (baseline entries keep it only there).
  for (const r of report.removed) {
    const text = r.id.startsWith('[') ? r.id : label(r)
    lines.push(`  ${paint('gray', 'removed'.padEnd(12))} ${shorten(escapeTerminal(text), width)}`)
  }
  const trendOnly = report.measurements.filter((m) => !isGated(m))
  const durations = trendOnly.filter((m) => m.kind === 'test-duration').length
  const singleCalls = trendOnly.length - durations
  if (durations > 0) lines.push(paint('gray', `  + ${durations} test duration(s) recorded for trends`))
  if (singleCalls > 0)
    lines.push(
      paint('gray', `  + ${singleCalls} single-call measurement(s) recorded for trends, not compared (one cold sample cannot decide)`),
    )
  // Why a change did not fail: warnings (e.g. under the absolute floor) and undecided comparisons, with the reason.
  for (const m of report.measurements) {
    const c = m.comparison
    if (c?.warning) lines.push(paint('yellow', `  ⚠ ${escapeTerminal(`${label(m)}: ${c.reason}`)}`))
    else if (c?.verdict === 'inconclusive') lines.push(paint('yellow', `  ? ${escapeTerminal(`${label(m)}: ${c.reason}`)}`))
  }
  lines.push(
    ...renderLoadTerminal(report, { color: options.color ?? false }),
    ...renderMemoryTerminal(report, { color: options.color ?? false }),
    ...renderDiagnosticsTerminal(report, { color: options.color ?? false }),
  )
  // A note's own line breaks (a problem, then "Fix: …") are kept as lines; anything else is escaped.
  for (const note of report.run.notes) {
    const [first = '', ...rest] = note.split('\n')
    lines.push(paint('gray', `  note: ${escapeTerminal(first)}`), ...rest.map((line) => paint('gray', `        ${escapeTerminal(line)}`)))
  }
  for (const file of written) lines.push(paint('gray', `  wrote ${escapeTerminal(file)}`))
  if (s.failed) {
    for (const m of report.measurements.filter((x) => x.comparison?.verdict === 'regressed')) {
      lines.push(paint('red', `  ✗ REGRESSION ${escapeTerminal(`${m.id}: ${m.comparison?.reason ?? ''}`)}`))
    }
  }
  lines.push('')
  return lines.join('\n')
}
