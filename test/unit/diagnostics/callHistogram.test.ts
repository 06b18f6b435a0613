import { describe, expect, it } from 'vitest'
import {
  addSparse,
  bucketBounds,
  bucketIndex,
  createBuckets,
  HISTOGRAM_BUCKETS,
  HISTOGRAM_RELATIVE_ERROR,
  quantileNs,
  summarizeBuckets,
  toSparse,
} from '../../../src/diagnostics/callHistogram.js'
import { seededRandom } from '../../helpers/seededRandom.js'

describe('bucketIndex() / bucketBounds()', () => {
  it('gives every value below 128 ns its own bucket', () => {
    for (const ns of [0, 1, 63, 64, 127]) expect(bucketIndex(ns + 0.4)).toBe(ns)
    expect(bucketBounds(127)).toEqual({ lowNs: 127, widthNs: 1 })
  })

  it('places every value inside the bounds of its bucket, with buckets contiguous and increasing', () => {
    let previousEnd = 0
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
      const { lowNs, widthNs } = bucketBounds(i)
      expect(lowNs).toBe(previousEnd)
      previousEnd = lowNs + widthNs
    }
    for (const ns of [128, 129, 1_000, 65_535, 1e6, 4_294_967_295, 4_294_967_296, 1e12]) {
      const { lowNs, widthNs } = bucketBounds(bucketIndex(ns))
      expect(ns).toBeGreaterThanOrEqual(lowNs)
      expect(ns).toBeLessThan(lowNs + widthNs)
    }
  })

  it('keeps buckets no wider than 1/64 of their lower edge', () => {
    for (let i = 128; i < HISTOGRAM_BUCKETS; i += 37) {
      const { lowNs, widthNs } = bucketBounds(i)
      expect(widthNs / lowNs).toBeLessThanOrEqual(1 / 64)
    }
  })

  it('counts negative and NaN durations as 0 and clamps hours-long ones into the last bucket', () => {
    expect(bucketIndex(-5)).toBe(0)
    expect(bucketIndex(Number.NaN)).toBe(0)
    expect(bucketIndex(1e18)).toBe(HISTOGRAM_BUCKETS - 1)
  })
})

describe('quantileNs()', () => {
  it('reads percentiles within the documented relative error of the exact sorted values', () => {
    const random = seededRandom(7)
    const values: number[] = []
    const buckets = createBuckets()
    for (let i = 0; i < 100_000; i++) {
      // Log-uniform from 100 ns to 100 ms: every octave of the layout is exercised.
      const ns = 100 * 10 ** (6 * random())
      values.push(ns)
      const index = bucketIndex(ns)
      buckets[index] = (buckets[index] as number) + 1
    }
    values.sort((a, b) => a - b)
    for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = values[Math.ceil(q * values.length) - 1] as number
      const read = quantileNs(buckets, values.length, q, values[0] as number, values.at(-1) as number)
      expect(Math.abs(read - exact) / exact).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR)
    }
  })

  it('returns NaN for an empty histogram and stays within [min, max]', () => {
    expect(quantileNs(createBuckets(), 0, 0.5, 0, 0)).toBeNaN()
    const buckets = createBuckets()
    buckets[bucketIndex(1_000_000)] = 1
    expect(quantileNs(buckets, 1, 0.99, 1_000_000, 1_000_000)).toBe(1_000_000)
  })
})

describe('toSparse() / addSparse() / summarizeBuckets()', () => {
  it('round-trips the non-empty buckets and merges histograms exactly', () => {
    const a = createBuckets()
    const b = createBuckets()
    a[bucketIndex(1_000)] = 3
    b[bucketIndex(1_000)] = 2
    b[bucketIndex(5e6)] = 1
    const merged = createBuckets()
    addSparse(merged, toSparse(a))
    addSparse(merged, toSparse(b))
    expect(toSparse(merged)).toEqual([bucketIndex(1_000), 5, bucketIndex(5e6), 1])
  })

  it('ignores malformed sparse entries instead of writing outside the histogram', () => {
    const into = createBuckets()
    addSparse(into, [-1, 5, HISTOGRAM_BUCKETS, 5, 1.5, 5, 3])
    expect(toSparse(into)).toEqual([])
  })

  it('summarizes with exact count, total, min, max and mean', () => {
    const buckets = createBuckets()
    for (const ms of [1, 2, 3, 10]) buckets[bucketIndex(ms * 1e6)] = (buckets[bucketIndex(ms * 1e6)] as number) + 1
    const summary = summarizeBuckets(buckets, { count: 4, totalMs: 16, minMs: 1, maxMs: 10 })
    expect(summary).toMatchObject({ count: 4, totalMs: 16, minMs: 1, maxMs: 10, meanMs: 4 })
    expect(summary.p50Ms).toBeCloseTo(2, 1)
    expect(summary.p99Ms).toBe(10)
    expect(summarizeBuckets(createBuckets(), { count: 0, totalMs: 0, minMs: Infinity, maxMs: 0 }).minMs).toBe(0)
  })
})
