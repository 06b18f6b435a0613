/**
 * The A/B section of a `perf-sentinel compare` report: what was compared with what, how (rounds, gate, how the
 * base was prepared), the A/A control's judgement and each measurement's sampling and confirmation results.
 * Pure renderers for Markdown, HTML (escaped fragment) and the terminal; the data travels in report.json as `ab`.
 */
import { formatConfidenceLevel, formatMs, formatPercent } from '../../../src/format.js'
import type { Verdict } from '../../../src/model/types.js'
import { escapeMarkdown as escapeCell } from '../escapeText.js'
import { escapeHtml } from './htmlEscape.js'

/** One measurement's A/B row. Times are per operation, in ms; medians are over per-process medians. */
export interface AbRow {
  id: string
  verdict: Verdict
  baseRounds: number
  headRounds: number
  baseMedianMs?: number
  headMedianMs?: number
  changePercent?: number
  intervalPercent?: [number, number]
  /** For a candidate: what the independent confirmation rounds found. */
  confirmation?: {
    confirmed: boolean
    rounds: number
    changePercent?: number
    intervalPercent?: [number, number]
    /** The level of the confirmation's interval (0.95 at the defaults; the sampling's is `confidenceLevel`). */
    confidenceLevel?: number
  }
  /** The A/A control of this measurement (base against base). */
  control?: { moved: boolean; changePercent?: number; intervalPercent?: [number, number] }
}

/** The `ab` field of a compare report. */
export interface AbSection {
  base: { ref: string; commit: string; how: string }
  head: { commit?: string; dirty?: boolean }
  /** The test command and how it was chosen. */
  command: { source: string; head: string; base: string }
  prepare: { reuseNodeModules: boolean; reason: string; install?: string; build?: string; durationMs: number }
  stop: 'decided' | 'budget' | 'max-rounds' | 'base-without-reporter'
  budgetMs: number
  samplingMs: number
  confirmationMs: number
  rounds: { discovery: number; sampling: number; confirmation: number }
  gate: {
    failThresholdPercent: number
    warnThresholdPercent: number
    absoluteFloorMs: number
    confidenceLevel: number
    familyAlpha: number
    minNoiseFloorPercent: number
  }
  control: { kind: 'stable' | 'unstable' | 'not-judged'; summary: string; rounds: number }
  rows: AbRow[]
  /** Why the head's test command failed in a round (its tests failed): the run fails for it too. */
  headFailure?: string
  /** 1 when a confirmed regression, or a failed test of the head, fails the run. */
  exitCode: 0 | 1
}

/** The Markdown heading of the section; renderers that already include it are not given a second copy. */
export const AB_SECTION_TITLE = '### ⚖️ Same-job A/B'

const STOP_TEXT: Record<AbSection['stop'], string> = {
  // "Decided" for sampling: no measurement can still regress — each has a verdict, or an interval that stays under
  // the fail threshold (its final verdict may still read "Cannot decide" on the faster side).
  decided: 'every measurement was decided (a regression candidate, or one that could no longer regress)',
  budget: 'the time budget was spent',
  'max-rounds': 'the most rounds per side were reached',
  'base-without-reporter': "the base has no perf-sentinel reporter, or none of the head's measurements",
}

/** The section as Markdown. */
export function renderAbMarkdown(ab: AbSection): string {
  const lines = [AB_SECTION_TITLE, '']
  lines.push(`> ${describeRun(ab)}`, '')
  lines.push(`**A/A control:** ${ab.control.summary}`, '')
  lines.push(
    '| Measurement | Verdict | Base → head (median of process medians) | Change (interval) | Rounds base/head | Confirmation | Control |',
    '|---|---|--:|---|--:|---|---|',
  )
  for (const row of ab.rows) {
    const cells = [
      row.id,
      row.verdict,
      medians(row),
      change(row.changePercent, row.intervalPercent),
      `${row.baseRounds}/${row.headRounds}`,
      confirmation(row),
      control(row),
    ]
    lines.push(`| ${cells.map(escapeCell).join(' | ')} |`)
  }
  lines.push('', `<sub>${escapeCell(describeMethod(ab))}</sub>`, '')
  return `${lines.join('\n')}\n`
}

/** The section as an HTML fragment; every value is escaped. */
export function renderAbHtml(ab: AbSection): string {
  const rows = ab.rows
    .map((row) => {
      const cells = [
        row.id,
        row.verdict,
        medians(row),
        change(row.changePercent, row.intervalPercent),
        `${row.baseRounds}/${row.headRounds}`,
        confirmation(row),
        control(row),
      ]
      return `<tr class="v-${escapeHtml(row.verdict)}">${cells.map((c, i) => `<td class="${i === 0 ? 'text' : i === 2 || i === 4 ? 'num' : ''}">${escapeHtml(c)}</td>`).join('')}</tr>`
    })
    .join('\n')
  return [
    '<section aria-labelledby="ab-title" class="ab">',
    '<h2 id="ab-title">Same-job A/B</h2>',
    `<p>${escapeHtml(describeRun(ab))}</p>`,
    `<p><strong>A/A control:</strong> ${escapeHtml(ab.control.summary)}</p>`,
    '<table class="ab-rows"><thead><tr><th scope="col">Measurement</th><th scope="col">Verdict</th><th scope="col" class="num">Base → head</th><th scope="col">Change (interval)</th><th scope="col" class="num">Rounds</th><th scope="col">Confirmation</th><th scope="col">Control</th></tr></thead>',
    `<tbody>\n${rows}\n</tbody></table>`,
    `<p class="hint">${escapeHtml(describeMethod(ab))}</p>`,
    '</section>',
  ].join('\n')
}

/** A few lines for the terminal after the run. */
export function renderAbTerminal(ab: AbSection): string {
  const lines = [describeRun(ab), `A/A control: ${ab.control.summary}`]
  for (const row of ab.rows.filter((r) => r.confirmation !== undefined)) lines.push(`  ${row.id}: ${confirmation(row)}`)
  return lines.join('\n')
}

function describeRun(ab: AbSection): string {
  const head = ab.head.commit ? `${ab.head.commit.slice(0, 7)}${ab.head.dirty ? ' + uncommitted changes' : ''}` : 'the working tree'
  const prepared = ab.prepare.reuseNodeModules ? 'sharing the head’s node_modules' : `installed with \`${ab.prepare.install ?? '—'}\``
  const built = ab.prepare.build ? `, built with \`${ab.prepare.build}\`` : ''
  return (
    `Head ${head} against base ${ab.base.commit.slice(0, 7)} (${ab.base.how}), base ${prepared}${built}. ` +
    `Test command: ${ab.command.source}. ${ab.rounds.sampling} sampling rounds in ABBA order (+${ab.rounds.discovery} discovery), ` +
    `${ab.rounds.confirmation} confirmation rounds; sampling took ${seconds(ab.samplingMs)} of a ${seconds(ab.budgetMs)} budget and stopped because ${STOP_TEXT[ab.stop]}` +
    `${ab.confirmationMs > 0 ? `, confirmation ${seconds(ab.confirmationMs)}` : ''}.`
  )
}

function describeMethod(ab: AbSection): string {
  const g = ab.gate
  return (
    `Each value is one runner process's median. Fails only when the ${formatConfidenceLevel(g.confidenceLevel)} Hodges–Lehmann interval ` +
    `lies above 0 and above the noise floor (at least ${g.minNoiseFloorPercent}%), the estimate is at least +${g.failThresholdPercent}%, ` +
    `the median moved at least ${formatMs(g.absoluteFloorMs)}, Holm across measurements keeps it at family α ${g.familyAlpha}, ` +
    'independent confirmation rounds agree, and the A/A control is stable.'
  )
}

function medians(row: AbRow): string {
  if (row.baseMedianMs === undefined || row.headMedianMs === undefined)
    return row.headMedianMs === undefined ? '—' : `— → ${formatMs(row.headMedianMs)}`
  return `${formatMs(row.baseMedianMs)} → ${formatMs(row.headMedianMs)}`
}

function change(percent: number | undefined, interval: [number, number] | undefined): string {
  if (percent === undefined) return '—'
  return interval ? `${formatPercent(percent)} (${formatPercent(interval[0])} … ${formatPercent(interval[1])})` : formatPercent(percent)
}

function confirmation(row: AbRow): string {
  const c = row.confirmation
  if (c === undefined) return ''
  const level = c.confidenceLevel === undefined || c.intervalPercent === undefined ? '' : ` at ${formatConfidenceLevel(c.confidenceLevel)}`
  return `${c.confirmed ? 'confirmed' : 'not confirmed'}: ${change(c.changePercent, c.intervalPercent)}${level} in ${c.rounds} rounds per side`
}

function control(row: AbRow): string {
  const c = row.control
  if (c === undefined) return ''
  return `${c.moved ? 'moved ' : ''}${change(c.changePercent, c.intervalPercent)}`
}

function seconds(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`
}
