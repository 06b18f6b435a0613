/**
 * The Hodges–Lehmann shift between two samples of log-times and its distribution-free confidence interval, obtained
 * by inverting the Mann–Whitney U test (Hodges & Lehmann 1963; Bauer 1972). Effects of code changes are ratios, so
 * the shift of log-times is log(head / base) and the interval converts to a ratio with `exp`.
 */
import { PerfSentinelError } from '../errors.js'

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

/** Largest m·n for the exact null distribution: it costs about (m·n)²/4 steps, ~6 ms at 50 × 50 (R: < 50 each). */
export const EXACT_MAX_PAIRS = 2500

/**
 * Hodges–Lehmann shift of log-times from `base` to `head` (raw per-operation times in ms) with its interval at
 * `confidenceLevel` and the two-sided Mann–Whitney p-value. Throws `E_ARGUMENT` on empty or non-positive samples.
 */
export function hodgesLehmannShift(
  base: readonly number[],
  head: readonly number[],
  confidenceLevel: number,
): ShiftEstimate {
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

/** U = pairs with head slower than base, ties counting one half; both samples sorted ascending. O(m + n). */
function mannWhitneyU(x: Float64Array, y: Float64Array): number {
  let u = 0
  let below = 0
  let upTo = 0
  for (const yj of y) {
    while (below < x.length && (x[below] as number) < yj) below++
    if (upTo < below) upTo = below
    while (upTo < x.length && (x[upTo] as number) <= yj) upTo++
    u += below + (upTo - below) / 2
  }
  return u
}

/**
 * The difference at 0-based `rank`, given the value at `rank − 1`: that same value again if enough differences equal
 * it, else the smallest difference above it. One two-pointer pass instead of a second selection.
 */
function nextDifference(x: Float64Array, y: Float64Array, previous: number, rank: number): number {
  let atMost = 0
  let smallestAbove = Number.POSITIVE_INFINITY
  let p = 0
  for (let i = 0; i < x.length; i++) {
    // As x_i grows, y_j − x_i falls, so the first column above `previous` only moves right.
    const xi = x[i] as number
    while (p < y.length && (y[p] as number) - xi <= previous) p++
    atMost += p
    if (p < y.length) smallestAbove = Math.min(smallestAbove, (y[p] as number) - xi)
  }
  return atMost > rank ? previous : smallestAbove
}

/** Candidates left this few: sort them instead of another round. */
const KTH_SORT_BELOW = 64
/** Candidates sampled per round to place the two bracketing pivots (Floyd & Rivest 1975). */
const KTH_SAMPLE = 25
/** Sample positions on each side of the target's: the bracket holds the target with high probability. */
const KTH_BRACKET = 2

/**
 * The 0-based `rank`-th smallest of the m·n differences y_j − x_i (x, y sorted ascending) without materialising
 * them. Each row i of differences is sorted, so a pivot value splits every row at one column, found for all rows
 * with two pointers in O(m + n) (Monahan 1984). Each round samples a few remaining candidates and takes two pivots
 * just below and above the target's expected position (Floyd–Rivest), keeping only the candidates between them:
 * a handful of O(m + n) rounds instead of O(m·n), so 1,000 comparisons stay well under 200 ms.
 */
export function kthDifference(x: Float64Array, y: Float64Array, rank: number): number {
  const m = x.length
  const n = y.length
  const { lo, hi, prefix, ltA, leA, ltB, leB, sample } = kthScratch(m)
  lo.fill(0, 0, m)
  hi.fill(n, 0, m)
  prefix[0] = 0
  // A fixed-seed generator: the same inputs always take the same path.
  let seed = 0x2545f491 ^ (m * 31 + n)
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 2 ** 32
  }
  for (;;) {
    let excludedBelow = 0
    for (let i = 0; i < m; i++) {
      prefix[i + 1] = (prefix[i] as number) + (hi[i] as number) - (lo[i] as number)
      excludedBelow += lo[i] as number
    }
    const remaining = prefix[m] as number
    const target = rank - excludedBelow
    if (remaining <= KTH_SORT_BELOW) {
      const left = new Float64Array(remaining)
      let at = 0
      for (let i = 0; i < m; i++) for (let j = lo[i] as number; j < (hi[i] as number); j++) left[at++] = (y[j] as number) - (x[i] as number)
      left.sort()
      return left[target] as number
    }
    for (let s = 0; s < KTH_SAMPLE; s++) {
      const pick = Math.floor(random() * remaining)
      // The row holding candidate number `pick`: binary search in the prefix sums of row widths.
      let low = 0
      let high = m - 1
      while (low < high) {
        const mid = (low + high + 1) >> 1
        if ((prefix[mid] as number) <= pick) low = mid
        else high = mid - 1
      }
      sample[s] = (y[(lo[low] as number) + pick - (prefix[low] as number)] as number) - (x[low] as number)
    }
    sample.sort()
    const position = Math.floor(((target + 0.5) / remaining) * KTH_SAMPLE)
    const a = sample[Math.max(0, position - KTH_BRACKET)] as number
    const b = sample[Math.min(KTH_SAMPLE - 1, position + KTH_BRACKET)] as number
    const [countLtA, countLeA] = splitRows(x, y, a, ltA, leA)
    const [countLtB, countLeB] = splitRows(x, y, b, ltB, leB)
    if (rank < countLtA) {
      for (let i = 0; i < m; i++) if ((ltA[i] as number) < (hi[i] as number)) hi[i] = ltA[i] as number
    } else if (rank < countLeA) {
      return a
    } else if (rank < countLtB) {
      for (let i = 0; i < m; i++) {
        if ((leA[i] as number) > (lo[i] as number)) lo[i] = leA[i] as number
        if ((ltB[i] as number) < (hi[i] as number)) hi[i] = ltB[i] as number
      }
    } else if (rank < countLeB) {
      return b
    } else {
      for (let i = 0; i < m; i++) if ((leB[i] as number) > (lo[i] as number)) lo[i] = leB[i] as number
    }
  }
}

interface KthScratch {
  lo: Int32Array
  hi: Int32Array
  prefix: Int32Array
  ltA: Int32Array
  leA: Int32Array
  ltB: Int32Array
  leB: Int32Array
  sample: Float64Array
}
let scratch: KthScratch | undefined

/**
 * Work arrays of `kthDifference`, reused across calls (it is synchronous and not re-entrant): a comparison runs three
 * selections, a run a thousand comparisons, and allocating seven typed arrays each time cost a fifth of the time.
 */
function kthScratch(rows: number): KthScratch {
  if (scratch === undefined || scratch.lo.length < rows) {
    const capacity = Math.max(rows, 128)
    scratch = {
      lo: new Int32Array(capacity),
      hi: new Int32Array(capacity),
      prefix: new Int32Array(capacity + 1),
      ltA: new Int32Array(capacity),
      leA: new Int32Array(capacity),
      ltB: new Int32Array(capacity),
      leB: new Int32Array(capacity),
      sample: new Float64Array(KTH_SAMPLE),
    }
  }
  return scratch
}

/**
 * For each row i, how many differences are < pivot and ≤ pivot (into `lt`, `le`); returns both totals. Row i's
 * differences fall as x_i grows, so both split columns only move right: two pointers, O(m + n).
 */
function splitRows(x: Float64Array, y: Float64Array, pivot: number, lt: Int32Array, le: Int32Array): [number, number] {
  const n = y.length
  let countLt = 0
  let countLe = 0
  let pLt = 0
  let pLe = 0
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number
    while (pLt < n && (y[pLt] as number) - xi < pivot) pLt++
    if (pLe < pLt) pLe = pLt
    while (pLe < n && (y[pLe] as number) - xi <= pivot) pLe++
    lt[i] = pLt
    le[i] = pLe
    countLt += pLt
    countLe += pLe
  }
  return [countLt, countLe]
}

interface MannWhitneyInversion {
  /** Rank of the interval's lower end among the sorted differences (1-based); the upper end is mn + 1 − k. */
  k: number
  achievedConfidenceLevel: number
  pValue: number
  method: 'exact' | 'normal'
}

/** The Mann–Whitney test of U and the rank k that turns it into an interval at level 1 − α (Bauer 1972). */
function invertMannWhitney(m: number, n: number, u: number, ties: number, alpha: number): MannWhitneyInversion {
  const pairs = m * n
  if (ties === 0 && pairs <= EXACT_MAX_PAIRS) {
    const cdf = exactUCdf(m, n)
    const at = (v: number): number => (v < 0 ? 0 : (cdf[Math.min(v, pairs)] ?? 1))
    // [d(k), d(mn+1−k)] covers the shift with probability 1 − 2·P(U ≤ k − 1): the largest k reaching 1 − α.
    let k = 0
    while (k < pairs && at(k) <= alpha / 2) k++
    k = clampRank(k, pairs)
    // U is symmetric about mn/2, so P(U ≥ u) = P(U ≤ mn − u): no cancellation in the upper tail.
    const pValue = Math.min(1, 2 * Math.min(at(u), at(pairs - u)))
    return { k, achievedConfidenceLevel: 1 - 2 * at(k - 1), pValue, method: 'exact' }
  }
  const mean = pairs / 2
  const total = m + n
  const sd = Math.sqrt((pairs / 12) * (total + 1 - ties / (total * (total - 1))))
  if (!(sd > 0)) {
    // Every time is identical: all differences are 0 and there is nothing to test.
    return { k: 1, achievedConfidenceLevel: 1 - alpha, pValue: 1, method: 'normal' }
  }
  // Continuity-corrected: P(U ≤ k − 1) ≈ Φ((k − 0.5 − mn/2) / sd) ≤ α/2. Ties enter through the variance
  // only, taken at zero shift, as in the test the interval inverts.
  const k = clampRank(Math.floor(mean + 0.5 - normalUpperQuantile(alpha / 2) * sd), pairs)
  const achievedConfidenceLevel = 1 - 2 * normalUpperTail((mean - (k - 0.5)) / sd)
  const pValue = Math.min(1, 2 * normalUpperTail(Math.max(0, Math.abs(u - mean) - 0.5) / sd))
  return { k, achievedConfidenceLevel, pValue, method: 'normal' }
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

/** Keeps 1 ≤ k ≤ ⌈mn/2⌉: k = 0 would mean an unbounded interval, which the extreme differences stand in for. */
function clampRank(k: number, pairs: number): number {
  return Math.min(Math.max(k, 1), Math.ceil(pairs / 2))
}

/** Σ(t³ − t) over groups of tied values in the pooled sample, for the variance of U; x and y sorted ascending. */
function tieSum(x: Float64Array, y: Float64Array): number {
  let sum = 0
  let run = 0
  let previous = Number.NaN
  let i = 0
  let j = 0
  // Walk the merge of the two sorted samples, counting runs of equal values.
  while (i < x.length || j < y.length) {
    const value = j >= y.length || (i < x.length && (x[i] as number) <= (y[j] as number)) ? (x[i++] as number) : (y[j++] as number)
    if (value === previous) {
      run++
    } else {
      sum += run * run * run - run
      run = 1
      previous = value
    }
  }
  return sum + run * run * run - run
}

/** P(U ≤ u) for u = 0…mn under "no shift" without ties, by recursion on the largest pooled value. */
function exactUCdf(m: number, n: number): Float64Array {
  // Row i holds the distributions of U for (i base, j head values), j = 0…n, back to back: j's starts at
  // i·j(j−1)/2 + j and has i·j + 1 entries. Two flat rows avoid allocating m·n small arrays.
  const start = (i: number, j: number): number => (i * j * (j - 1)) / 2 + j
  let previous = new Float64Array(start(0, n + 1)).fill(1)
  for (let i = 1; i <= m; i++) {
    const current = new Float64Array(start(i, n + 1))
    current[0] = 1
    for (let j = 1; j <= n; j++) {
      const to = start(i, j)
      const fromBase = start(i - 1, j)
      const fromHead = start(i, j - 1)
      // The largest value is a head value with probability j/(i+j); it is slower than all i base values.
      const pHead = j / (i + j)
      const pBase = 1 - pHead
      for (let v = 0; v <= (i - 1) * j; v++) current[to + v] = pBase * (previous[fromBase + v] ?? 0)
      for (let v = 0; v <= i * (j - 1); v++) {
        current[to + i + v] = (current[to + i + v] ?? 0) + pHead * (current[fromHead + v] ?? 0)
      }
    }
    previous = current
  }
  const first = start(m, n)
  const cdf = new Float64Array(m * n + 1)
  let sum = 0
  for (let v = 0; v <= m * n; v++) {
    sum += previous[first + v] ?? 0
    cdf[v] = Math.min(1, sum)
  }
  return cdf
}

/** P(Z > z) for a standard normal Z, accurate in the far tail (p-values of large samples). */
export function normalUpperTail(z: number): number {
  if (z < 0) return 1 - normalUpperTail(-z)
  const x = z / Math.SQRT2
  const scale = Math.exp(-x * x) / Math.sqrt(Math.PI)
  if (x < 2.5) {
    // erf(x) = 2/√π·e^(−x²)·Σ 2^k x^(2k+1) / (1·3·…·(2k+1)): all terms positive, so no cancellation.
    let term = x
    let sum = x
    for (let k = 1; term > sum * 1e-17; k++) {
      term *= (2 * x * x) / (2 * k + 1)
      sum += term
    }
    return 0.5 * (1 - 2 * scale * sum)
  }
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))), evaluated from a fixed depth upward.
  let fraction = x
  for (let k = 80; k >= 1; k--) fraction = x + k / 2 / fraction
  return (0.5 * scale) / fraction
}

/** The z with P(Z > z) = p, by bisection on `normalUpperTail` (called a few times per comparison). */
export function normalUpperQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new PerfSentinelError('E_ARGUMENT', `A normal tail probability must be in (0, 1), got ${p}.`, {
      fix: 'pass a probability strictly between 0 and 1',
    })
  }
  if (p > 0.5) return -normalUpperQuantile(1 - p)
  let low = 0
  let high = 40
  for (let i = 0; i < 80; i++) {
    const mid = (low + high) / 2
    if (normalUpperTail(mid) > p) low = mid
    else high = mid
  }
  return (low + high) / 2
}
