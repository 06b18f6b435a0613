/**
 * The load section of a report (load() and toSustainLoad runs): Markdown, an HTML fragment with two small SVG charts
 * per run, and terminal lines. Pure; each returns '' (or no lines) when the report has no load runs, so the main
 * renderers can append it unconditionally.
 */
import { styleText } from 'node:util'
import type { PerfReport } from '../../../src/model/report.js'
import { escapeMarkdown, escapeTerminal } from '../escapeText.js'
import { escapeHtml } from './htmlEscape.js'
import { percentileChart, throughputChart } from './loadCharts.js'
import type { LoadRow } from './loadRows.js'
import { loadRows, PERCENTILE_LABELS } from './loadRows.js'

const NOTE =
  'Open model: latency from the intended start time (corrected for coordinated omission); the uncorrected figure, ' +
  'from the actual send, is what a tool without the correction reports.'

/** The section as Markdown (`### Load`), or '' when there are no load runs. */
export function renderLoadMarkdown(report: PerfReport): string {
  const rows = loadRows(report)
  if (rows.length === 0) return ''
  const out = ['### Load', '', `> ${NOTE}`, '']
  out.push(
    `| Measurement | Load | Throughput | ${PERCENTILE_LABELS.join(' | ')} | Errors | Starts |`,
    `|---|---|--:|${PERCENTILE_LABELS.map(() => '--:').join('|')}|---|---|`,
  )
  for (const row of rows) {
    const warn = row.inconclusive === undefined ? '' : '🟡 '
    out.push(
      `| ${warn}${escapeMarkdown(row.name)} | ${row.shape} | ${row.throughput} | ${row.corrected.join(' | ')} | ${escapeMarkdown(row.errors)} | ${row.starts} |`,
    )
    if (row.uncorrected.length > 0) out.push(`| ↳ uncorrected | | | ${row.uncorrected.join(' | ')} | | |`)
  }
  const inconclusive = rows.filter((row) => row.inconclusive !== undefined)
  if (inconclusive.length > 0) {
    out.push('')
    for (const row of inconclusive) out.push(`> 🟡 ${escapeMarkdown(row.name)}: inconclusive, ${escapeMarkdown(row.inconclusive ?? '')}`)
  }
  return `${out.join('\n')}\n`
}

function htmlRow(row: LoadRow): string {
  const cells = (values: string[]): string => values.map((v) => `<td class="num">${escapeHtml(v)}</td>`).join('')
  const uncorrected =
    row.uncorrected.length === 0
      ? ''
      : `<tr class="uncorrected"><td colspan="3">↳ uncorrected (from the actual send)</td>${cells(row.uncorrected)}<td colspan="2"></td></tr>`
  const note =
    row.inconclusive === undefined ? '' : `<tr class="warn"><td colspan="11">🟡 inconclusive: ${escapeHtml(row.inconclusive)}</td></tr>`
  return [
    `<tr${row.inconclusive === undefined ? '' : ' class="warn"'}><td title="${escapeHtml(row.test)}">${escapeHtml(row.name)}</td><td>${escapeHtml(row.shape)}</td>`,
    `<td class="num">${escapeHtml(row.throughput)}</td>${cells(row.corrected)}<td>${escapeHtml(row.errors)}</td><td>${escapeHtml(row.starts)}</td></tr>`,
    uncorrected,
    note,
    `<tr class="charts"><td colspan="11">${throughputChart(row.figures, row.name)} ${percentileChart(row.figures, row.name)}</td></tr>`,
  ].join('')
}

/** The section as an HTML fragment (values escaped, charts inline), or '' when there are no load runs. */
export function renderLoadHtml(report: PerfReport): string {
  const rows = loadRows(report)
  if (rows.length === 0) return ''
  const head = ['Measurement', 'Load', 'Throughput', ...PERCENTILE_LABELS, 'Errors', 'Starts']
  return [
    '<section aria-labelledby="load-runs" class="load">',
    '<h2 id="load-runs">Load</h2>',
    `<p class="note">${escapeHtml(NOTE)}</p>`,
    `<table class="load-runs"><thead><tr>${head.map((h, i) => `<th scope="col"${i >= 2 && i <= 8 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${rows.map(htmlRow).join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n')
}

/** Two lines per load run for the terminal (none when there are no load runs). */
export function renderLoadTerminal(report: PerfReport, options: { color?: boolean } = {}): string[] {
  const rows = loadRows(report)
  if (rows.length === 0) return []
  const paint = (text: string): string => (options.color ? styleText('yellow', text) : text)
  const lines = ['Load:']
  for (const row of rows) {
    const [p50, , p95, p99] = row.corrected
    lines.push(
      `  ${escapeTerminal(row.name)} · ${row.shape} · ${row.throughput} · p50 ${p50} · p95 ${p95} · p99 ${p99} · errors ${escapeTerminal(row.errors)}`,
    )
    if (row.uncorrected.length > 0) lines.push(`    uncorrected p95 ${row.uncorrected[2]} · p99 ${row.uncorrected[3]} · ${row.starts}`)
    if (row.inconclusive !== undefined) lines.push(paint(`    ⚠ inconclusive: ${row.inconclusive}`))
  }
  return lines
}
