import * as v from 'valibot'
import type { OptionIssue, OptionSet } from '../model/optionSet.js'
import { checkOptions, option, optionError, optionSet, values } from '../model/optionSet.js'
import type { Clock } from './clock.js'
import { realClock } from './clock.js'
import { measureTimeScale } from './timeScale.js'
import { MEASURE_DEFAULTS } from './defaults.js'
import type { ProfileMode } from '../model/diagnostics.js'

/** Options of `measure()` and of the timing matchers. All times are in milliseconds. */
export interface MeasureOptions {
  /** Sampling stops once this much time has passed and `minSamples` were taken. @default 1000 */
  timeMs?: number
  /** Sampling may stop early, after this long, once the median's margin is below `targetMarginPercent`. @default 100 */
  minTimeMs?: number
  /** Relative half-width of the median's distribution-free 95% interval that ends sampling early. @default 1 */
  targetMarginPercent?: number
  /** Fewest samples, whatever the time. @default 10 */
  minSamples?: number
  /** Most samples. @default 10000 */
  maxSamples?: number
  /** Take exactly this many samples, ignoring the time budget (`iterations: 1` with `warmup: false` is single-shot). */
  iterations?: number
  /** `false` disables warm-up. @default true */
  warmup?: boolean
  /** Warm-up runs until this much time has passed… @default 100 */
  warmupMs?: number
  /** …or this many operations ran, whichever comes first. @default 1000 */
  warmupIterations?: number
  /** Operations per timed sample. `'auto'` batches functions faster than 0.1 ms so the clock's cost vanishes. @default 'auto' */
  batchSize?: number | 'auto'
  /** Untimed, before every operation (forces `batchSize: 1`). */
  setup?: () => unknown
  /** Untimed, after every operation (forces `batchSize: 1`). */
  teardown?: () => unknown
  /** `'auto'`: use `global.gc` when exposed; `true`: expose it; `false`: never collect. @default 'auto' */
  gc?: boolean | 'auto'
  /** How many samples are kept in results and reports (statistics use all of them). @default 256 */
  maxRetainedSamples?: number
  /** Clock in ms (tests inject a fake one). @default the real clock captured at module load */
  clock?: Clock
  /**
   * CPU profile of a replay after the timed samples (written under `perf-report/profiles/`): `'on-failure'` when a
   * matcher's assertion fails, `'always'`, or `'off'`. `measure()` has no failure, so only `'always'` profiles it.
   * @default the configured default ('on-failure'; `configureDiagnostics()`, `PERF_SENTINEL_PROFILE`)
   */
  profile?: ProfileMode
}

/** Options after defaults, validated. */
export interface ResolvedMeasureOptions {
  timeMs: number
  /** `timeMs` as given, when `PERF_SENTINEL_TIME_SCALE` shortened it: the measurement cap stays the unscaled one. */
  unscaledTimeMs?: number
  minTimeMs: number
  targetMarginPercent: number
  minSamples: number
  maxSamples: number
  iterations: number | undefined
  warmupMs: number
  warmupIterations: number
  batchSize: number | 'auto'
  setup: (() => unknown) | undefined
  teardown: (() => unknown) | undefined
  gc: boolean | 'auto'
  maxRetainedSamples: number
  clock: Clock
}

/** A sample shorter than this is batched: 0.1 ms makes one ~40 ns clock read cost < 0.05% of a sample. */
export const TARGET_SAMPLE_MS = 0.1

export { MEASURE_DEFAULTS } from './defaults.js'

/** The measure option set: every key, its value schema and what it accepts (shared error shape: model/optionSet.ts). */
export const measureOptionSet: OptionSet = optionSet('option', 'an object of measure options', '{ timeMs: 500 }', {
  timeMs: option(values.positive, 'a positive number of milliseconds'),
  minTimeMs: option(values.nonNegative, 'a number of milliseconds ≥ 0'),
  targetMarginPercent: option(values.nonNegative, 'a percentage ≥ 0'),
  minSamples: option(values.count, 'an integer ≥ 1'),
  maxSamples: option(values.count, 'an integer ≥ 1'),
  iterations: option(values.count, 'an integer ≥ 1'),
  warmup: option(values.boolean, 'true or false'),
  warmupMs: option(values.nonNegative, 'a number of milliseconds ≥ 0'),
  warmupIterations: option(values.nonNegativeInteger, 'an integer ≥ 0'),
  batchSize: option(v.union([v.literal('auto'), values.count]), "'auto' or an integer ≥ 1"),
  setup: option(values.fn, 'a function'),
  teardown: option(values.fn, 'a function'),
  gc: option(v.union([v.boolean(), v.literal('auto')]), "true, false or 'auto'"),
  maxRetainedSamples: option(values.count, 'an integer ≥ 1'),
  clock: option(values.fn, 'a function returning milliseconds'),
  profile: option(v.picklist(['on-failure', 'always', 'off']), "'on-failure', 'always' or 'off'"),
})

/** Keys accepted by `measure()`; matchers add their own on top. */
export const MEASURE_OPTION_KEYS: readonly string[] = Object.keys(measureOptionSet.options)

/**
 * Validates options and fills defaults. Throws `PerfSentinelError('E_ARGUMENT')` naming the key, the value and
 * what is accepted (every problem at once); keys listed in `extraKeys` belong to the caller (a matcher) and are
 * skipped here.
 */
export function resolveMeasureOptions(
  options: MeasureOptions | undefined,
  where: string,
  extraKeys: readonly string[] = [],
): ResolvedMeasureOptions {
  const o = checkOptions(measureOptionSet, options, { code: 'E_ARGUMENT', where, extraKeys }) as MeasureOptions
  const warmupOff = o.warmup === false
  const hooks = o.setup !== undefined || o.teardown !== undefined
  const resolved: ResolvedMeasureOptions = {
    timeMs: o.timeMs ?? MEASURE_DEFAULTS.timeMs,
    minTimeMs: Math.min(o.minTimeMs ?? MEASURE_DEFAULTS.minTimeMs, o.timeMs ?? Number.POSITIVE_INFINITY),
    targetMarginPercent: o.targetMarginPercent ?? MEASURE_DEFAULTS.targetMarginPercent,
    minSamples: o.iterations ?? o.minSamples ?? Math.min(MEASURE_DEFAULTS.minSamples, o.maxSamples ?? Infinity),
    maxSamples: o.iterations ?? o.maxSamples ?? MEASURE_DEFAULTS.maxSamples,
    iterations: o.iterations,
    warmupMs: warmupOff ? 0 : (o.warmupMs ?? MEASURE_DEFAULTS.warmupMs),
    warmupIterations: warmupOff ? 0 : (o.warmupIterations ?? MEASURE_DEFAULTS.warmupIterations),
    // Per-operation hooks need one operation per sample; cold (no warm-up) and single-shot runs time single calls.
    batchSize: hooks ? 1 : (o.batchSize ?? (warmupOff || o.iterations === 1 ? 1 : MEASURE_DEFAULTS.batchSize)),
    setup: o.setup,
    teardown: o.teardown,
    gc: o.gc ?? MEASURE_DEFAULTS.gc,
    maxRetainedSamples: o.maxRetainedSamples ?? MEASURE_DEFAULTS.maxRetainedSamples,
    clock: o.clock ?? realClock,
  }
  // Values valid alone but not together: the same error shape, the limit named in what is accepted.
  const issues: OptionIssue[] = []
  for (const key of ['minSamples', 'maxSamples'] as const) {
    if (o.iterations !== undefined && o[key] !== undefined && o[key] !== o.iterations) {
      issues.push({ kind: 'invalid', path: key, value: o[key], accepted: `equal to "iterations" (${o.iterations}), or left out` })
    }
  }
  if (o.minTimeMs !== undefined && o.timeMs !== undefined && o.minTimeMs > o.timeMs) {
    issues.push({ kind: 'invalid', path: 'minTimeMs', value: o.minTimeMs, accepted: `at most "timeMs" (${o.timeMs})` })
  }
  if (issues.length === 0 && resolved.minSamples > resolved.maxSamples) {
    issues.push({
      kind: 'invalid',
      path: 'minSamples',
      value: resolved.minSamples,
      accepted: `at most "maxSamples" (${resolved.maxSamples})`,
    })
  }
  if (issues.length > 0) throw optionError('E_ARGUMENT', measureOptionSet, issues, where)
  const scale = measureTimeScale()
  if (scale === 1) return resolved
  // A process-wide factor (compare's rounds): time shrinks, sample counts stay.
  return {
    ...resolved,
    timeMs: resolved.timeMs * scale,
    unscaledTimeMs: resolved.timeMs,
    minTimeMs: resolved.minTimeMs * scale,
    warmupMs: resolved.warmupMs * scale,
  }
}
