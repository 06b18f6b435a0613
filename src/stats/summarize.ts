import type { Statistics } from '../model/types.js'

/** Samples sorted ascending. Branded so that functions needing order cannot be handed unsorted data. */
export type SortedSamples = readonly number[] & { readonly __sorted: true }

/** Sorts a copy of the samples ascending. The only way to make a `SortedSamples`. */
export function sortSamples(samples: readonly number[]): SortedSamples {
  return Array.from(Float64Array.from(samples).sort()) as unknown as SortedSamples
}

/** Quantile by linear interpolation between order statistics (Hyndman & Fan type 7, R's default). */
export function quantile(sorted: SortedSamples, q: number): number {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const position = (n - 1) * q
  const lower = Math.floor(position)
  const fraction = position - lower
  const a = sorted[lower] as number
  // On an order statistic exactly: its value (a + (b − a)·0 is NaN when the next one is infinite).
  if (fraction === 0) return a
  const b = sorted[Math.min(lower + 1, n - 1)] as number
  return a + (b - a) * fraction
}

/** Median of unsorted values (the type-7 quantile at ½: the mean of the two middle values for even n). */
export function median(values: readonly number[]): number {
  const n = values.length
  if (n === 0 || n > SMALL_MEDIAN) return quantile(sortSamples(values), 0.5)
  // Short series (trends, change points: thousands of calls per report) sorted in place by insertion, without the
  // typed-array round trip; NaN keeps the general path, whose order for it is defined.
  const sorted = values.slice()
  for (let i = 1; i < n; i++) {
    const x = sorted[i] as number
    if (Number.isNaN(x)) return quantile(sortSamples(values), 0.5)
    let j = i - 1
    while (j >= 0 && (sorted[j] as number) > x) {
      sorted[j + 1] = sorted[j] as number
      j--
    }
    sorted[j + 1] = x
  }
  if (Number.isNaN(sorted[0] as number)) return quantile(sortSamples(values), 0.5)
  return middleOfSorted(sorted, n)
}

/**
 * The median of the first `n` values of an ascending array: the middle one, or the two middle ones interpolated at
 * ½ as quantile() interpolates, to the last bit.
 */
export function middleOfSorted(sorted: ArrayLike<number>, n: number): number {
  const mid = n >> 1
  if (n % 2 === 1) return sorted[mid] as number
  const a = sorted[mid - 1] as number
  return a + ((sorted[mid] as number) - a) * 0.5
}

/** Up to this many values, `median` sorts by insertion (a typed array's sort is faster beyond). */
export const SMALL_MEDIAN = 32

/**
 * Modified z-score threshold for outliers (Iglewicz & Hoaglin 1993): |0.6745·(x − median) / MAD| > 3.5.
 * Outliers are counted and flagged, never removed: rank statistics are robust to them anyway.
 */
export const OUTLIER_MODIFIED_Z = 3.5
const MAD_TO_Z = 0.6745

/** Indices (in the given order) of samples flagged as outliers by the modified z-score. */
export function outlierIndices(samples: readonly number[], medianMs: number, madMs: number): number[] {
  const flagged: number[] = []
  if (madMs === 0) return flagged
  for (let i = 0; i < samples.length; i++) {
    const z = (MAD_TO_Z * ((samples[i] as number) - medianMs)) / madMs
    if (Math.abs(z) > OUTLIER_MODIFIED_Z) flagged.push(i)
  }
  return flagged
}

/** Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom; 1.96 (normal) beyond. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
]

function tCritical95(degreesOfFreedom: number): number {
  return T_975[degreesOfFreedom - 1] ?? 1.96
}

/** Summary statistics of per-operation samples (ms). Every sample counts; nothing is trimmed. */
export function summarize(samples: readonly number[]): Statistics {
  const n = samples.length
  if (n === 0) throw new RangeError('summarize() needs at least one sample')
  const sorted = sortSamples(samples)
  let sum = 0
  for (const x of sorted) sum += x
  const meanMs = sum / n
  let squares = 0
  for (const x of sorted) squares += (x - meanMs) ** 2
  const sdMs = n > 1 ? Math.sqrt(squares / (n - 1)) : 0
  const medianMs = quantile(sorted, 0.5)
  const madMs = quantile(sortSamples(sorted.map((x) => Math.abs(x - medianMs))), 0.5)
  const semMs = sdMs / Math.sqrt(n)
  return {
    n,
    minMs: sorted[0] as number,
    maxMs: sorted[n - 1] as number,
    meanMs,
    medianMs,
    p75Ms: quantile(sorted, 0.75),
    p90Ms: quantile(sorted, 0.9),
    p95Ms: quantile(sorted, 0.95),
    p99Ms: quantile(sorted, 0.99),
    sdMs,
    madMs,
    rmePercent: n > 1 && meanMs > 0 ? (tCritical95(n - 1) * semMs * 100) / meanMs : 0,
    opsPerSecond: meanMs > 0 ? 1000 / meanMs : Number.POSITIVE_INFINITY,
    outliers: outlierIndices(sorted, medianMs, madMs).length,
  }
}

/** Keeps at most `cap` samples, evenly strided through the run so the retained ones still span it in order. */
export function capSamples(samples: readonly number[], cap: number): number[] {
  if (samples.length <= cap) return samples.slice()
  if (cap === 1) return [samples[0] as number]
  const kept: number[] = []
  // First and last sample both kept: the retained ones span the whole run.
  const stride = (samples.length - 1) / (cap - 1)
  for (let i = 0; i < cap; i++) kept.push(samples[Math.round(i * stride)] as number)
  return kept
}
