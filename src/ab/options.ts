/**
 * Options of `perf-sentinel compare` (the same-job A/B): defaults, each with its reason, and the comparison
 * options it decides with. Same statistics as the stored-baseline gate (src/compare), tighter defaults: inside one
 * job, interleaved, the between-process spread is measured in every comparison instead of assumed.
 */
import type { CompareOptions, CompareOptionsInput } from '../compare/index.js'
import { resolveCompareOptions } from '../compare/index.js'
import { PerfSentinelError } from '../errors.js'

/** Sampling stops when this much wall time has gone (confirmation of candidates comes on top). */
export const DEFAULT_BUDGET_MS: number = 3 * 60_000
/** Rounds per side before the first decision: 6 vs 6 is the smallest design where Holm over a few measurements can pass. */
export const DEFAULT_MIN_ROUNDS = 6
/**
 * Rounds per side after which an undecided measurement stays `inconclusive`: past this the interval narrows slowly.
 * 60, so that the budget rather than this cap ends sampling: at a quarter of each measurement's time a Jest round of
 * a 20-measurement suite takes ~3 s, and 30 a side were reached after 108 s of a 3-minute budget.
 */
export const DEFAULT_MAX_ROUNDS = 60
/**
 * Fewest rounds per side that confirm a candidate, decided on their own (exact Mann–Whitney 6 vs 6 reaches
 * p = 0.002); a candidate that took more sampling rounds is confirmed with as many.
 */
export const DEFAULT_CONFIRM_ROUNDS = 6
/**
 * Fail gate of the A/B, in percent. Lower than the stored-baseline gate's 10%: each value compared is a whole
 * process, interleaved with the other side in the same job, so a few percent is measurable (bench/compareAb.mjs).
 */
export const AB_FAIL_THRESHOLD_PERCENT = 3
export const AB_WARN_THRESHOLD_PERCENT = 2
/** Least noise floor: the interval's lower bound must still clear 1% (the spread of process medians is in the interval itself). */
export const AB_NOISE_FLOOR_PERCENT = 1
/**
 * Smallest absolute change that can fail, per operation: 1 µs. The stored-baseline gate's 50 µs stands for
 * scheduler jitter between jobs, which the interleaved rounds measure instead.
 */
export const AB_ABSOLUTE_FLOOR_MS = 0.001

/**
 * Factor on every measurement's time in the rounds (`PERF_SENTINEL_TIME_SCALE`): a round's median is one draw of
 * the between-process spread, which is several times the spread of a median within one process, so shorter rounds
 * buy more draws in the same budget (BENCHMARKS.md part 6, "Shorter rounds").
 */
export const DEFAULT_TIME_SCALE = 0.25

/** Resolved options of an A/B run. */
export interface AbOptions {
  budgetMs: number
  minRounds: number
  maxRounds: number
  confirmRounds: number
  /** Globs (picomatch) over a measurement's file, name or id; empty = every measurement. */
  include: string[]
  exclude: string[]
  /** Narrow later rounds to the undecided tests with the runner's test-name filter (`-t`). */
  narrowTests: boolean
  /** Factor on each measurement's time in the rounds, in (0, 1]. */
  timeScale: number
  compare: CompareOptions
}

/** Options as the command line gives them. */
export interface AbOptionsInput {
  budgetMs?: number
  minRounds?: number
  maxRounds?: number
  confirmRounds?: number
  include?: string[]
  exclude?: string[]
  narrowTests?: boolean
  timeScale?: number
  compare?: CompareOptionsInput
}

/** Fills the defaults and checks that the round counts fit together; throws `PerfSentinelError('E_USAGE')`. */
export function resolveAbOptions(input: AbOptionsInput = {}): AbOptions {
  const minRounds = input.minRounds ?? DEFAULT_MIN_ROUNDS
  const maxRounds = input.maxRounds ?? Math.max(DEFAULT_MAX_ROUNDS, minRounds)
  const confirmRounds = input.confirmRounds ?? DEFAULT_CONFIRM_ROUNDS
  const problems: string[] = []
  if (minRounds < 2 || minRounds % 2 !== 0)
    problems.push(`--min-rounds must be an even number ≥ 2 (ABBA cycles give two rounds per side), got ${minRounds}`)
  if (maxRounds < minRounds) problems.push(`--max-rounds (${maxRounds}) must be at least --min-rounds (${minRounds})`)
  if (confirmRounds < 2 || confirmRounds % 2 !== 0) problems.push(`--confirm-rounds must be an even number ≥ 2, got ${confirmRounds}`)
  const timeScale = input.timeScale ?? DEFAULT_TIME_SCALE
  if (!(timeScale > 0 && timeScale <= 1)) problems.push(`--time-scale must be a number in (0, 1], got ${timeScale}`)
  if (problems.length > 0)
    throw new PerfSentinelError('E_USAGE', problems.join('; '), { fix: 'see perf-sentinel compare --help for the defaults' })
  const fail = input.compare?.failThresholdPercent ?? AB_FAIL_THRESHOLD_PERCENT
  const compare = resolveCompareOptions(
    {
      ...input.compare,
      failThresholdPercent: fail,
      warnThresholdPercent: input.compare?.warnThresholdPercent ?? Math.min(AB_WARN_THRESHOLD_PERCENT, fail),
      absoluteFloorMs: input.compare?.absoluteFloorMs ?? AB_ABSOLUTE_FLOOR_MS,
      noiseFloor: { defaultFloorPercent: AB_NOISE_FLOOR_PERCENT, ...input.compare?.noiseFloor },
      requireSameEnvironment: false,
    },
    'perf-sentinel compare',
  )
  // Each compared value is one process's median: the interval carries their spread already (see withinRunSpread).
  compare.noiseFloor = { ...compare.noiseFloor, withinRunSpread: false }
  return {
    budgetMs: input.budgetMs ?? DEFAULT_BUDGET_MS,
    minRounds,
    maxRounds,
    confirmRounds,
    include: input.include ?? [],
    exclude: input.exclude ?? [],
    narrowTests: input.narrowTests ?? true,
    timeScale,
    compare,
  }
}

/**
 * A duration as people write it: `90s`, `4m`, `1m30s`, `1h`, `250ms`, or a bare number of seconds. Throws
 * `PerfSentinelError('E_USAGE')` naming the flag.
 * @example parseDuration('1m30s', 'budget') // → 90000
 */
export function parseDuration(text: string, flag: string): number {
  const trimmed = text.trim()
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
  let total = 0
  if (/^\d+(\.\d+)?$/.test(trimmed)) total = Number(trimmed) * 1000
  else {
    const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)]
    const covered = parts.map((p) => p[0]).join('')
    if (parts.length === 0 || covered !== trimmed) total = Number.NaN
    for (const [, amount, unit] of parts) total += Number(amount) * (units[unit as string] ?? Number.NaN)
  }
  if (!(total > 0 && Number.isFinite(total))) {
    throw new PerfSentinelError('E_USAGE', `--${flag} needs a duration such as 90s, 4m or 1m30s, received ${JSON.stringify(text)}`, {
      fix: `pass e.g. --${flag} 4m`,
    })
  }
  return total
}
