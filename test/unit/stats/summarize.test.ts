import { describe, expect, it } from 'vitest'
import { capSamples, median, OUTLIER_MODIFIED_Z, outlierIndices, quantile, sortSamples, summarize } from '../../../src/stats/summarize.js'

/** 1…10 shuffled: summarize() must not depend on the order samples were taken in. */
const ONE_TO_TEN = [7, 1, 10, 3, 5, 2, 9, 4, 8, 6]

describe('sortSamples()', () => {
  it('returns the samples in ascending numeric order (not string order)', () => {
    expect(Array.from(sortSamples([10, 9, 1, 100, 2.5]))).toEqual([1, 2.5, 9, 10, 100])
  })

  it('does not mutate its input', () => {
    const samples = [3, 1, 2]
    const sorted = sortSamples(samples)
    expect(samples).toEqual([3, 1, 2])
    expect(sorted).not.toBe(samples)
  })
})

describe('quantile()', () => {
  // Hand-computed Hyndman & Fan type 7 (R: quantile(1:10, c(0, .25, .5, .75, .9, .95, .99, 1))).
  it.each([
    [0, 1],
    [0.25, 3.25],
    [0.5, 5.5],
    [0.75, 7.75],
    [0.9, 9.1],
    [0.95, 9.55],
    [0.99, 9.91],
    [1, 10],
  ])('interpolates the %s quantile of 1…10 as R type 7 does (%s)', (q, expected) => {
    expect(quantile(sortSamples(ONE_TO_TEN), q)).toBeCloseTo(expected, 12)
  })

  it('interpolates between two samples: the median of [1, 4] is 2.5 and its p90 is 3.7', () => {
    const sorted = sortSamples([4, 1])
    expect(quantile(sorted, 0.5)).toBe(2.5)
    expect(quantile(sorted, 0.9)).toBeCloseTo(3.7, 12)
  })

  it('returns the only sample for every q when there is one', () => {
    const sorted = sortSamples([42])
    for (const q of [0, 0.5, 0.99, 1]) expect(quantile(sorted, q)).toBe(42)
  })

  it('returns NaN for no samples', () => {
    expect(quantile(sortSamples([]), 0.5)).toBeNaN()
  })
})

describe('median()', () => {
  it('equals the type-7 quantile at ½ of the sorted copy, to the bit, on short and long inputs', () => {
    let seed = 7
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const pick = (): number => {
      const r = random()
      if (r < 0.05) return 0
      if (r < 0.1) return -0
      if (r < 0.15) return 3.000000000000001
      if (r < 0.2) return Number.POSITIVE_INFINITY
      return (random() - 0.3) * 10 ** Math.floor(random() * 8 - 4)
    }
    for (let n = 1; n <= 40; n++) {
      for (let round = 0; round < 25; round++) {
        const values = Array.from({ length: n }, pick)
        const copy = values.slice()
        // === (−0 and 0 are one median; the typed-array sort orders them, insertion keeps their input order).
        const [fast, general] = [median(values), quantile(sortSamples(values), 0.5)]
        expect(fast === general || (Number.isNaN(fast) && Number.isNaN(general)), `${values.join(', ')}: ${fast} vs ${general}`).toBe(true)
        expect(values).toEqual(copy)
      }
    }
    expect(median([2, Number.NaN, 1])).toBe(quantile(sortSamples([2, Number.NaN, 1]), 0.5))
    expect(median([Number.NaN, 5, 1, 3])).toBe(quantile(sortSamples([Number.NaN, 5, 1, 3]), 0.5))
    expect(median([])).toBeNaN()
  })
})

describe('outlierIndices()', () => {
  it('flags samples whose modified z-score |0.6745·(x − median)/MAD| exceeds 3.5, on both sides', () => {
    // median 0, MAD 0.6745 → z equals x.
    expect(outlierIndices([0, 3.49, 3.51, -3.51, -3.49, 100], 0, 0.6745)).toEqual([2, 3, 5])
  })

  it('does not flag a sample exactly at the threshold (strictly greater than 3.5)', () => {
    expect(OUTLIER_MODIFIED_Z).toBe(3.5)
    expect(outlierIndices([3.5], 0, 0.6745)).toEqual([])
  })

  it('flags nothing when the MAD is 0', () => {
    expect(outlierIndices([5, 5, 5, 1e9], 5, 0)).toEqual([])
  })

  it('returns indices in the order of the given samples', () => {
    expect(outlierIndices([100, 1, 1, -100], 1, 1)).toEqual([0, 3])
  })
})

describe('summarize()', () => {
  it('computes min, max, mean and the type-7 quantiles of 1…10', () => {
    const s = summarize(ONE_TO_TEN)
    expect(s.n).toBe(10)
    expect(s.minMs).toBe(1)
    expect(s.maxMs).toBe(10)
    expect(s.meanMs).toBe(5.5)
    expect(s.medianMs).toBe(5.5)
    expect(s.p75Ms).toBeCloseTo(7.75, 12)
    expect(s.p90Ms).toBeCloseTo(9.1, 12)
    expect(s.p95Ms).toBeCloseTo(9.55, 12)
    expect(s.p99Ms).toBeCloseTo(9.91, 12)
  })

  it('uses the sample standard deviation (n − 1 in the denominator)', () => {
    // Σ(x − 5.5)² = 82.5 over 1…10; 82.5 / 9 = 9.1666…
    expect(summarize(ONE_TO_TEN).sdMs).toBeCloseTo(Math.sqrt(82.5 / 9), 12)
    // [2, 4]: mean 3, Σ = 2, / (2 − 1) → sd √2 (the population sd would be 1).
    expect(summarize([2, 4]).sdMs).toBeCloseTo(Math.SQRT2, 12)
  })

  it('reports the unscaled median absolute deviation', () => {
    // |x − 5.5| for 1…10 → 0.5, 0.5, 1.5, 1.5, 2.5, 2.5, 3.5, 3.5, 4.5, 4.5 → median 2.5.
    expect(summarize(ONE_TO_TEN).madMs).toBe(2.5)
    // [1, 2, 3, 4, 100]: median 3, deviations 2, 1, 0, 1, 97 → MAD 1 (not inflated by the outlier).
    expect(summarize([1, 2, 3, 4, 100]).madMs).toBe(1)
  })

  it('computes rmePercent with Student t for n − 1 degrees of freedom', () => {
    // 1…10: t(0.975, 9) = 2.262; sem = sd / √10.
    const s = summarize(ONE_TO_TEN)
    const semMs = Math.sqrt(82.5 / 9) / Math.sqrt(10)
    expect(s.rmePercent).toBeCloseTo((2.262 * semMs * 100) / 5.5, 9)
    // [1, 3]: mean 2, sd √2, sem 1, t(0.975, 1) = 12.706 → 12.706 · 1 · 100 / 2.
    expect(summarize([1, 3]).rmePercent).toBeCloseTo(635.3, 9)
  })

  it('uses t for up to 30 degrees of freedom and 1.96 beyond', () => {
    const tOf = (n: number): number => {
      const samples = Array.from({ length: n }, (_, i) => 10 + (i % 2))
      const s = summarize(samples)
      return (s.rmePercent * s.meanMs) / ((s.sdMs / Math.sqrt(n)) * 100)
    }
    expect(tOf(31)).toBeCloseTo(2.042, 9)
    expect(tOf(32)).toBeCloseTo(1.96, 9)
    expect(tOf(1000)).toBeCloseTo(1.96, 9)
  })

  it('derives opsPerSecond from the mean in ms', () => {
    expect(summarize(ONE_TO_TEN).opsPerSecond).toBeCloseTo(1000 / 5.5, 9)
    expect(summarize([0.001]).opsPerSecond).toBeCloseTo(1e6, 3)
  })

  it('reports infinite throughput and no margin of error when every sample is 0 ms', () => {
    const s = summarize([0, 0, 0])
    expect(s.opsPerSecond).toBe(Number.POSITIVE_INFINITY)
    expect(s.rmePercent).toBe(0)
  })

  it('counts outliers with the modified z-score and keeps them in the statistics', () => {
    // median 11, MAD 1: 100 has z = 0.6745 · 89 ≈ 60; the 10s and 12s have z ≈ 0.67.
    const samples = [10, 10, 10, 11, 11, 11, 12, 12, 12, 100]
    const s = summarize(samples)
    expect(s.medianMs).toBe(11)
    expect(s.madMs).toBe(1)
    expect(s.outliers).toBe(1)
    expect(s.n).toBe(10)
    expect(s.maxMs).toBe(100)
  })

  it('counts no outliers when the MAD is 0, however far a sample lies', () => {
    const s = summarize([5, 5, 5, 5, 5, 1000])
    expect(s.madMs).toBe(0)
    expect(s.outliers).toBe(0)
  })

  it('summarizes a single sample with zero spread', () => {
    expect(summarize([2])).toEqual({
      n: 1,
      minMs: 2,
      maxMs: 2,
      meanMs: 2,
      medianMs: 2,
      p75Ms: 2,
      p90Ms: 2,
      p95Ms: 2,
      p99Ms: 2,
      sdMs: 0,
      madMs: 0,
      rmePercent: 0,
      opsPerSecond: 500,
      outliers: 0,
    })
  })

  it('throws a RangeError for no samples', () => {
    expect(() => summarize([])).toThrow(RangeError)
    expect(() => summarize([])).toThrow(/at least one sample/)
  })

  it('does not reorder the caller’s samples', () => {
    const samples = [3, 1, 2]
    summarize(samples)
    expect(samples).toEqual([3, 1, 2])
  })
})

describe('capSamples()', () => {
  it('returns a copy of all samples when there are no more than the cap', () => {
    const samples = [3, 1, 2]
    const kept = capSamples(samples, 3)
    expect(kept).toEqual([3, 1, 2])
    expect(kept).not.toBe(samples)
    expect(capSamples(samples, 10)).toEqual([3, 1, 2])
  })

  it('keeps exactly `cap` samples, evenly strided, in the order they were taken', () => {
    const samples = Array.from({ length: 10 }, (_, i) => i)
    // stride 9 / 3 = 3 → indices 0, 3, 6, 9 (first and last kept).
    expect(capSamples(samples, 4)).toEqual([0, 3, 6, 9])
  })

  it('spans the whole run in order, first and last sample included: index round(i · (length − 1) / (cap − 1))', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 1000 - i) // descending: the order must survive
    // Indices 0, 167, 333, 500, 666, 833, 999.
    expect(capSamples(samples, 7)).toEqual([1000, 833, 667, 500, 334, 167, 1])
  })

  it('does not mutate its input', () => {
    const samples = [5, 4, 3, 2, 1]
    capSamples(samples, 2)
    expect(samples).toEqual([5, 4, 3, 2, 1])
  })
})
