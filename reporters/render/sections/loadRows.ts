/**
 * The load section's rows (pure): one per load measurement, every value already formatted, shared by the Markdown,
 * HTML and terminal renderers so the three say the same thing.
 */
import { formatMs, formatOps } from '../../../src/format.js'
import type { LoadFigures } from '../../../src/model/loadFigures.js'
import type { PerfReport, ReportMeasurement } from '../../../src/model/report.js'

export interface LoadRow {
  id: string
  name: string
  test: string
  /** `100/s open, 10 conn.` or `8 callers closed`. */
  shape: string
  throughput: string
  /** Corrected p50, p90, p95, p99, p99.9, max. */
  corrected: string[]
  /** Uncorrected, same order (closed model: empty). */
  uncorrected: string[]
  /** `0.5% (3 timeout, 2 non-2xx)`, or `0%`. */
  errors: string
  /** Late and dropped starts (open model), e.g. `104 late · 0 dropped`. */
  starts: string
  /** `load generator saturated: …` when the run cannot support a verdict. */
  inconclusive?: string
  verdict: string
  figures: LoadFigures
}

export const PERCENTILE_LABELS: readonly string[] = ['p50', 'p90', 'p95', 'p99', 'p99.9', 'max']

/** The report's load measurements as rows, in report order; empty when there are none. */
export function loadRows(report: PerfReport): LoadRow[] {
  return report.measurements.filter((m): m is ReportMeasurement & { load: LoadFigures } => m.load !== undefined).map(toRow)
}

function toRow(m: ReportMeasurement & { load: LoadFigures }): LoadRow {
  const l = m.load
  const pct = (s: LoadFigures['latency']): string[] => [s.p50Ms, s.p90Ms, s.p95Ms, s.p99Ms, s.p999Ms, s.maxMs].map(formatMs)
  const classes = Object.entries(l.errorsByClass)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
  const row: LoadRow = {
    id: m.id,
    // The test's title first, as in the main table: two tests' `load()` calls are both named 'load'.
    name: `${m.testName} > ${m.name}`,
    test: `${m.file} > ${m.testName}`,
    shape: l.model === 'open' ? `${l.rate}/s open, ${l.connections} conn.` : `${l.concurrency} callers closed`,
    throughput: formatOps(l.throughputPerSecond).replace(' ops/s', '/s'),
    corrected: pct(l.latency),
    uncorrected: l.model === 'open' ? pct(l.uncorrectedLatency) : [],
    errors: `${Number((l.errorRate * 100).toFixed(2))}%${classes.length > 0 ? ` (${classes.join(', ')})` : ''}`,
    starts: l.model === 'open' ? `${l.lateStarts} late · ${l.droppedStarts} dropped` : '—',
    verdict: m.comparison?.verdict ?? 'new',
    figures: l,
  }
  if (l.inconclusive !== undefined) row.inconclusive = l.inconclusive
  return row
}
