import { describeValue } from '../errors.js'
import type { Clock } from './clock.js'
import { realClock } from './clock.js'

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
}

/** Options after defaults, validated. */
export interface ResolvedMeasureOptions {
  timeMs: number
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

export const MEASURE_DEFAULTS: Readonly<Omit<ResolvedMeasureOptions, 'clock' | 'setup' | 'teardown' | 'iterations'>> =
  {
    timeMs: 1000,
    minTimeMs: 100,
    targetMarginPercent: 1,
    minSamples: 10,
    maxSamples: 10_000,
    warmupMs: 100,
    warmupIterations: 1000,
    batchSize: 'auto',
    gc: 'auto',
    maxRetainedSamples: 256,
  }

type Check = (value: unknown) => boolean
const isCount: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1
const isNonNegative: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0
const isPositive: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0
const isFunction: Check = (v) => typeof v === 'function'

const CHECKS: Record<keyof MeasureOptions, [Check, string]> = {
  timeMs: [isPositive, 'a positive number of milliseconds'],
  minTimeMs: [isNonNegative, 'a number of milliseconds ≥ 0'],
  targetMarginPercent: [isNonNegative, 'a percentage ≥ 0'],
  minSamples: [isCount, 'an integer ≥ 1'],
  maxSamples: [isCount, 'an integer ≥ 1'],
  iterations: [isCount, 'an integer ≥ 1'],
  warmup: [(v) => typeof v === 'boolean', 'true or false'],
  warmupMs: [isNonNegative, 'a number of milliseconds ≥ 0'],
  warmupIterations: [(v) => isNonNegative(v) && Number.isInteger(v), 'an integer ≥ 0'],
  batchSize: [(v) => v === 'auto' || isCount(v), "'auto' or an integer ≥ 1"],
  setup: [isFunction, 'a function'],
  teardown: [isFunction, 'a function'],
  gc: [(v) => typeof v === 'boolean' || v === 'auto', "true, false or 'auto'"],
  maxRetainedSamples: [isCount, 'an integer ≥ 1'],
  clock: [isFunction, 'a function returning milliseconds'],
}

/** Keys accepted by `measure()`; matchers add their own on top. */
export const MEASURE_OPTION_KEYS: readonly string[] = Object.keys(CHECKS)

/**
 * Validates options and fills defaults. Throws a `TypeError` naming the key, the value and what is accepted;
 * keys listed in `extraKeys` belong to the caller (a matcher) and are skipped here.
 */
export function resolveMeasureOptions(
  options: MeasureOptions | undefined,
  where: string,
  extraKeys: readonly string[] = [],
): ResolvedMeasureOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new TypeError(`${where}: options must be an object, received ${describeValue(options)}`)
  }
  const given = (options ?? {}) as Record<string, unknown>
  for (const [key, value] of Object.entries(given)) {
    if (extraKeys.includes(key) || value === undefined) continue
    // Own keys only: `constructor` or `__proto__` must read as unknown options, not as Object.prototype members.
    const check = Object.hasOwn(CHECKS, key) ? CHECKS[key as keyof MeasureOptions] : undefined
    if (!check) {
      const accepted = [...MEASURE_OPTION_KEYS, ...extraKeys].join(', ')
      throw new TypeError(`${where}: unknown option "${key}". Accepted options: ${accepted}`)
    }
    if (!check[0](value)) {
      throw new TypeError(`${where}: option "${key}" must be ${check[1]}, received ${describeValue(value)}`)
    }
  }
  const o = given as MeasureOptions
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
  for (const key of ['minSamples', 'maxSamples'] as const) {
    if (o.iterations !== undefined && o[key] !== undefined && o[key] !== o.iterations) {
      throw new TypeError(`${where}: option "${key}" (${o[key]}) contradicts "iterations" (${o.iterations}); give one or the other`)
    }
  }
  if (o.minTimeMs !== undefined && o.timeMs !== undefined && o.minTimeMs > o.timeMs) {
    throw new TypeError(`${where}: option "minTimeMs" (${o.minTimeMs}) must not exceed "timeMs" (${o.timeMs})`)
  }
  if (resolved.minSamples > resolved.maxSamples) {
    throw new TypeError(
      `${where}: option "minSamples" (${resolved.minSamples}) must not exceed "maxSamples" (${resolved.maxSamples})`,
    )
  }
  return resolved
}
