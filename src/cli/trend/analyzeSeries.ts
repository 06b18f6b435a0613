/**
 * What `trend` and `audit` say about one per-commit series (pure): a rolling-median baseline, the slope, the
 * change points (stats/changePoints.ts) with the level on each side, and whether the current level is a
 * regression against the level before one of them.
 */
import { detectChangePoints } from '../../stats/changePoints.js'
import type { ChangePointOptions } from '../../stats/changePoints.js'
import { median } from '../../stats/summarize.js'

/** Points in the rolling median: five commits smooth one noisy run without hiding a step for long. */
export const ROLLING_WINDOW = 5

/**
 * Change-point settings of `trend` and `audit`: a split must stand 3.5 noise standard errors out (the run end's
 * report uses 5). Measured on seeded 3%-noise series (test/unit/cli/trendDetection.test.ts): 0.2–0.4 false change
 * points per 100 A/A series of 50 points, and 95% of 10% steps found within 5 points (78% with 5).
 */
const MIN_SEGMENT = 3
export const TREND_CHANGE_POINTS: Readonly<ChangePointOptions> = { threshold: 3.5, minShiftPercent: 5, minSegment: MIN_SEGMENT }

/**
 * Fewest commits `audit` judges: a change point needs a segment on each side; fewer, and a measurement is counted as
 * too short to judge rather than as without regression.
 */
export const MIN_AUDIT_POINTS: number = 2 * MIN_SEGMENT

/** A lasting level shift. */
export interface LevelShift {
  /** Index of the first point at the new level. */
  index: number
  commit: string
  beforeMs: number
  afterMs: number
  changePercent: number
}

export interface SeriesAnalysis {
  points: number
  latestMs: number
  /** Rolling median (the last `ROLLING_WINDOW` points before the latest): what the latest is judged against. */
  baselineMs: number
  /** Rolling median at each point, for charts. */
  rollingMedianMs: number[]
  /** Theil–Sen slope of log-times, as percent per commit (robust to a few outliers). */
  slopePercentPerCommit: number
  changePoints: LevelShift[]
  /** Median of the points after the last change point: where the series is now. */
  currentLevelMs: number
}

/** A regression the audit reports: the current level against the level before the change point it started at. */
export interface Regression {
  changePercent: number
  sinceCommit: string
  /** `step`: a change point; `drift`: no single step, but the latest window against the first. */
  kind: 'step' | 'drift'
}

function rollingMedian(values: readonly number[], window: number): number[] {
  return values.map((_, i) => median(values.slice(Math.max(0, i - window + 1), i + 1)))
}

/** Median of the pairwise slopes of (i, log vᵢ), as a percent change per step. */
function theilSenPercent(values: readonly number[]): number {
  const slopes: number[] = []
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) slopes.push((Math.log(values[j] as number) - Math.log(values[i] as number)) / (j - i))
  }
  return slopes.length === 0 ? 0 : Math.expm1(median(slopes)) * 100
}

/** Analyses one series of medians (ms, oldest first) with the commit of each point. */
export function analyzeSeries(
  valuesMs: readonly number[],
  commits: readonly string[],
  options: ChangePointOptions = TREND_CHANGE_POINTS,
): SeriesAnalysis {
  const n = valuesMs.length
  const indices = detectChangePoints(valuesMs, options)
  const bounds = [0, ...indices, n]
  const levels = bounds.slice(0, -1).map((start, k) => median(valuesMs.slice(start, bounds[k + 1])))
  const changePoints = indices.map((index, k) => {
    const beforeMs = levels[k] as number
    const afterMs = levels[k + 1] as number
    return { index, commit: commits[index] ?? '', beforeMs, afterMs, changePercent: (afterMs / beforeMs - 1) * 100 }
  })
  const previous = valuesMs.slice(Math.max(0, n - 1 - ROLLING_WINDOW), n - 1)
  return {
    points: n,
    latestMs: valuesMs[n - 1] ?? Number.NaN,
    baselineMs: previous.length > 0 ? median(previous) : (valuesMs[0] ?? Number.NaN),
    rollingMedianMs: rollingMedian(valuesMs, ROLLING_WINDOW),
    slopePercentPerCommit: theilSenPercent(valuesMs),
    changePoints,
    currentLevelMs: levels[levels.length - 1] ?? Number.NaN,
  }
}

/**
 * The regression, if any, at `thresholdPercent`: the change point whose earlier level the current level exceeds
 * most (two steps of +6% are "12.4% slower since" the first; a step later undone is nothing); without one, a slow
 * drift of the last window's median against the first window's, when the series is long enough for both.
 */
export function findRegression(
  analysis: SeriesAnalysis,
  valuesMs: readonly number[],
  commits: readonly string[],
  thresholdPercent: number,
): Regression | undefined {
  let best: Regression | undefined
  for (const shift of analysis.changePoints) {
    const changePercent = (analysis.currentLevelMs / shift.beforeMs - 1) * 100
    if (changePercent >= thresholdPercent && (best === undefined || changePercent > best.changePercent)) {
      best = { changePercent, sinceCommit: shift.commit, kind: 'step' }
    }
  }
  if (best !== undefined || analysis.changePoints.length > 0 || valuesMs.length < MIN_AUDIT_POINTS) return best
  const n = valuesMs.length
  const long = n >= 2 * ROLLING_WINDOW
  const window = long ? ROLLING_WINDOW : Math.floor(n / 2)
  const firstWindow = valuesMs.slice(0, window)
  const lastWindow = valuesMs.slice(-window)
  // A short series (6–9 commits) is too short for the noise estimate of a change point, and a rise in steps over it
  // (2×, 3×, 4×) finds none: there, every point of the last half above every point of the first half (1 chance in
  // 20 or less for unchanged code) and the median change over the threshold make it a drift.
  if (!long && Math.max(...firstWindow) >= Math.min(...lastWindow)) return undefined
  const changePercent = (median(lastWindow) / median(firstWindow) - 1) * 100
  return changePercent >= thresholdPercent ? { changePercent, sinceCommit: commits[0] ?? '', kind: 'drift' } : undefined
}
