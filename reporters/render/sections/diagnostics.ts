/**
 * The "why is it slow" sections of a report (instrumented functions, event-loop blocking, CPU profiles) as Markdown,
 * an HTML fragment and terminal lines. Pure: each returns '' (or no lines) when the report has none of them, so the
 * main renderers can append the result unconditionally.
 */
import { styleText } from 'node:util'
import type { PerfReport } from '../../../src/model/report.js'
import { escapeMarkdown as escapeCell } from '../escapeText.js'
import { relativeHref } from '../htmlPayload.js'
import type { DiagnosticsTable } from './diagnosticsRows.js'
import { diagnosticsTables } from './diagnosticsRows.js'
import { escapeHtml } from './htmlEscape.js'

/** Where the report is written, relative to the project root (for links to `.cpuprofile` files). */
export interface DiagnosticsRenderOptions {
  reportDir?: string
}

/** The sections as Markdown (`###` headings), or '' when the report has none. */
export function renderDiagnosticsMarkdown(report: PerfReport, options: DiagnosticsRenderOptions = {}): string {
  const out: string[] = []
  for (const table of diagnosticsTables(report, options.reportDir)) {
    out.push(`### ${table.title}`, '')
    for (const warning of table.warnings) out.push(`> ⚠️ ${escapeCell(warning)}`, '')
    out.push(`| ${table.headers.join(' | ')} |`, `|${table.headers.map((_, i) => (table.numeric.includes(i) ? '--:' : '---')).join('|')}|`)
    for (const row of table.rows) {
      const cells = row.cells.map((cell, i) =>
        i === 1 && row.href !== undefined ? `[${escapeCell(cell)}](${relativeHref(row.href)})` : escapeCell(cell),
      )
      if (row.warn) cells[0] = `⚠️ ${cells[0]}`
      out.push(`| ${cells.join(' | ')} |`)
    }
    out.push('')
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`
}

function htmlTable(table: DiagnosticsTable): string {
  const head = table.headers
    .map((h, i) => `<th scope="col"${table.numeric.includes(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`)
    .join('')
  const rows = table.rows.map((row) => {
    const cells = row.cells.map((cell, i) => {
      const content =
        i === 1 && row.href !== undefined
          ? `<a href="${escapeHtml(relativeHref(row.href))}" download>${escapeHtml(cell)}</a>`
          : escapeHtml(cell)
      return `<td${table.numeric.includes(i) ? ' class="num"' : ''}>${content}</td>`
    })
    return `<tr${row.warn ? ' class="warn"' : ''}>${cells.join('')}</tr>`
  })
  return [
    `<section aria-labelledby="diag-${table.id}" class="diagnostics">`,
    `<h2 id="diag-${table.id}">${escapeHtml(table.title)}</h2>`,
    ...table.warnings.map((w) => `<p class="warning">⚠️ ${escapeHtml(w)}</p>`),
    `<table class="diagnostics-${table.id}"><thead><tr>${head}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n')
}

/** The sections as an HTML fragment (every value escaped, profile files linked), or '' when there are none. */
export function renderDiagnosticsHtml(report: PerfReport, options: DiagnosticsRenderOptions = {}): string {
  return diagnosticsTables(report, options.reportDir).map(htmlTable).join('\n')
}

/** A few lines per section for the terminal (no lines when there is nothing to show). */
export function renderDiagnosticsTerminal(report: PerfReport, options: { color?: boolean } = {}): string[] {
  const paint = (text: string): string => (options.color ? styleText('yellow', text) : text)
  const lines: string[] = []
  for (const table of diagnosticsTables(report)) {
    lines.push(`${table.title}:`)
    for (const warning of table.warnings) lines.push(paint(`  ⚠ ${warning}`))
    for (const row of table.rows) {
      const [first, ...rest] = row.cells
      const detail = rest
        .map((cell, i) => `${table.headers[i + 1]?.toLowerCase()} ${cell}`)
        .filter((text) => !text.endsWith(' —') && !text.endsWith(' '))
      const line = `  ${first} · ${detail.slice(0, 5).join(' · ')}`
      lines.push(row.warn ? paint(line) : line)
    }
  }
  return lines
}
