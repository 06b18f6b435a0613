/** Options of the comparison: defaults (each with its reason and source), the resolved shape, and validation. */
import { PerfSentinelError } from '../errors.js'
import { resolveNoiseFloorOptions } from './noiseFloor.js'
import type { NoiseFloorOptions } from './noiseFloor.js'

/** A change must be at least this slow to fail (asv `continuous` uses a factor of 1.1 too). */
export const DEFAULT_FAIL_THRESHOLD_PERCENT = 10
/** Slowdowns above this, short of the fail gate, are `unchanged` with a warning (Reassure reports from 5%). */
export const DEFAULT_WARN_THRESHOLD_PERCENT = 5
/** A 99% interval: each gated measurement alone raises a false alarm at most 0.5% of the time (one-sided). */
export const DEFAULT_CONFIDENCE_LEVEL = 0.99
/** Family-wise error across a run (Holm): with 100 gated measurements, ≤ 1% of runs raise any false alarm. */
export const DEFAULT_FAMILY_ALPHA = 0.01
/** Granularity of `performance.now()` in Node on Linux is tens of ns; 30 ns is a typical observed step. */
export const DEFAULT_TIMER_RESOLUTION_MS = 0.00003
/** Changes under 50 µs per operation rarely matter to users and sit within scheduler jitter. */
export const MIN_ABSOLUTE_FLOOR_MS = 0.05
/** Twenty timer steps: below that an absolute change is mostly quantisation of the clock. */
export const TIMER_RESOLUTION_MULTIPLE = 20
/** Samples per side that a comparison uses (evenly strided through the run when there are more). */
export const COMPARE_MAX_SAMPLES = 100
/** 5 vs 5 is the smallest design whose exact two-sided Mann–Whitney test can reach p < 0.01 (2/252 ≈ 0.008). */
export const DEFAULT_MIN_SAMPLES = 5

/** Resolved options of the comparison. Thresholds are in percent of the baseline's typical time. */
export interface CompareOptions {
  failThresholdPercent: number
  warnThresholdPercent: number
  confidenceLevel: number
  familyAlpha: number
  /** Smallest absolute change of the median per operation that can fail or improve, in ms. */
  absoluteFloorMs: number
  timerResolutionMs: number
  /** Fewest samples per side; fewer make the verdict `inconclusive`. */
  minSamples: number
  /** Refuse to gate (verdict `inconclusive`) unless both hard environment fingerprints are present and equal. */
  requireSameEnvironment: boolean
  noiseFloor: NoiseFloorOptions
}

/** Options as a user writes them: every field optional. */
export type CompareOptionsInput = Partial<Omit<CompareOptions, 'noiseFloor'>> & {
  noiseFloor?: Partial<NoiseFloorOptions>
}

/** Every key `resolveCompareOptions` accepts. */
const COMPARE_OPTION_KEYS: readonly string[] = [
  'failThresholdPercent', 'warnThresholdPercent', 'confidenceLevel', 'familyAlpha', 'absoluteFloorMs',
  'timerResolutionMs', 'minSamples', 'requireSameEnvironment', 'noiseFloor',
]

/**
 * Fills in the defaults and checks ranges; an unknown key is an error. `absoluteFloorMs` defaults to max(0.05 ms, 20 × `timerResolutionMs`).
 * @example resolveCompareOptions({ failThresholdPercent: 20 })
 */
export function resolveCompareOptions(partial: CompareOptionsInput = {}): CompareOptions {
  const noiseFloorGiven: unknown = partial.noiseFloor
  if (noiseFloorGiven !== undefined && (typeof noiseFloorGiven !== 'object' || noiseFloorGiven === null || Array.isArray(noiseFloorGiven))) {
    throw new PerfSentinelError('E_CONFIG', `Invalid compare options: noiseFloor must be an object, got ${JSON.stringify(noiseFloorGiven)}.`, {
      fix: 'pass e.g. noiseFloor: { defaultFloorPercent: 5 }, or remove it to use the defaults',
    })
  }
  const unknown = Object.keys(partial).filter((key) => !COMPARE_OPTION_KEYS.includes(key))
  if (unknown.length > 0) {
    throw new PerfSentinelError('E_CONFIG', `Unknown compare option${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => `"${k}"`).join(', ')}.`, {
      fix: `use one of: ${COMPARE_OPTION_KEYS.join(', ')}`,
    })
  }
  const timerResolutionMs = partial.timerResolutionMs ?? DEFAULT_TIMER_RESOLUTION_MS
  const options: CompareOptions = {
    failThresholdPercent: partial.failThresholdPercent ?? DEFAULT_FAIL_THRESHOLD_PERCENT,
    warnThresholdPercent: partial.warnThresholdPercent ?? DEFAULT_WARN_THRESHOLD_PERCENT,
    confidenceLevel: partial.confidenceLevel ?? DEFAULT_CONFIDENCE_LEVEL,
    familyAlpha: partial.familyAlpha ?? DEFAULT_FAMILY_ALPHA,
    absoluteFloorMs:
      partial.absoluteFloorMs ?? Math.max(MIN_ABSOLUTE_FLOOR_MS, TIMER_RESOLUTION_MULTIPLE * timerResolutionMs),
    timerResolutionMs,
    minSamples: partial.minSamples ?? DEFAULT_MIN_SAMPLES,
    requireSameEnvironment: partial.requireSameEnvironment ?? true,
    noiseFloor: resolveNoiseFloorOptions(partial.noiseFloor),
  }
  const problems: string[] = []
  for (const key of ['confidenceLevel', 'familyAlpha'] as const) {
    const value = options[key]
    if (!(value > 0 && value < 1)) problems.push(`${key} must be between 0 and 1 (exclusive), got ${value}`)
  }
  for (const key of ['failThresholdPercent', 'warnThresholdPercent', 'absoluteFloorMs', 'timerResolutionMs'] as const) {
    const value = options[key]
    if (!(Number.isFinite(value) && value >= 0)) problems.push(`${key} must be a finite number ≥ 0, got ${value}`)
  }
  if (typeof options.requireSameEnvironment !== 'boolean') {
    problems.push(`requireSameEnvironment must be true or false, got ${JSON.stringify(options.requireSameEnvironment)}`)
  }
  if (!(Number.isInteger(options.minSamples) && options.minSamples >= 1)) {
    problems.push(`minSamples must be an integer ≥ 1, got ${options.minSamples}`)
  }
  if (options.warnThresholdPercent > options.failThresholdPercent) {
    const { warnThresholdPercent: warn, failThresholdPercent: fail } = options
    problems.push(`warnThresholdPercent ${warn} must not exceed failThresholdPercent ${fail}`)
  }
  if (problems.length > 0) {
    throw new PerfSentinelError('E_CONFIG', `Invalid compare options: ${problems.join('; ')}.`, {
      fix: 'correct or remove these options to use the defaults',
    })
  }
  return options
}

