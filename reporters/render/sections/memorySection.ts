/**
 * The memory section of a report (toAllocateAtMost, toLeak): bytes per operation with where the figure comes from,
 * GC during the runs, leak checks with their heap snapshots. Markdown, an HTML fragment and terminal lines; pure,
 * each '' (or no lines) when the report has no memory measurements.
 */
import { styleText } from 'node:util'
import { formatBytes } from '../../../src/format.js'
import { formatMs } from '../../../src/format.js'
import type { MemoryFigures } from '../../../src/model/memoryFigures.js'
import type { PerfReport, ReportMeasurement } from '../../../src/model/report.js'
import { escapeMarkdown, escapeTerminal } from '../escapeText.js'
import { escapeHtml } from './htmlEscape.js'

export interface MemoryRow {
  name: string
  test: string
  /** `1.03 KiB (estimate)` or `—`. */
  bytesPerOp: string
  /** Spread of the runs, `CV 0.4%`, or `—`. */
  spread: string
  /** `≤ 2.00 KiB ✓` or `—`. */
  budget: string
  /** `3 GCs, 1.20 ms` or `—`. */
  gc: string
  /** `no leak`, `LEAK: …` or `—`. */
  leak: string
  leaking: boolean
  failed: boolean
  snapshots: string[]
}

/** The memory measurements as rows, in report order. */
export function memoryRows(report: PerfReport): MemoryRow[] {
  return report.measurements
    .filter((m): m is ReportMeasurement & { memory: MemoryFigures } => m.memory !== undefined)
    .map((m) => {
      const { allocation: a, leak, budget } = m.memory
      const met = budget === undefined ? undefined : budget.withinBudget !== budget.negated
      const leakFailed = leak?.leaking === true && leak.snapshots !== undefined
      return {
        // The test's title first, as in the main table: measurement names alone repeat across tests.
        name: `${m.testName} > ${m.name}`,
        test: `${m.file} > ${m.testName}`,
        bytesPerOp: a === undefined ? '—' : `${formatBytes(a.bytesPerOp)}${a.source === 'estimate' ? ' (estimate)' : ''}`,
        spread: a === undefined ? '—' : `CV ${a.cvPercent.toFixed(1)}%`,
        budget: budget === undefined ? '—' : `${budget.negated ? '>' : '≤'} ${formatBytes(budget.limitBytes)} ${met ? '✓' : '✗'}`,
        gc: a === undefined ? '—' : `${a.gcCount} GC${a.gcCount === 1 ? '' : 's'}, ${formatMs(a.gcTimeMs)}`,
        leak: leak === undefined ? '—' : leak.leaking ? `leak: ${leak.reason}` : `no leak (${formatBytes(leak.slopeBytesPerOp)}/iteration)`,
        leaking: leak?.leaking === true,
        failed: met === false || leakFailed,
        snapshots: leak?.snapshots ?? [],
      }
    })
}

const NOTE =
  'Bytes per operation: V8 total_allocated_bytes where Node has it, otherwise an estimate from JS heap growth between collections (off-heap ArrayBuffers not counted).'

/** The section as Markdown (`### Memory`), or '' when there are no memory measurements. */
export function renderMemoryMarkdown(report: PerfReport): string {
  const rows = memoryRows(report)
  if (rows.length === 0) return ''
  const out = [
    '### Memory',
    '',
    `> ${NOTE}`,
    '',
    '| Measurement | Bytes / op | Runs | Budget | GC during runs | Leak check |',
    '|---|--:|--:|---|---|---|',
  ]
  for (const row of rows) {
    const snapshots = row.snapshots.length > 0 ? ` · snapshots: ${row.snapshots.map((p) => `\`${escapeMarkdown(p)}\``).join(', ')}` : ''
    out.push(
      `| ${row.failed ? '❌ ' : ''}${escapeMarkdown(row.name)} | ${row.bytesPerOp} | ${row.spread} | ${row.budget} | ${row.gc} | ${escapeMarkdown(row.leak)}${snapshots} |`,
    )
  }
  return `${out.join('\n')}\n`
}

/** The section as an HTML fragment, or '' when there are no memory measurements. */
export function renderMemoryHtml(report: PerfReport): string {
  const rows = memoryRows(report)
  if (rows.length === 0) return ''
  const body = rows.map((row) => {
    const snapshots = row.snapshots.map((p) => `<br><code>${escapeHtml(p)}</code>`).join('')
    return (
      `<tr${row.failed ? ' class="warn"' : ''}><td title="${escapeHtml(row.test)}">${escapeHtml(row.name)}</td><td class="num">${escapeHtml(row.bytesPerOp)}</td><td class="num">${escapeHtml(row.spread)}</td>` +
      `<td>${escapeHtml(row.budget)}</td><td>${escapeHtml(row.gc)}</td><td>${escapeHtml(row.leak)}${snapshots}</td></tr>`
    )
  })
  return [
    '<section aria-labelledby="memory-runs" class="memory">',
    '<h2 id="memory-runs">Memory</h2>',
    `<p class="note">${escapeHtml(NOTE)}</p>`,
    '<table class="memory-runs"><thead><tr><th scope="col">Measurement</th><th scope="col" class="num">Bytes / op</th><th scope="col" class="num">Runs</th><th scope="col">Budget</th><th scope="col">GC during runs</th><th scope="col">Leak check</th></tr></thead>',
    `<tbody>\n${body.join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n')
}

/** One line per memory measurement for the terminal (none when there are none). */
export function renderMemoryTerminal(report: PerfReport, options: { color?: boolean } = {}): string[] {
  const rows = memoryRows(report)
  if (rows.length === 0) return []
  const paint = (text: string): string => (options.color ? styleText('red', text) : text)
  return [
    'Memory:',
    ...rows.map((row) => {
      const parts = [
        row.bytesPerOp !== '—' ? `${row.bytesPerOp}/op (${row.spread})` : '',
        row.budget !== '—' ? `budget ${row.budget}` : '',
        row.gc !== '—' ? row.gc : '',
        row.leak !== '—' ? row.leak : '',
      ]
      const line = `  ${escapeTerminal(row.name)} · ${parts.filter((p) => p !== '').join(' · ')}`
      return row.failed ? paint(line) : line
    }),
  ]
}
