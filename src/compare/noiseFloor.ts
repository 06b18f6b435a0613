/**
 * The noise floor: how much the median of one measurement moves between separate processes with no code change.
 * Samples inside one process are tight, so the Mann–Whitney interval is narrow, but medians of separate runs vary
 * far more (notes/statistics.md: 0.3% within a job vs 26% between jobs; CV 22% across 20 processes here).
 * A regression must clear this floor, not only the interval.
 */
import type { OptionSet } from '../model/optionSet.js'
import { checkOptions, option, optionSet, values } from '../model/optionSet.js'
import { median } from '../stats/summarize.js'

/**
 * Floor used when too few previous runs exist to measure between-process noise. 5%, half the default fail
 * threshold: a tight +10% change still fails, but the interval must clear a few percent of process-to-process drift.
 */
export const DEFAULT_NOISE_FLOOR_PERCENT = 5

/**
 * Multiplier on the between-run standard deviation σ of log medians. Two runs' medians differ by √2·σ, and a
 * chance difference exceeds 3σ (≈ 2.1 of its own sd) in about 2% of comparisons, one-sided, before the other gates.
 */
export const DEFAULT_BETWEEN_RUN_FACTOR = 3

/** Fewest previous run medians whose spread is trusted: the MAD of fewer than 3 values is meaningless. */
export const DEFAULT_MIN_HISTORY_RUNS = 3

/**
 * The floor never exceeds this. A few runs in a slow phase of a shared machine made learned floors of 145–290%,
 * turning real 3× slowdowns `inconclusive`; past 100% the history says the machine cannot gate the measurement,
 * which the run reports (`NOISE_FLOOR_CAPPED`) instead of silently waving everything through.
 */
export const MAX_NOISE_FLOOR_PERCENT = 100

/** Scales a MAD to a standard deviation for normal data (1 / Φ⁻¹(3/4)). */
const MAD_TO_SD = 1.482602218505602

/** Tuning knobs of the noise floor; a benchmark of the tool tunes the defaults. */
export interface NoiseFloorOptions {
  /** @default DEFAULT_NOISE_FLOOR_PERCENT */
  defaultFloorPercent: number
  /** @default DEFAULT_BETWEEN_RUN_FACTOR */
  betweenRunFactor: number
  /** @default DEFAULT_MIN_HISTORY_RUNS */
  minHistoryRuns: number
  /**
   * Whether the spread of the samples themselves raises the floor (default true). Off where each sample is already
   * a whole process's median (`perf-sentinel compare`): the Mann–Whitney interval of those values is built from
   * their spread, so raising the floor to it too counted the between-process noise twice. Not a config option: it
   * follows from what the samples are, which the caller knows.
   */
  withinRunSpread?: boolean
}

/** What the noise floor is estimated from. Times are per operation, in ms. */
export interface NoiseFloorInput {
  headSamplesMs: readonly number[]
  baseSamplesMs: readonly number[]
  /** Medians of previous independent runs of the same measurement, from the history store (may be empty). */
  historyMediansMs?: readonly number[]
  /**
   * The same samples as logs, sorted ascending, when the caller has them already (the shift sorts them): the
   * within-run spread then takes O(n) instead of two sorts per side.
   */
  sortedLogs?: { head: Float64Array; base: Float64Array }
}

/** The noise-floor option set (shared error shape: model/optionSet.ts). */
export const noiseFloorOptionSet: OptionSet = optionSet(
  'noise floor option',
  'an object of noise floor options',
  '{ defaultFloorPercent: 5 }',
  {
    defaultFloorPercent: option(values.nonNegative, 'a percentage ≥ 0'),
    betweenRunFactor: option(values.nonNegative, 'a finite number ≥ 0'),
    minHistoryRuns: option(values.nonNegativeInteger, 'an integer ≥ 0'),
  },
)

/**
 * Fills in the default noise-floor options; a bad key or value throws `PerfSentinelError('E_CONFIG')` naming the
 * key, the value and what is accepted.
 */
export function resolveNoiseFloorOptions(partial: Partial<NoiseFloorOptions> = {}, where?: string): NoiseFloorOptions {
  const given = checkOptions(noiseFloorOptionSet, partial, {
    code: 'E_CONFIG',
    ...(where === undefined ? {} : { where }),
  }) as Partial<NoiseFloorOptions>
  return {
    defaultFloorPercent: given.defaultFloorPercent ?? DEFAULT_NOISE_FLOOR_PERCENT,
    betweenRunFactor: given.betweenRunFactor ?? DEFAULT_BETWEEN_RUN_FACTOR,
    minHistoryRuns: given.minHistoryRuns ?? DEFAULT_MIN_HISTORY_RUNS,
  }
}

/**
 * Relative noise of a measurement, in percent. Between-run term, when at least `minHistoryRuns` history medians
 * exist: the larger of `betweenRunFactor` × robust sd of their logs and their range (max/min − 1), never below
 * `defaultFloorPercent`. The history must be runs of the baseline's own code (the caller picks them). The result is never below the
 * within-run spread of a single operation (robust sd of log samples, on the quieter side), since medians of
 * separate processes empirically vary at least that much, and never above `MAX_NOISE_FLOOR_PERCENT`. Invalid
 * history medians (≤ 0, NaN) are skipped.
 */
export function estimateNoiseFloorPercent(input: NoiseFloorInput, options: NoiseFloorOptions = resolveNoiseFloorOptions()): number {
  const history = (input.historyMediansMs ?? []).filter((v) => v > 0 && Number.isFinite(v))
  // History can only raise the floor: a spread estimated from a handful of runs easily comes out near zero,
  // and the default is the least between-process drift seen on shared machines.
  // The robust sd misses two-mode noise (a loaded machine flipping a timing between two levels: the MAD of a
  // majority mode is ~0), so the full range the same code has shown also counts: a change inside it is not news.
  const betweenPercent =
    history.length >= Math.max(options.minHistoryRuns, 1)
      ? Math.max(options.defaultFloorPercent, logSpreadToPercent(options.betweenRunFactor * robustSdOfLogs(history)), rangePercent(history))
      : options.defaultFloorPercent
  if (options.withinRunSpread === false) return Math.min(MAX_NOISE_FLOOR_PERCENT, betweenPercent)
  // The quieter side: a change that adds jitter (GC, I/O) to head must not raise the bar for detecting itself.
  const withinPercent = input.sortedLogs
    ? Math.min(sortedLogSpreadPercent(input.sortedLogs.head), sortedLogSpreadPercent(input.sortedLogs.base))
    : Math.min(withinRunPercent(input.headSamplesMs), withinRunPercent(input.baseSamplesMs))
  return Math.min(MAX_NOISE_FLOOR_PERCENT, Math.max(betweenPercent, withinPercent))
}

/** Robust sd of one operation's log-time within a run, as a percent; 0 when there are no usable samples. */
function withinRunPercent(samplesMs: readonly number[]): number {
  const valid = samplesMs.filter((v) => v > 0 && Number.isFinite(v))
  return sortedLogSpreadPercent(Float64Array.from(valid, Math.log).sort())
}

/** `withinRunPercent` of samples given as sorted logs: median and MAD in O(n), no sort. */
export function sortedLogSpreadPercent(sorted: Float64Array): number {
  const n = sorted.length
  if (n < 2) return 0
  const mid = n >> 1
  const odd = n % 2 === 1
  const center = odd ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  // Deviations below the center grow leftwards, those above grow rightwards: merge the two runs up to the middle.
  // For odd n the middle value itself deviates by 0 and comes first.
  let left = mid - 1
  let right = odd ? mid + 1 : mid
  const deviations = new Float64Array(mid + 1)
  let count = 0
  if (odd) deviations[count++] = 0
  while (count <= mid) {
    const below = left >= 0 ? center - (sorted[left] as number) : Number.POSITIVE_INFINITY
    const above = right < n ? (sorted[right] as number) - center : Number.POSITIVE_INFINITY
    if (below <= above) {
      deviations[count++] = below
      left--
    } else {
      deviations[count++] = above
      right++
    }
  }
  const mad = odd ? (deviations[mid] as number) : ((deviations[mid - 1] as number) + (deviations[mid] as number)) / 2
  return logSpreadToPercent(MAD_TO_SD * mad)
}

/** MAD of the log values scaled to a standard deviation: insensitive to the odd GC pause or cold run. */
function robustSdOfLogs(values: readonly number[]): number {
  const logs = values.map(Math.log)
  const center = median(logs)
  return MAD_TO_SD * median(logs.map((v) => Math.abs(v - center)))
}

/** Largest over smallest, as a percent above 1: how far apart the same code's medians have been. */
function rangePercent(values: readonly number[]): number {
  let min = Number.POSITIVE_INFINITY
  let max = 0
  for (const v of values) {
    min = Math.min(min, v)
    max = Math.max(max, v)
  }
  return (max / min - 1) * 100
}

/** A spread of log-times as the ratio it stands for, in percent: (e^s − 1)·100. */
function logSpreadToPercent(spreadLog: number): number {
  return Math.expm1(spreadLog) * 100
}
