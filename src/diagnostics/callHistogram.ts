/**
 * A fixed-size log-linear histogram of durations (HdrHistogram's bucket layout, 2 significant binary digits of
 * 6 bits): values below 128 ns each get their own 1 ns bucket; above, every power of two is split into 64 equal
 * buckets. Reading a bucket's midpoint is off by at most half a bucket: ≤ 1/128 ≈ 0.8% relative error (≤ 0.5 ns
 * below 128 ns). Memory is fixed (2,496 counters, ~20 KB) whatever the number of calls, which is why it is used
 * instead of a reservoir: a reservoir of the same size has a sampling error that grows in the tails (p99 of 10⁶
 * calls from 2,500 samples) while this one's error is the same at every percentile.
 */
import type { CallSummary } from '../model/diagnostics.js'

const SUB_BITS = 6
const SUB_BUCKETS = 1 << SUB_BITS
/** Largest power of two kept apart: 2⁴³ ns ≈ 2.4 hours; longer calls share the last bucket (max stays exact). */
const MAX_EXPONENT = 43
/** Number of counters of one histogram. */
export const HISTOGRAM_BUCKETS: number = (MAX_EXPONENT - SUB_BITS) * SUB_BUCKETS + 2 * SUB_BUCKETS
/** Worst relative error of a percentile read from the histogram (half a bucket over the bucket's lower edge). */
export const HISTOGRAM_RELATIVE_ERROR: number = 1 / (2 * SUB_BUCKETS)

/** Counters of one histogram. */
export type Buckets = Float64Array

/** A new, empty histogram. */
export function createBuckets(): Buckets {
  return new Float64Array(HISTOGRAM_BUCKETS)
}

/** The bucket of a duration in ns (negative and NaN durations count as 0). */
export function bucketIndex(ns: number): number {
  if (!(ns >= 2 * SUB_BUCKETS)) return ns > 0 ? Math.floor(ns) : 0
  // Integer ops up to 2³² ns (4.3 s), the hot case; longer durations take the slower float path.
  if (ns < 4_294_967_296) {
    const shift = 31 - Math.clz32(ns) - SUB_BITS
    return shift * SUB_BUCKETS + (ns >>> shift)
  }
  const exponent = Math.floor(Math.log2(ns))
  if (exponent > MAX_EXPONENT) return HISTOGRAM_BUCKETS - 1
  const shift = exponent - SUB_BITS
  return shift * SUB_BUCKETS + Math.floor(ns / 2 ** shift)
}

/** The lower edge and width of a bucket, in ns. */
export function bucketBounds(index: number): { lowNs: number; widthNs: number } {
  if (index < 2 * SUB_BUCKETS) return { lowNs: index, widthNs: 1 }
  const shift = Math.floor(index / SUB_BUCKETS) - 1
  const sub = index - shift * SUB_BUCKETS
  return { lowNs: sub * 2 ** shift, widthNs: 2 ** shift }
}

/** The nearest-rank quantile `q` (0–1) of a histogram holding `count` values, in ns, clamped to [min, max]. */
export function quantileNs(buckets: Buckets, count: number, q: number, minNs: number, maxNs: number): number {
  if (count === 0) return Number.NaN
  const rank = Math.max(1, Math.ceil(q * count))
  let seen = 0
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i] as number
    if (seen >= rank) {
      const { lowNs, widthNs } = bucketBounds(i)
      return Math.min(maxNs, Math.max(minNs, lowNs + widthNs / 2))
    }
  }
  return maxNs
}

/** The non-empty buckets as `[index, count, index, count, …]`: what crosses the worker → reporter boundary. */
export function toSparse(buckets: Buckets): number[] {
  const sparse: number[] = []
  for (let i = 0; i < buckets.length; i++) {
    const c = buckets[i] as number
    if (c > 0) sparse.push(i, c)
  }
  return sparse
}

/** Adds a sparse histogram into `into` (merging tests or workers is exact: same bucket layout everywhere). */
export function addSparse(into: Buckets, sparse: readonly number[]): void {
  for (let i = 0; i + 1 < sparse.length; i += 2) {
    const index = sparse[i] as number
    if (Number.isInteger(index) && index >= 0 && index < into.length) into[index] = (into[index] as number) + (sparse[i + 1] as number)
  }
}

/** Exact count/total/min/max/mean with the histogram's p50/p95/p99; all in ms. */
export function summarizeBuckets(buckets: Buckets, exact: { count: number; totalMs: number; minMs: number; maxMs: number }): CallSummary {
  const { count, totalMs, minMs, maxMs } = exact
  if (count === 0) return { count: 0, totalMs: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0 }
  const q = (p: number): number => quantileNs(buckets, count, p, minMs * 1e6, maxMs * 1e6) / 1e6
  return { count, totalMs, minMs, maxMs, meanMs: totalMs / count, p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99) }
}
