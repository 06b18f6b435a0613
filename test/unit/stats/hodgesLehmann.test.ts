import { describe, expect, it } from 'vitest'
import { isPerfSentinelError } from '../../../src/errors.js'
import { hodgesLehmannShift } from '../../../src/stats/hodgesLehmann.js'
import { kthDifference } from '../../../src/stats/kthDifference.js'
import { normalUpperQuantile, normalUpperTail } from '../../../src/stats/normal.js'
import { logNormalSamples, medianOf, normalDraw, seededRandom } from '../../helpers/seededRandom.js'

/** The shift works on log-times; feeding e^v makes it work on v, so published raw-scale examples apply. */
const exps = (values: readonly number[]): number[] => values.map(Math.exp)

/** All m·n differences head − base, sorted: the definition the selection algorithm must reproduce. */
function sortedDifferences(base: readonly number[], head: readonly number[]): number[] {
  return head.flatMap((y) => base.map((x) => y - x)).sort((a, b) => a - b)
}

/** Exact null distribution of U by enumerating every way to pick which n of the m + n ranks are head values. */
function exactCdfByEnumeration(m: number, n: number): (u: number) => number {
  const counts = new Array<number>(m * n + 1).fill(0)
  let total = 0
  const pick = (next: number, left: number, rankSum: number): void => {
    if (left === 0) {
      counts[rankSum - (n * (n - 1)) / 2]! += 1
      total += 1
      return
    }
    for (let rank = next; rank <= m + n - left; rank++) pick(rank + 1, left - 1, rankSum + rank)
  }
  pick(0, n, 0)
  return (u) => counts.slice(0, Math.floor(u) + 1).reduce((a, b) => a + b, 0) / total
}

/** Bauer's interval, the HL estimate and the exact p-value, computed the slow and obvious way. */
function bruteForceReference(base: readonly number[], head: readonly number[], confidenceLevel: number) {
  const m = base.length
  const n = head.length
  const cdf = exactCdfByEnumeration(m, n)
  const alphaHalf = (1 - confidenceLevel) / 2
  let k = 0
  while (cdf(k) <= alphaHalf) k++
  k = Math.max(k, 1)
  const diffs = sortedDifferences(base, head)
  const u = diffs.filter((d) => d > 0).length
  return {
    shiftLog: medianOf(diffs),
    intervalLog: [diffs[k - 1], diffs[m * n - k]],
    pValue: Math.min(1, 2 * Math.min(cdf(u), 1 - cdf(u - 1))),
    achievedConfidenceLevel: 1 - 2 * cdf(k - 1),
  }
}

describe('hodgesLehmannShift()', () => {
  it("reproduces R's wilcox.test(x, y, conf.int = TRUE) on Hollander & Wolfe's chorioamnion data", () => {
    // R documentation example; R reports W = 35, one-sided exact p = 0.1272, estimate 0.305, 95% CI −0.15 to 0.76.
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
    const y = [1.15, 0.88, 0.9, 0.74, 1.21]
    const result = hodgesLehmannShift(exps(y), exps(x), 0.95)
    expect(result.method).toBe('exact')
    expect(result.u).toBe(35)
    expect(result.pValue).toBeCloseTo(2 * 0.12720612720612721, 10)
    expect(result.shiftLog).toBeCloseTo(0.305, 10)
    expect(result.intervalLog[0]).toBeCloseTo(-0.15, 10)
    expect(result.intervalLog[1]).toBeCloseTo(0.76, 10)
    expect(result.achievedConfidenceLevel).toBeCloseTo(0.96004, 5)
    expect([result.m, result.n]).toEqual([5, 10])
  })

  it('matches a brute-force permutation reference for small samples without ties', () => {
    const random = seededRandom(7)
    for (const [m, n, level] of [
      [5, 5, 0.99],
      [4, 7, 0.9],
      [6, 6, 0.95],
      [7, 5, 0.8],
      [3, 9, 0.95],
      [8, 4, 0.99],
    ]) {
      const base = Array.from({ length: m! }, () => normalDraw(random))
      const head = Array.from({ length: n! }, () => 0.5 + normalDraw(random))
      const expected = bruteForceReference(base, head, level!)
      const result = hodgesLehmannShift(exps(base), exps(head), level!)
      expect(result.method).toBe('exact')
      expect(result.shiftLog).toBeCloseTo(expected.shiftLog, 12)
      expect(result.intervalLog[0]).toBeCloseTo(expected.intervalLog[0]!, 12)
      expect(result.intervalLog[1]).toBeCloseTo(expected.intervalLog[1]!, 12)
      expect(result.pValue).toBeCloseTo(expected.pValue, 12)
      expect(result.achievedConfidenceLevel).toBeCloseTo(expected.achievedConfidenceLevel, 12)
    }
  })

  it('uses the tie-corrected normal approximation when values tie, matching scipy', () => {
    // scipy.stats.mannwhitneyu(head, base, method='asymptotic', use_continuity=True) → U = 64.5, p = 0.0063731338…
    const base = [1, 2, 2, 3, 3, 3, 4, 5]
    const head = [3, 4, 4, 5, 5, 6, 7, 7, 8]
    const result = hodgesLehmannShift(exps(base), exps(head), 0.95)
    expect(result.method).toBe('normal')
    expect(result.u).toBe(64.5)
    expect(result.pValue).toBeCloseTo(0.006373133838085873, 10)
    // Tie-corrected sd of U and z(0.975) give k = 16: the 16th smallest and 16th largest of the 72 differences.
    expect(result.shiftLog).toBeCloseTo(2.5, 12)
    expect(result.intervalLog[0]).toBeCloseTo(1, 10)
    expect(result.intervalLog[1]).toBeCloseTo(4, 12)
    expect(result.achievedConfidenceLevel).toBeCloseTo(0.9542010188166313, 8)
  })

  it('estimates the median of all pairwise differences of log-times for odd and even m·n', () => {
    const random = seededRandom(11)
    for (const [m, n] of [
      [37, 41],
      [40, 64],
      [1, 1],
      [2, 3],
    ]) {
      const base = logNormalSamples(random, m!, 2, 0.1)
      const head = logNormalSamples(random, n!, 2.2, 0.1)
      const expected = medianOf(sortedDifferences(base.map(Math.log), head.map(Math.log)))
      expect(hodgesLehmannShift(base, head, 0.99).shiftLog).toBeCloseTo(expected, 12)
    }
  })

  it('negates the estimate and mirrors the interval when base and head swap', () => {
    const random = seededRandom(3)
    const base = logNormalSamples(random, 30, 1, 0.05)
    const head = logNormalSamples(random, 25, 1.1, 0.05)
    const forward = hodgesLehmannShift(base, head, 0.99)
    const backward = hodgesLehmannShift(head, base, 0.99)
    expect(backward.shiftLog).toBeCloseTo(-forward.shiftLog, 12)
    expect(backward.intervalLog[0]).toBeCloseTo(-forward.intervalLog[1], 12)
    expect(backward.intervalLog[1]).toBeCloseTo(-forward.intervalLog[0], 12)
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12)
  })

  it('selects the right order statistics from 256 × 256 samples, quantised and tied', () => {
    const random = seededRandom(256)
    // Quantised to 1 µs steps like a coarse timer, so many values and differences tie.
    const quantise = (values: number[]): number[] => values.map((v) => Math.round(v * 1000) / 1000)
    const base = quantise(logNormalSamples(random, 256, 0.02, 0.1))
    const head = quantise(logNormalSamples(random, 256, 0.021, 0.1))
    // How fast: bench/compareSpeed.mjs. Here only that the selection is exact on tie-heavy data.
    const result = hodgesLehmannShift(base, head, 0.99)
    expect(result.method).toBe('normal')
    const diffs = sortedDifferences(base.map(Math.log), head.map(Math.log))
    expect(result.shiftLog).toBe(medianOf(diffs))
    // Reference rank: continuity-corrected normal quantile of U with the tie-corrected variance, z(0.995).
    const pooled = [...base, ...head]
    const tieSum = [...new Set(pooled)].map((value) => pooled.filter((v) => v === value).length).reduce((sum, t) => sum + t ** 3 - t, 0)
    const total = pooled.length
    const sd = Math.sqrt(((256 * 256) / 12) * (total + 1 - tieSum / (total * (total - 1))))
    const k = Math.floor((256 * 256) / 2 + 0.5 - 2.575829303548901 * sd)
    expect(tieSum).toBeGreaterThan(0)
    expect(result.intervalLog).toEqual([diffs[k - 1], diffs[diffs.length - k]])
  })

  it('covers the true shift at about the stated level, exact and approximate', () => {
    for (const [count, seed] of [
      [12, 101],
      [60, 202],
    ]) {
      const random = seededRandom(seed!)
      const trueShiftLog = 0.1
      let covered = 0
      let rejectedNull = 0
      const repetitions = 400
      for (let r = 0; r < repetitions; r++) {
        const base = logNormalSamples(random, count!, 1, 0.2)
        const head = logNormalSamples(random, count!, Math.exp(trueShiftLog), 0.2)
        const [low, high] = hodgesLehmannShift(base, head, 0.95).intervalLog
        if (low <= trueShiftLog && trueShiftLog <= high) covered++
        if (hodgesLehmannShift(base, logNormalSamples(random, count!, 1, 0.2), 0.95).pValue < 0.05) rejectedNull++
      }
      expect(covered / repetitions).toBeGreaterThan(0.92)
      expect(covered / repetitions).toBeLessThan(0.99)
      expect(rejectedNull / repetitions).toBeLessThan(0.08)
    }
  })

  it('falls back to the extreme differences and reports the lower coverage when samples are too few', () => {
    const result = hodgesLehmannShift([1, 2, 3], [4, 5, 6], 0.99)
    expect(result.intervalLog[0]).toBeCloseTo(Math.log(4 / 3), 14)
    expect(result.intervalLog[1]).toBeCloseTo(Math.log(6), 14)
    expect(result.achievedConfidenceLevel).toBeCloseTo(1 - 2 / 20, 12)
    expect(result.pValue).toBeCloseTo(0.1, 12)
  })

  it('reports p = 1 and a zero shift when every time is identical', () => {
    const result = hodgesLehmannShift([2, 2, 2, 2, 2], [2, 2, 2, 2, 2], 0.99)
    expect(result).toMatchObject({ shiftLog: 0, intervalLog: [0, 0], pValue: 1 })
  })

  it('rejects empty and non-positive samples with the side and index named', () => {
    const expectArgumentError = (run: () => unknown, message: RegExp): void => {
      try {
        run()
        expect.unreachable()
      } catch (error) {
        expect(isPerfSentinelError(error, 'E_ARGUMENT')).toBe(true)
        expect((error as Error).message).toMatch(message)
      }
    }
    expectArgumentError(() => hodgesLehmannShift([], [1], 0.99), /base has no samples/)
    expectArgumentError(() => hodgesLehmannShift([1], [1, 0], 0.99), /head sample #1 is 0/)
    expectArgumentError(() => hodgesLehmannShift([1, -2], [1], 0.99), /base sample #1 is -2/)
    expectArgumentError(() => hodgesLehmannShift([1], [Number.NaN], 0.99), /head sample #0 is NaN/)
    expectArgumentError(() => hodgesLehmannShift([1], [1], 1), /confidenceLevel/)
  })
})

describe('normalUpperTail() and normalUpperQuantile()', () => {
  it('match reference values of the standard normal distribution, far tail included', () => {
    expect(normalUpperTail(0)).toBe(0.5)
    expect(normalUpperTail(1)).toBeCloseTo(0.15865525393145707, 14)
    expect(normalUpperTail(-1)).toBeCloseTo(1 - 0.15865525393145707, 14)
    expect(normalUpperTail(2.4) / 0.008197535924596131).toBeCloseTo(1, 10)
    expect(normalUpperTail(3.5) / 0.00023262907903552502).toBeCloseTo(1, 10)
    expect(normalUpperTail(5) / 2.866515718791933e-7).toBeCloseTo(1, 10)
    expect(normalUpperTail(10) / 7.61985302416047e-24).toBeCloseTo(1, 10)
    expect(normalUpperQuantile(0.005)).toBeCloseTo(2.575829303548901, 12)
    expect(normalUpperQuantile(0.975)).toBeCloseTo(-1.959963984540054, 12)
  })
})

describe('kthDifference()', () => {
  it('returns every rank of the pairwise differences exactly as a full sort does, ties included', () => {
    let state = 11
    const next = (): number => {
      state = (state * 48271) % 2147483647
      return state / 2147483647
    }
    for (const [m, n] of [
      [1, 1],
      [3, 7],
      [20, 13],
      [40, 40],
    ] as const) {
      // Values on a coarse grid so that many differences tie.
      const x = Float64Array.from({ length: m }, () => Math.round(next() * 20) / 4).sort()
      const y = Float64Array.from({ length: n }, () => Math.round(next() * 20) / 4).sort()
      const all: number[] = []
      for (const yj of y) for (const xi of x) all.push(yj - xi)
      all.sort((a, b) => a - b)
      for (let rank = 0; rank < all.length; rank++) expect(kthDifference(x, y, rank)).toBe(all[rank])
    }
  })
})
