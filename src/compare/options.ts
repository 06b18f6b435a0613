/** Options of the comparison: defaults (each with its reason and source), the resolved shape, and validation. */
import * as v from 'valibot'
import type { OptionSet } from '../model/optionSet.js'
import { findOptionIssues, option, optionError, optionSet, values } from '../model/optionSet.js'
import { noiseFloorOptionSet, resolveNoiseFloorOptions } from './noiseFloor.js'
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

/** A probability strictly between 0 and 1. */
const openUnit = v.pipe(v.number(), v.gtValue(0), v.ltValue(1))

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

/** The compare option set; `noiseFloor` nests its own set (shared error shape: model/optionSet.ts). */
export const compareOptionSet: OptionSet = optionSet('compare option', 'an object of comparison options', '{ failThresholdPercent: 10 }', {
  failThresholdPercent: option(values.nonNegative, 'a percentage ≥ 0'),
  warnThresholdPercent: option(values.nonNegative, 'a percentage ≥ 0'),
  confidenceLevel: option(openUnit, 'a number between 0 and 1 (exclusive), e.g. 0.99'),
  familyAlpha: option(openUnit, 'a number between 0 and 1 (exclusive), e.g. 0.01'),
  absoluteFloorMs: option(values.nonNegative, 'a number of milliseconds ≥ 0'),
  timerResolutionMs: option(values.nonNegative, 'a number of milliseconds ≥ 0'),
  minSamples: option(values.count, 'an integer ≥ 1'),
  requireSameEnvironment: option(values.boolean, 'true or false'),
  noiseFloor: noiseFloorOptionSet,
})

/** The warning threshold when none is given: the default, or the fail threshold where that is lower. */
function defaultWarn(fail: unknown): number {
  return typeof fail === 'number' && fail < DEFAULT_WARN_THRESHOLD_PERCENT ? fail : DEFAULT_WARN_THRESHOLD_PERCENT
}

/**
 * Fills in the defaults and checks every key and value: a bad one throws `PerfSentinelError('E_CONFIG')` naming
 * the key, the value and what is accepted (all problems at once). `absoluteFloorMs` defaults to max(0.05 ms,
 * 20 × `timerResolutionMs`).
 * @example resolveCompareOptions({ failThresholdPercent: 20 })
 */
export function resolveCompareOptions(partial: CompareOptionsInput = {}, where?: string): CompareOptions {
  const issues = findOptionIssues(compareOptionSet, partial)
  const given = (issues.length === 0 ? partial : {}) as CompareOptionsInput
  const fail = partial.failThresholdPercent ?? DEFAULT_FAIL_THRESHOLD_PERCENT
  // The default warning threshold follows a fail threshold set below it (fail 3 alone: warn 3, not an error).
  const warn = partial.warnThresholdPercent ?? defaultWarn(fail)
  // Valid alone but not together: named in the same error as the other problems.
  if (v.is(values.nonNegative, warn) && v.is(values.nonNegative, fail) && warn > fail) {
    issues.push({ kind: 'invalid', path: 'warnThresholdPercent', value: warn, accepted: `at most "failThresholdPercent" (${fail})` })
  }
  if (issues.length > 0) throw optionError('E_CONFIG', compareOptionSet, issues, where)
  const timerResolutionMs = given.timerResolutionMs ?? DEFAULT_TIMER_RESOLUTION_MS
  return {
    failThresholdPercent: given.failThresholdPercent ?? DEFAULT_FAIL_THRESHOLD_PERCENT,
    warnThresholdPercent: given.warnThresholdPercent ?? defaultWarn(given.failThresholdPercent ?? DEFAULT_FAIL_THRESHOLD_PERCENT),
    confidenceLevel: given.confidenceLevel ?? DEFAULT_CONFIDENCE_LEVEL,
    familyAlpha: given.familyAlpha ?? DEFAULT_FAMILY_ALPHA,
    absoluteFloorMs: given.absoluteFloorMs ?? Math.max(MIN_ABSOLUTE_FLOOR_MS, TIMER_RESOLUTION_MULTIPLE * timerResolutionMs),
    timerResolutionMs,
    minSamples: given.minSamples ?? DEFAULT_MIN_SAMPLES,
    requireSameEnvironment: given.requireSameEnvironment ?? true,
    noiseFloor: resolveNoiseFloorOptions(given.noiseFloor),
  }
}
