/**
 * The k-th smallest of the m·n pairwise differences y[j] − x[i] of two sorted samples, without materialising them
 * (Floyd–Rivest bracketing over the implicit sorted matrix): the order statistics the Hodges–Lehmann interval needs.
 */
/**
 * The difference at 0-based `rank`, given the value at `rank − 1`: that same value again if enough differences equal
 * it, else the smallest difference above it. One two-pointer pass instead of a second selection.
 */
export function nextDifference(x: Float64Array, y: Float64Array, previous: number, rank: number): number {
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
