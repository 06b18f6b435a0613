import type { ReportMeasurement, Trend } from '../../src/model/report.js'
import { formatMs, sixSignificantDigits } from '../../src/format.js'
import { legacyMeasurementId } from '../../src/model/types.js'
import { formatCount, timeUnitFor } from './htmlFormat.js'
import type { HtmlPayloadTrend } from './trendSteps.js'

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

/** The columns of `HtmlPayloadDurations` for plain test durations (htmlView.ts `isPlainDuration`). */
export function durationColumns(
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
export function stringTable(): { values: string[]; indexOf: (value: string) => number } {
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
