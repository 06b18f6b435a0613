import type { PerfReport, ReportMeasurement, Trend } from '../../src/model/report.js'
import type { MeasurementKind } from '../../src/model/types.js'
import { binSamples, type Histogram } from './htmlHistogram.js'
import { formatCount, formatInUnit, formatNumber, shortCommit, TIME_UNITS, timeUnitFor, type TimeUnit } from './htmlFormat.js'
import type { RowVerdict } from './verdicts.js'
import { rowVerdictOf } from './verdicts.js'
import { clientRowsFrom } from './htmlView.js'
import { formatMs, formatOps, sixSignificantDigits } from '../../src/format.js'
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

/**
 * The plain test durations that end the table (htmlView.ts `clientRowsFrom`), one array per field, position k being
 * row `clientRowsFrom + k`. A suite's thousands of them differ only in names and a few numbers, so the fields every
 * row shares are not repeated (kind `test-duration`, verdict `duration`, no change, no histogram) and repeated
 * strings are indices into `texts`: ~120 bytes a row instead of ~470 as objects. `payloadMeasurement` (and
 * report.data.js in the page) turn a position back into an `HtmlPayloadMeasurement`.
 */
export interface HtmlPayloadDurations {
  /** The distinct strings of the columns that index it: files, names, units, subjects and displayed figures. */
  texts: string[]
  /** Index of `subject` in `HtmlPayload.detailLabels` (a row's only statistic), or −1 without rows. */
  subjectLabel: number
  file: number[]
  name: number[]
  test: string[]
  /** 0 where the id is `file > test > name` (the page writes it then), else the id. */
  id: Array<string | 0>
  medianMs: number[]
  p95Ms: number[]
  n: number[]
  unit: number[]
  subject: number[]
  /** The median, p95 and n as the row shows them (htmlView.ts `rowFigures`). */
  medianText: number[]
  p95Text: number[]
  nText: number[]
  /** `HtmlPayloadTrend.sequence`, or −1 for a row without a trend (whose step and medians are then 0 and []). */
  trendSequence: number[]
  trendStepMs: number[]
  trendMedian: Array<Array<number | null>>
  /** Only where there is one, by position: most test durations have neither. */
  trendBaseline: Record<number, number>
  trendChangePoints: Record<number, number[]>
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

export interface HtmlPayloadTrend {
  /** Index into `HtmlPayload.sequences`. */
  sequence: number
  /**
   * Median per point in multiples of `stepMs` (the smallest is about 1,000 steps; whole milliseconds in steps of
   * 1 ms), delta-coded from the
   * previous non-null point: small integers are a fraction of the bytes of doubles, and plenty for a chart. Null
   * when not finite. `decodeTrendSteps` (and decodeTrend in the page) restore the steps.
   */
  median: Array<number | null>
  stepMs: number
  /** Position of the baseline point, or −1. */
  baseline: number
  changePoints: number[]
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

/** The columns of `HtmlPayloadDurations` for plain test durations (htmlView.ts `isPlainDuration`). */
function durationColumns(
  list: readonly ReportMeasurement[],
  buildTrend: (trend: Trend) => HtmlPayloadTrend,
  indexOfLabel: (label: string) => number,
): HtmlPayloadDurations {
  const { values: texts, indexOf: text } = stringTable()
  // Runners report whole milliseconds, so a suite's durations take few distinct values: each formatted once.
  const msTexts = new Map<number, number>()
  const msText = (ms: number): number => {
    let index = msTexts.get(ms)
    if (index === undefined) {
      index = text(formatMs(ms))
      msTexts.set(ms, index)
    }
    return index
  }
  const d: HtmlPayloadDurations = {
    texts,
    subjectLabel: list.length > 0 ? indexOfLabel('subject') : -1,
    file: [],
    name: [],
    test: [],
    id: [],
    medianMs: [],
    p95Ms: [],
    n: [],
    unit: [],
    subject: [],
    medianText: [],
    p95Text: [],
    nText: [],
    trendSequence: [],
    trendStepMs: [],
    trendMedian: [],
    trendBaseline: {},
    trendChangePoints: {},
  }
  list.forEach((m, k) => {
    const s = m.stats
    d.file.push(text(m.file))
    d.name.push(text(m.name))
    d.test.push(m.testName)
    d.id.push(m.id === legacyMeasurementId(m) ? 0 : m.id)
    d.medianMs.push(sixSignificantDigits(s.medianMs))
    d.p95Ms.push(sixSignificantDigits(s.p95Ms))
    d.n.push(s.n)
    d.unit.push(text(timeUnitFor(s.medianMs).label))
    d.subject.push(text(m.subject))
    d.medianText.push(msText(s.medianMs))
    d.p95Text.push(msText(s.p95Ms))
    d.nText.push(text(formatCount(s.n)))
    const trend = m.trend !== undefined && m.trend.runs.length > 0 ? buildTrend(m.trend) : undefined
    d.trendSequence.push(trend?.sequence ?? -1)
    d.trendStepMs.push(trend?.stepMs ?? 0)
    d.trendMedian.push(trend?.median ?? [])
    if (trend !== undefined && trend.baseline >= 0) d.trendBaseline[k] = trend.baseline
    if (trend !== undefined && trend.changePoints.length > 0) d.trendChangePoints[k] = trend.changePoints
  })
  return d
}

/** Distinct strings in order of first use, and each one's index among them: the payload stores indices. */
function stringTable(): { values: string[]; indexOf: (value: string) => number } {
  const values: string[] = []
  const index = new Map<string, number>()
  const indexOf = (value: string): number => {
    let at = index.get(value)
    if (at === undefined) {
      at = values.push(value) - 1
      index.set(value, at)
    }
    return at
  }
  return { values, indexOf }
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

function details(m: ReportMeasurement, unit: TimeUnit): Array<[string, string]> {
  const s = m.stats
  // One sample (a test's duration, a single-shot matcher): every statistic would repeat it, and there are thousands.
  const rows: Array<[string, string]> = s.n === 1 ? [['subject', m.subject]] : spreadDetails(m, unit)
  if (m.perYield !== undefined) rows.push(['per yield', formatInUnit(m.perYield.medianMs, timeUnitFor(m.perYield.medianMs))])
  const c = m.comparison
  if (c !== undefined) {
    if (c.baselineMedianMs !== undefined) rows.push(['baseline median', formatInUnit(c.baselineMedianMs, unit)])
    if (c.absoluteChangeMs !== undefined)
      rows.push(['change', `${c.absoluteChangeMs >= 0 ? '+' : '−'}${formatInUnit(Math.abs(c.absoluteChangeMs), unit)}`])
    if (c.pValue !== undefined) rows.push(['p-value', pValue(c.pValue, c.adjustedPValue)])
    if (c.noiseFloorPercent !== undefined) rows.push(['noise floor', `±${c.noiseFloorPercent.toFixed(1)}%`])
    if (c.machineChangePercent !== undefined)
      rows.push(['machine vs baseline', `${c.machineChangePercent >= 0 ? '+' : '−'}${Math.abs(c.machineChangePercent).toFixed(1)}%`])
    if (c.minDetectablePercent !== undefined) rows.push(['detectable', `≥ ${formatNumber(c.minDetectablePercent)}%`])
    if (c.baseN !== undefined && c.headN !== undefined) rows.push(['n base → head', `${formatCount(c.baseN)} → ${formatCount(c.headN)}`])
    if (c.baselineCommit !== undefined) rows.push(['baseline commit', shortCommit(c.baselineCommit)])
  }
  return rows
}

/** The statistics of a measurement with several samples, for its detail panel. */
function spreadDetails(m: ReportMeasurement, unit: TimeUnit): Array<[string, string]> {
  const s = m.stats
  return [
    ['min', formatInUnit(s.minMs, unit)],
    ['mean', formatInUnit(s.meanMs, unit)],
    ['p75', formatInUnit(s.p75Ms, unit)],
    ['p90', formatInUnit(s.p90Ms, unit)],
    ['p99', formatInUnit(s.p99Ms, unit)],
    ['max', formatInUnit(s.maxMs, unit)],
    ['sd', formatInUnit(s.sdMs, unit)],
    ['MAD', formatInUnit(s.madMs, unit)],
    ['±RME', `${formatNumber(s.rmePercent)}%`],
    ['throughput', formatOps(s.opsPerSecond)],
    ['outliers', `${formatCount(s.outliers)} of ${formatCount(s.n)}`],
    ['batch', `${formatCount(m.batchSize)} op/sample`],
    ['subject', m.subject],
  ]
}

function pValue(p: number, adjusted: number | undefined): string {
  const text = (x: number): string => (x < 0.001 ? '< 0.001' : x.toFixed(3))
  return adjusted === undefined ? text(p) : `${text(p)} (Holm ${text(adjusted)})`
}

/**
 * A link that can only point at a file: every segment is percent-encoded (so `javascript:` cannot be a scheme) and
 * leading slashes collapse to one (so `//host/x` cannot reach another host).
 */
export function relativeHref(path: string): string {
  const segments = path.replace(/\\/g, '/').replace(/^\/+/, '/').split('/')
  return segments.map((segment) => encodeURIComponent(segment)).join('/')
}

/**
 * Medians as integer multiples of one step (shorter JSON than floats), the step chosen from the smallest value so
 * that every point is rounded by at most 0.05%: one 100 ms cold run among 1 µs runs must not round them all to 0.
 * The smallest value is about 1,000 steps (a power of ten would make it up to 9,999, and every delta up to ten
 * times longer: the trends are half of a 5,000-row page's data).
 */
function quantize(valuesMs: number[]): { steps: Array<number | null>; stepMs: number } {
  let minAbs = Number.POSITIVE_INFINITY
  let whole = true
  for (const x of valuesMs) {
    if (!Number.isFinite(x)) continue
    if (x !== 0) minAbs = Math.min(minAbs, Math.abs(x))
    if (!Number.isInteger(x)) whole = false
  }
  // Two significant digits keep the step short in the JSON; rounding may shrink the smallest to 950 steps. Whole
  // milliseconds (Jest's test durations, thousands of trends) are exact in steps of 1 ms, and their deltas a digit
  // or two where ~1,000 steps per value would take four.
  const fine = Number.isFinite(minAbs) ? Number((minAbs / 1000).toPrecision(2)) : 1
  const stepMs = whole && fine < 1 ? 1 : fine
  // Delta-coded: each value is the change from the previous non-null one (the first is absolute). Neighbouring runs
  // are close, so most entries are one or two digits instead of four or five: the embedded JSON of 5,000 × 200
  // points shrinks by a third, and so does the page's parse time. decodeTrend (report.charts.js) undoes it.
  let previous = 0
  const steps = valuesMs.map((x) => {
    if (!Number.isFinite(x)) return null
    const step = Math.round(x / stepMs)
    const delta = step - previous
    previous = step
    return delta
  })
  return { steps, stepMs }
}

/** Undoes the delta coding of `quantize` (the page does the same in report.charts.js); for tests and tools. */
export function decodeTrendSteps(steps: ReadonlyArray<number | null>): Array<number | null> {
  let value = 0
  return steps.map((delta) => (delta === null ? null : (value += delta)))
}
