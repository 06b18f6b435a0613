/**
 * Change points in a per-commit series of medians: where a lasting level shift starts. Binary segmentation on
 * log-times (effects are ratios) with a robust noise scale, so one slow run is an outlier, not a change point.
 * Simpler than E-Divisive (Hunter, MongoDB's Daly et al. 2020) but shares its stance: a change needs a minimum
 * segment on both sides and a shift that stands far out of the series' own noise.
 */

import { middleOfSorted, SMALL_MEDIAN } from './summarize.js'

export interface ChangePointOptions {
  /** Fewest points on each side of a change (Hunter uses ≥ 3). @default 3 */
  minSegment?: number
  /** Smallest level shift worth marking, in percent. @default 5 */
  minShiftPercent?: number
  /** How many noise standard errors the shift must exceed; high because the best of many splits is taken. @default 5 */
  threshold?: number
}

/** 1.4826 · MAD estimates σ for normal noise; differences of neighbours have √2·σ. */
const MAD_TO_SIGMA = 1.4826

/**
 * Scratch space, reused by every call: a report detects change points in thousands of short series (one per test
 * duration), and a few small arrays per series were most of the time and garbage it took. Grown when a longer
 * series comes; nothing is kept between calls.
 */
let raw = new Float64Array(64)
let logs = new Float64Array(64)
let prefix = new Float64Array(65)
let work = new Float64Array(64)
let sorted = new Float64Array(64)

function reserve(n: number): void {
  if (raw.length >= n) return
  const size = Math.max(n, 2 * raw.length)
  raw = new Float64Array(size)
  logs = new Float64Array(size)
  prefix = new Float64Array(size + 1)
  work = new Float64Array(size)
  sorted = new Float64Array(size)
}

/**
 * The median of `values[lo, hi)` (finite numbers) as `median` computes it, sorted into the scratch array: by
 * insertion up to `SMALL_MEDIAN` values, by the typed array's sort beyond (hundreds of stored runs).
 */
function medianOf(values: Float64Array, lo: number, hi: number): number {
  const n = hi - lo
  if (n > SMALL_MEDIAN) {
    const part = sorted.subarray(0, n)
    part.set(values.subarray(lo, hi))
    part.sort()
  } else sortByInsertion(values, lo, n)
  return middleOfSorted(sorted, n)
}

/** `values[lo, lo + n)` into `sorted[0, n)`, ascending, by insertion (fastest for the short series of most calls). */
function sortByInsertion(values: Float64Array, lo: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const x = values[lo + i] as number
    let j = i - 1
    while (j >= 0 && (sorted[j] as number) > x) {
      sorted[j + 1] = sorted[j] as number
      j--
    }
    sorted[j + 1] = x
  }
}

/** Noise σ of `raw[0, n)` from its neighbour differences: level shifts barely move it, unlike the plain spread. */
function robustSigma(n: number): number {
  for (let i = 1; i < n; i++) work[i - 1] = (raw[i] as number) - (raw[i - 1] as number)
  const center = medianOf(work, 0, n - 1)
  for (let i = 0; i < n - 1; i++) work[i] = Math.abs((work[i] as number) - center)
  return (MAD_TO_SIGMA * medianOf(work, 0, n - 1)) / Math.SQRT2
}

/** The log-scale σ that rounding to whole milliseconds adds to a series of integers, or 0 for any other series. */
function roundingSigma(valuesMs: readonly number[]): number {
  for (const value of valuesMs) if (!Number.isInteger(value)) return 0
  for (let i = 0; i < valuesMs.length; i++) work[i] = valuesMs[i] as number
  return 1 / (Math.sqrt(12) * medianOf(work, 0, valuesMs.length))
}

/** The median of three numbers without sorting a copy (this runs once per point of every trend in a report). */
function middleOf(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c))
}

/**
 * Clearly nearer `level` than `other`: in the third of the way between them on `level`'s side (or beyond it). A point
 * in the middle third is nearer neither: a run caught midway through a change, or measured in the other of the two
 * speeds whole processes fall into (a 1.75× point between levels 3.1× apart), belongs to neither level, and a point
 * exactly midway (integer-ms series have many) never was.
 */
function nearer(value: number, level: number, other: number): boolean {
  return Math.abs(value - level) < Math.abs(value - other) - Math.abs(level - other) / 3
}

/**
 * Where the level really changes near the best split `k` of [lo, hi), or undefined when it does not. The split that
 * maximises the mean shift can sit up to `minSegment` points early when the new level is shorter than a segment (a
 * slow last run pulls the mean of the last three up), so the boundary must separate the levels: the point at k not
 * clearly nearer the left segment's median than the right's, the point before it not clearly nearer the right's.
 * The points are the raw ones: the running median moves a point next to a one-run outlier onto the outlier's level
 * (an old-level run after a slow one read as the new level's first), while the segments' medians, from the
 * smoothed series, stay robust. The split moves while it does not separate, and fails if it would leave a segment
 * shorter than `minSegment` or the medians apart by less than `minShift`.
 */
function settle(lo: number, k: number, hi: number, minSegment: number, minShift: number): number | undefined {
  for (let moves = 0; moves <= hi - lo; moves++) {
    if (k - lo < minSegment || hi - k < minSegment) return undefined
    const left = medianOf(logs, lo, k)
    const right = medianOf(logs, k, hi)
    if (Math.abs(right - left) < minShift) return undefined
    if (nearer(raw[k] as number, left, right)) k++
    else if (nearer(raw[k - 1] as number, right, left)) k--
    else return k
  }
  return undefined
}

/**
 * Indices where a new level starts (ascending). Values must be positive and finite (medians in ms); a series with
 * any other value has none.
 * @example detectChangePoints([10, 10, 11, 10, 15, 15, 16, 15]) // → [4]
 */
export function detectChangePoints(valuesMs: readonly number[], options: ChangePointOptions = {}): number[] {
  const minSegment = options.minSegment ?? 3
  const minShift = Math.log1p((options.minShiftPercent ?? 5) / 100)
  const threshold = options.threshold ?? 5
  const n = valuesMs.length
  if (n < 2 * minSegment) return []
  let min = Number.POSITIVE_INFINITY
  let max = 0
  for (const value of valuesMs) {
    if (!(value > 0) || value === Number.POSITIVE_INFINITY) return []
    if (value < min) min = value
    if (value > max) max = value
  }
  // Every mean and median of a segment lies between the extremes: a series narrower than the smallest shift has no
  // change point (most test durations: one run of a report tests thousands of such series).
  if (Math.log(max) - Math.log(min) < minShift) return []
  reserve(n)
  for (let i = 0; i < n; i++) raw[i] = Math.log(valuesMs[i] as number)
  // Running median of 3 (ends kept): removes single-run outliers, keeps level shifts of ≥ 2 points intact.
  logs[0] = raw[0] as number
  logs[n - 1] = raw[n - 1] as number
  for (let i = 1; i < n - 1; i++) logs[i] = middleOf(raw[i - 1] as number, raw[i] as number, raw[i + 1] as number)
  // σ from the raw series (the smoothed one has correlated, shrunken differences); floored so that a perfectly
  // flat history does not turn a 0.1% wobble into "infinitely significant", and by the rounding of whole-millisecond
  // series (Jest's test durations): at 2–5 ms identical neighbours make the differences' MAD 0 while one step is
  // 20–50%, and 4–8% of 11-point series of pure noise got a change point. Rounding to a step adds noise of σ
  // step/√12; in logs, relative to the series' level.
  const sigma = Math.max(robustSigma(n), 0.005, roundingSigma(valuesMs))
  prefix[0] = 0
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] as number) + (logs[i] as number)
  const found: number[] = []
  const segment = (lo: number, hi: number): void => {
    let best = -1
    let bestStat = 0
    for (let k = lo + minSegment; k <= hi - minSegment; k++) {
      const nl = k - lo
      const nr = hi - k
      const shift = ((prefix[hi] as number) - (prefix[k] as number)) / nr - ((prefix[k] as number) - (prefix[lo] as number)) / nl
      const stat = Math.abs(shift) / (sigma * Math.sqrt(1 / nl + 1 / nr))
      if (stat > bestStat && Math.abs(shift) >= minShift) {
        bestStat = stat
        best = k
      }
    }
    if (best < 0 || bestStat < threshold) return
    const at = settle(lo, best, hi, minSegment, minShift)
    if (at === undefined) return
    found.push(at)
    segment(lo, at)
    segment(at, hi)
  }
  segment(0, n)
  return found.sort((a, b) => a - b)
}
