/**
 * The "why is it slow" sections as rows of plain text cells (pure): instrumented functions, event-loop blocking,
 * CPU profiles. Markdown, HTML and terminal renderers (diagnostics.ts) format the same rows, so the three agree.
 */
import { posix } from 'node:path'
import { formatMs } from '../../../src/format.js'
import type { CallType, CodeLocation, InstrumentedFunction, ProfileSummary } from '../../../src/model/diagnostics.js'
import type { PerfReport, ReportMeasurement } from '../../../src/model/report.js'

/** A section: a title, column headers, rows of cells, and warnings shown above the table. */
export interface DiagnosticsTable {
  id: 'instrumented' | 'blocking' | 'profiles'
  title: string
  headers: string[]
  /** Indexes of right-aligned (numeric) columns. */
  numeric: number[]
  rows: DiagnosticsRow[]
  warnings: string[]
}

/** One row: its cells, whether it warns, and a link (the profile file) where there is one. */
export interface DiagnosticsRow {
  cells: string[]
  warn: boolean
  href?: string
}

const KIND: Record<CallType, string> = {
  sync_function: 'sync',
  async_function: 'async',
  generator: 'generator',
  async_generator: 'async generator',
}

/** `name (file:line)`. */
export function locationText(where: CodeLocation): string {
  return `${where.functionName} (${where.file === '' ? 'native' : `${where.file}:${where.line}`})`
}

function testList(fn: InstrumentedFunction): string {
  const names = fn.tests.map((t) => `${t.file} > ${t.testName}`)
  return names.length <= 3 ? names.join('; ') : `${names.slice(0, 3).join('; ')}; +${names.length - 3} more`
}

/** One row per `perfTiming` name, with a warning per name whose calls went over its threshold. */
export function instrumentedTable(functions: readonly InstrumentedFunction[]): DiagnosticsTable {
  const rows = functions.map((fn) => {
    const s = fn.stats
    const threshold = fn.thresholdMs === undefined ? '—' : `${fn.overThreshold} over ${formatMs(fn.thresholdMs)}`
    const yields = fn.perYield ? `per yield p95 ${formatMs(fn.perYield.p95Ms)}` : ''
    const blocking = fn.syncBlocking > 0 ? `${fn.syncBlocking} blocked the loop` : ''
    const errors = fn.errors > 0 ? `${fn.errors} threw` : ''
    return {
      cells: [
        fn.name,
        KIND[fn.type],
        String(s.count),
        formatMs(s.p50Ms),
        formatMs(s.p95Ms),
        formatMs(s.p99Ms),
        formatMs(s.maxMs),
        threshold,
        [yields, blocking, errors].filter((x) => x !== '').join(', '),
        testList(fn),
      ],
      warn: fn.overThreshold > 0,
    }
  })
  const warnings = functions
    .filter((fn) => fn.overThreshold > 0 && fn.thresholdMs !== undefined)
    .map((fn) => {
      const worst = [...fn.tests].sort((a, b) => b.maxMs - a.maxMs)[0]
      const where = worst ? `, slowest ${formatMs(worst.maxMs)} in ${worst.file} > ${worst.testName}` : ''
      return `${fn.name}: ${fn.overThreshold} of ${fn.stats.count} calls over its ${formatMs(fn.thresholdMs ?? 0)} threshold${where}`
    })
  return {
    id: 'instrumented',
    title: 'Instrumented functions',
    headers: ['Function', 'Kind', 'Calls', 'p50', 'p95', 'p99', 'Max', 'Over threshold', 'Notes', 'Called by'],
    numeric: [2, 3, 4, 5, 6],
    rows,
    warnings,
  }
}

function label(m: ReportMeasurement): string {
  return `${m.file} > ${m.testName} > ${m.name}`
}

/** One row per measurement with blocking data (`toBlockEventLoop`). */
export function blockingTable(measurements: readonly ReportMeasurement[]): DiagnosticsTable {
  const rows = measurements.flatMap((m) => {
    const b = m.blocking
    if (!b) return []
    const verdict = b.withinThreshold ? `≤ ${formatMs(b.thresholdMs)}` : `> ${formatMs(b.thresholdMs)}`
    return [
      {
        cells: [
          label(m),
          formatMs(b.longestMs),
          verdict,
          formatMs(b.totalBlockedMs),
          String(b.overThreshold),
          String(b.runs),
          b.where ? locationText(b.where) : '—',
        ],
        warn: !b.withinThreshold,
      },
    ]
  })
  return {
    id: 'blocking',
    title: 'Event-loop blocking',
    headers: ['Measurement', 'Longest slice', 'Threshold', 'Total blocked', 'Slices over', 'Runs', 'Where'],
    numeric: [1, 3, 4, 5],
    rows,
    warnings: [],
  }
}

/** One row of the CPU profiles table. */
function profileRow(what: string, p: ProfileSummary, href: string | undefined): DiagnosticsRow {
  const top = p.top
    .filter((f) => f.functionName !== '(idle)')
    .slice(0, 3)
    .map((f) => `${locationText(f)} ${f.selfPercent.toFixed(1)}%`)
    .join('; ')
  const share = p.subjectSharePercent === undefined ? '—' : `${p.subjectSharePercent.toFixed(1)}%`
  return {
    cells: [what, p.path ?? p.notes.join('; '), top || '—', share, `${p.samples} samples, ${p.operations} ops`],
    warn: false,
    ...(href !== undefined ? { href } : {}),
  }
}

/**
 * One row per profiled measurement, then one per `perfTiming` function whose slow call was profiled; `href` is the
 * profile relative to the report's folder, when both are known.
 */
export function profilesTable(
  measurements: readonly ReportMeasurement[],
  reportDir?: string,
  functions: readonly InstrumentedFunction[] = [],
): DiagnosticsTable {
  const derived = (p: ProfileSummary): string | undefined =>
    p.path !== undefined && reportDir !== undefined ? posix.relative(reportDir.split('\\').join('/'), p.path) : undefined
  // profilePath is the pipeline's link (relative to the report folder, wherever the profiles went); else derived.
  const rows = [
    ...measurements.flatMap((m) => (m.profile ? [profileRow(label(m), m.profile, m.profilePath ?? derived(m.profile))] : [])),
    ...functions.flatMap((fn) =>
      fn.profile ? [profileRow(`perfTiming ${fn.name} (one slow call)`, fn.profile, derived(fn.profile))] : [],
    ),
  ]
  return {
    id: 'profiles',
    title: 'CPU profiles',
    headers: ['Measurement', 'Profile', 'Top self time', 'In the subject', 'Replay'],
    numeric: [3],
    rows,
    warnings: [],
  }
}

/** The non-empty diagnostics tables of a report, in reading order. */
export function diagnosticsTables(report: PerfReport, reportDir?: string): DiagnosticsTable[] {
  const tables = [
    instrumentedTable(report.instrumented ?? []),
    blockingTable(report.measurements),
    profilesTable(report.measurements, reportDir, report.instrumented ?? []),
  ]
  return tables.filter((t) => t.rows.length > 0)
}
