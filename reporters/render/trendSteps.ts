/**
 * The compact form of a trend's medians in the report page's data (htmlPayload.ts): integer steps, delta-coded.
 * The page undoes it in report.charts.js (`decodeTrend`).
 */

/** A trend in the page's data: its runs by sequence, its medians as `quantize` codes them. */
export interface HtmlPayloadTrend {
  /** Index into `HtmlPayload.sequences`. */
  sequence: number
  /**
   * Median per point in multiples of `stepMs` (the smallest is about 1,000 steps; whole milliseconds in steps of
   * 1 ms), delta-coded from the previous non-null point: small integers are a fraction of the bytes of doubles, and
   * plenty for a chart. Null when not finite. `decodeTrendSteps` (and decodeTrend in the page) restores the steps.
   */
  median: Array<number | null>
  stepMs: number
  /** Position of the baseline point, or −1. */
  baseline: number
  changePoints: number[]
}

/**
 * Medians as integer multiples of one step (shorter JSON than floats), the step chosen from the smallest value so
 * that every point is rounded by at most 0.05%: one 100 ms cold run among 1 µs runs must not round them all to 0.
 * The smallest value is about 1,000 steps (a power of ten would make it up to 9,999, and every delta up to ten
 * times longer: the trends are half of a 5,000-row page's data).
 */
export function quantize(valuesMs: number[]): { steps: Array<number | null>; stepMs: number } {
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
