/**
 * The Hodges–Lehmann shift between two samples of log-times and its distribution-free confidence interval, obtained
 * by inverting the Mann–Whitney U test (Hodges & Lehmann 1963; Bauer 1972). Effects of code changes are ratios, so
 * the shift of log-times is log(head / base) and the interval converts to a ratio with `exp`.
 */
import { PerfSentinelError } from '../errors.js'
import { kthDifference, nextDifference } from './kthDifference.js'
import { invertMannWhitney, mannWhitneyU, tieSum } from './mannWhitney.js'

/** The shift of log-times between base and head, its interval and the Mann–Whitney test. */
export interface ShiftEstimate {
  /** Hodges–Lehmann estimate: median of the m·n differences log(head_j) − log(base_i). Positive = head slower. */
  shiftLog: number
  /** Distribution-free interval of the shift of log-times: order statistics k and m·n + 1 − k of the differences. */
  intervalLog: [number, number]
  /** Coverage the interval actually achieves (U is discrete); below the requested level when m, n are too small. */
  achievedConfidenceLevel: number
  /** Two-sided Mann–Whitney p-value of "no shift". */
  pValue: number
  /** Mann–Whitney U: pairs where head is slower than base, ties counting one half. */
  u: number
  /** `exact` (no ties, small m·n) uses the exact null distribution of U; `normal` the tie-corrected approximation. */
  method: 'exact' | 'normal'
  /** Number of base samples. */
  m: number
  /** Number of head samples. */
  n: number
  /** The log samples, sorted ascending (reused by the noise floor). */
  sortedLogs: { base: Float64Array; head: Float64Array }
}

/**
 * Hodges–Lehmann shift of log-times from `base` to `head` (raw per-operation times in ms) with its interval at
 * `confidenceLevel` and the two-sided Mann–Whitney p-value. Throws `E_ARGUMENT` on empty or non-positive samples.
 */
export function hodgesLehmannShift(base: readonly number[], head: readonly number[], confidenceLevel: number): ShiftEstimate {
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new PerfSentinelError('E_ARGUMENT', `confidenceLevel must be between 0 and 1, got ${confidenceLevel}.`, {
      fix: 'pass a level such as 0.99',
    })
  }
  const x = Float64Array.from(toLogs(base, 'base')).sort()
  const y = Float64Array.from(toLogs(head, 'head')).sort()
  const m = x.length
  const n = y.length
  const pairs = m * n
  const u = mannWhitneyU(x, y)
  const { k, achievedConfidenceLevel, pValue, method } = invertMannWhitney(m, n, u, tieSum(x, y), 1 - confidenceLevel)
  const lowRank = k - 1
  const highRank = pairs - k
  const midLow = Math.floor((pairs - 1) / 2)
  const midHigh = Math.floor(pairs / 2)
  const lowerMiddle = kthDifference(x, y, midLow)
  return {
    shiftLog: (lowerMiddle + (midHigh === midLow ? lowerMiddle : nextDifference(x, y, lowerMiddle, midHigh))) / 2,
    intervalLog: [kthDifference(x, y, lowRank), kthDifference(x, y, highRank)],
    achievedConfidenceLevel,
    pValue,
    u,
    method,
    m,
    n,
    sortedLogs: { base: x, head: y },
  }
}

function toLogs(samples: readonly number[], side: 'base' | 'head'): number[] {
  const fix = 'pass per-operation times in ms, all positive, at least one per side'
  if (samples.length === 0) throw new PerfSentinelError('E_ARGUMENT', `The ${side} has no samples.`, { fix })
  return samples.map((value, i) => {
    if (!(value > 0 && Number.isFinite(value))) {
      const message = `The ${side} sample #${i} is ${value}; the shift takes logs of times, so they must be positive.`
      throw new PerfSentinelError('E_ARGUMENT', message, { fix })
    }
    return Math.log(value)
  })
}
