/**
 * Histogram of a measurement's samples with its baseline's samples on the same bins. Binned when the report is
 * rendered rather than in the page: 30 counts weigh far less than thousands of raw samples per measurement.
 */
import { quantile, sortSamples, type SortedSamples } from '../../src/stats/summarize.js'

export interface Histogram {
  /** Lower edge of the first bin, in ms. */
  startMs: number
  /** Width of every bin, in ms. */
  binMs: number
  /** Samples per bin; the last bin also holds everything above the range (see `overflow`). */
  current: number[]
  baseline?: number[]
  /** True when samples below the range were folded into the first bin. */
  underflow: boolean
  /** True when samples above the range were folded into the last bin. */
  overflow: boolean
}

/** Never more bins than this: beyond ~30 bars the overlay becomes unreadable at the report's chart size. */
export const MAX_HISTOGRAM_BINS = 30
/**
 * The range stops at Tukey's far-out fences (quartiles ∓ 3·IQR) so one 50× outlier does not squeeze every other
 * sample into a single bar; samples beyond are counted in the first or last bin.
 */
const FENCE_IQR = 3

/** Beyond this share of one side's samples outside its fences, that side's range widens to its 1st–99th percentile. */
const MAX_CLIPPED_SHARE = 0.05

/**
 * The range that shows one side's samples: its far-out fences, within its min and max. A side whose quartiles sit
 * close together (batched ns-scale timings, a bimodal run) can have many samples beyond the fences; then its
 * 1st–99th percentile range is kept as well, so no more than ~2% fold into the edge bins.
 */
function sideRange(sorted: SortedSamples): [number, number] {
  const min = sorted[0] ?? 0
  const max = sorted[sorted.length - 1] ?? min
  const q1 = quantile(sorted, 0.25)
  const q3 = quantile(sorted, 0.75)
  let lo = Math.max(min, q1 - FENCE_IQR * (q3 - q1))
  let hi = Math.min(max, q3 + FENCE_IQR * (q3 - q1))
  let outside = 0
  for (const x of sorted) if (x < lo || x > hi) outside++
  if (outside > MAX_CLIPPED_SHARE * sorted.length) {
    lo = Math.min(lo, quantile(sorted, 0.01))
    hi = Math.max(hi, quantile(sorted, 0.99))
  }
  return [lo, hi]
}

/**
 * Bins `currentMs` and `baselineMs` on shared bins spanning both, each side clipped to its own far-out fences (a
 * tight baseline must not fold a wider current run into the last bar).
 * The bin count follows the Rice rule (2·∛n), capped at `MAX_HISTOGRAM_BINS`. Undefined with fewer than 2 samples.
 */
export function binSamples(currentMs: readonly number[], baselineMs?: readonly number[]): Histogram | undefined {
  const current = finite(currentMs)
  const baseline = baselineMs === undefined ? undefined : finite(baselineMs)
  if (current.length < 2) return undefined
  const sides = [sortSamples(current)]
  if (baseline !== undefined && baseline.length > 0) sides.push(sortSamples(baseline))
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const side of sides) {
    const [sideLo, sideHi] = sideRange(side)
    min = Math.min(min, side[0] as number)
    max = Math.max(max, side[side.length - 1] as number)
    lo = Math.min(lo, sideLo)
    hi = Math.max(hi, sideHi)
  }
  if (hi <= lo) hi = max
  const total = current.length + (baseline?.length ?? 0)
  const bins = hi > lo ? Math.min(MAX_HISTOGRAM_BINS, Math.max(5, Math.ceil(2 * Math.cbrt(total)))) : 1
  // A degenerate range (all samples equal) still gets a visible bar of non-zero width.
  const binMs = hi > lo ? (hi - lo) / bins : Math.max(Math.abs(lo) * 0.01, 1e-9)
  const histogram: Histogram = {
    startMs: lo,
    binMs,
    current: count(current, lo, binMs, bins),
    underflow: min < lo,
    overflow: max > hi,
  }
  if (baseline !== undefined && baseline.length > 0) histogram.baseline = count(baseline, lo, binMs, bins)
  return histogram
}

function count(samples: readonly number[], lo: number, binMs: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0)
  for (const x of samples) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((x - lo) / binMs)))
    counts[bin] = (counts[bin] ?? 0) + 1
  }
  return counts
}

function finite(samples: readonly number[]): number[] {
  return samples.filter((x) => Number.isFinite(x))
}
