import type { PerfReport, Trend } from '../../src/model/report.js'
import type { MeasurementKind } from '../../src/model/types.js'
import { binSamples, type Histogram } from './htmlHistogram.js'
import { shortCommit, TIME_UNITS, timeUnitFor, type TimeUnit } from './htmlFormat.js'
import { details } from './htmlDetails.js'
import { type HtmlPayloadTrend, quantize } from './trendSteps.js'
import { durationColumns, type HtmlPayloadDurations, stringTable } from './htmlDurations.js'
import type { RowVerdict } from './verdicts.js'
import { rowVerdictOf } from './verdicts.js'
import { clientRowsFrom } from './htmlView.js'
import { sixSignificantDigits } from '../../src/format.js'
import { legacyMeasurementId } from '../../src/model/types.js'

/**
 * The data the report page reads from its `perf-data` script block: what sorting, filtering, sparklines and the
 * lazily drawn charts need. Compact because a 5,000 × 200-point report must stay a few MB.
 */
export interface HtmlPayload {
  /** Runs the trends refer to: [short commit, full commit, ISO time, branch]. */
  runs: Array<[string, string, string, string]>
  /** Run-index sequences; most measurements share one history, so each sequence is stored once. */
  sequences: number[][]
  /** Labels of the detail panel's statistics, shared by every measurement's `details`. */
  detailLabels: string[]
  /** Milliseconds → display unit factors, by unit label. */
  perMs: Record<TimeUnit['label'], number>
  /** The first row the page script builds from `durations` instead of markup (htmlView.ts `clientRowsFrom`). */
  clientRowsFrom: number
  /** How many measurements (rows) there are: `measurements`, then `durations`. */
  measurementCount: number
  /** The rows from `clientRowsFrom` on: plain test durations, column by column. */
  durations: HtmlPayloadDurations
  /** The rows before `clientRowsFrom`, in the order of the table and of `PerfReport.measurements`. */
  measurements: HtmlPayloadMeasurement[]
}

export interface HtmlPayloadMeasurement {
  id: string
  name: string
  file: string
  test: string
  kind: MeasurementKind
  verdict: RowVerdict
  medianMs: number
  p95Ms: number
  n: number
  changePercent: number | null
  /** Display unit of this measurement's charts. */
  unit: TimeUnit['label']
  /**
   * Only on the rows of `durations` (the page builds their markup): the row's median, p95 and n as displayed, and 1
   * when it has a trend line.
   */
  cells?: [median: string, p95: string, n: string, hasTrend: 0 | 1]
  histogram?: Histogram
  trend?: HtmlPayloadTrend
  /** Pre-formatted statistics for the detail panel: [index into `detailLabels`, value]. */
  details: Array<[number, string]>
  reason?: string
  /** URL-encoded relative link to the CPU profile. */
  profileHref?: string
}

/** Builds the page's data from a report. Pure. */
export function buildHtmlPayload(report: PerfReport): HtmlPayload {
  // The page's run table is the report's: each run once, in the order trends first refer to it.
  const runs: HtmlPayload['runs'] = report.trendRuns.map((run) => [shortCommit(run.commit), run.commit, run.time, run.branch ?? ''])
  const sequences: number[][] = []
  const sequenceIndex = new Map<string, number>()

  const buildTrend = (trend: Trend): HtmlPayloadTrend => {
    // Most test durations share one sequence of runs: stored once.
    const key = trend.runs.join(',')
    let index = sequenceIndex.get(key)
    if (index === undefined) {
      index = sequences.length
      sequenceIndex.set(key, index)
      sequences.push(trend.runs)
    }
    const { steps, stepMs } = quantize(trend.medianMs)
    return { sequence: index, median: steps, stepMs, baseline: trend.baseline ?? -1, changePoints: trend.changePoints ?? [] }
  }

  const { values: detailLabels, indexOf: indexOfLabel } = stringTable()

  const clientFrom = clientRowsFrom(report.measurements)
  const measurements = report.measurements.slice(0, clientFrom).map((m): HtmlPayloadMeasurement => {
    const unit = timeUnitFor(m.stats.medianMs)
    const entry: HtmlPayloadMeasurement = {
      id: m.id,
      name: m.name,
      file: m.file,
      test: m.testName,
      kind: m.kind,
      verdict: rowVerdictOf(m),
      // Sort keys and chart labels only: six significant digits are plenty and a third of a double's bytes.
      medianMs: sixSignificantDigits(m.stats.medianMs),
      p95Ms: sixSignificantDigits(m.stats.p95Ms),
      n: m.stats.n,
      changePercent: m.comparison?.changePercent === undefined ? null : sixSignificantDigits(m.comparison.changePercent),
      unit: unit.label,
      // The first non-primitive field: the page reads the fields before it for sorting (report.data.js `summary`).
      details: details(m, unit).map(([label, value]) => [indexOfLabel(label), value]),
    }
    const histogram = binSamples(m.samplesMs, m.baselineSamplesMs)
    if (histogram !== undefined)
      entry.histogram = { ...histogram, startMs: sixSignificantDigits(histogram.startMs), binMs: sixSignificantDigits(histogram.binMs) }
    if (m.trend !== undefined && m.trend.runs.length > 0) entry.trend = buildTrend(m.trend)
    if (m.comparison !== undefined) entry.reason = m.comparison.reason
    if (m.profilePath !== undefined) entry.profileHref = relativeHref(m.profilePath)
    return entry
  })
  const durations = durationColumns(report.measurements.slice(clientFrom), buildTrend, indexOfLabel)
  const perMs = Object.fromEntries(TIME_UNITS.map((u) => [u.label, u.perMs])) as Record<TimeUnit['label'], number>
  return {
    runs,
    sequences,
    detailLabels,
    perMs,
    clientRowsFrom: clientFrom,
    measurementCount: report.measurements.length,
    // Before `measurements`, which must be the last key (report.data.js): parsed with the header, all at once.
    durations,
    measurements,
  }
}

/**
 * Measurement `index` of a payload as the page sees it (report.data.js does the same): an element of
 * `measurements`, or a row of `durations` as an object. For tests and tools.
 */
export function payloadMeasurement(payload: HtmlPayload, index: number): HtmlPayloadMeasurement {
  if (index < payload.clientRowsFrom) return payload.measurements[index] as HtmlPayloadMeasurement
  const d = payload.durations
  const k = index - payload.clientRowsFrom
  const at = <T>(column: readonly T[]): T => column[k] as T
  const file = d.texts[at(d.file)] as string
  const name = d.texts[at(d.name)] as string
  const test = at(d.test)
  const id = at(d.id)
  const median = at(d.trendMedian)
  const m: HtmlPayloadMeasurement = {
    id: id === 0 ? legacyMeasurementId({ file, testName: test, name }) : id,
    name,
    file,
    test,
    kind: 'test-duration',
    verdict: 'duration',
    medianMs: at(d.medianMs),
    p95Ms: at(d.p95Ms),
    n: at(d.n),
    changePercent: null,
    unit: d.texts[at(d.unit)] as TimeUnit['label'],
    cells: [
      d.texts[at(d.medianText)] as string,
      d.texts[at(d.p95Text)] as string,
      d.texts[at(d.nText)] as string,
      median.length > 1 ? 1 : 0,
    ],
    details: [[d.subjectLabel, d.texts[at(d.subject)] as string]],
  }
  if (at(d.trendSequence) >= 0) {
    m.trend = {
      sequence: at(d.trendSequence),
      median,
      stepMs: at(d.trendStepMs),
      baseline: d.trendBaseline[k] ?? -1,
      changePoints: d.trendChangePoints[k] ?? [],
    }
  }
  return m
}

/**
 * A link that can only point at a file: every segment is percent-encoded (so `javascript:` cannot be a scheme) and
 * leading slashes collapse to one (so `//host/x` cannot reach another host).
 */
export function relativeHref(path: string): string {
  const segments = path.replace(/\\/g, '/').replace(/^\/+/, '/').split('/')
  return segments.map((segment) => encodeURIComponent(segment)).join('/')
}
