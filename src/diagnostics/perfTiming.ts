/**
 * `perfTiming`: the original design's `@perf_timing`. Wraps a function (or, as a decorator, a class method) so that
 * every call is timed into a bounded per-name store (`getStats`), optionally logged as a PERF JSON line, and, for
 * async kinds, checked for synchronous blocking. The wrapper keeps the signature, `this`, the return value and
 * the errors of the original; it works in tests and in any plain Node process.
 */
import { performance } from 'node:perf_hooks'
import { describeValue } from '../errors.js'
import type { Clock } from '../measure/clock.js'
import { realClock } from '../measure/clock.js'
import type { CallType } from '../model/diagnostics.js'
import type { CallStatsStore } from './callStats.js'
import { defaultCallStore } from './callStats.js'
import { DEFAULT_BLOCKING_THRESHOLD_MS, sharedSliceWatcher } from './loopSlices.js'
import type { PerfCall } from './perfLog.js'
import { perfLogEnabled, perfLogLine, writePerfLogLine } from './perfLog.js'
import type { TimedTarget } from './timedCall.js'
import { timedFunction } from './timedCall.js'
import { timedAsyncGenerator, timedGenerator } from './timedIterator.js'
import type { PerfTimingDecorator } from './perfTimingDecorator.js'
import { isDecoratorCall, perfTimingDecorator } from './perfTimingDecorator.js'
import { registerTimedFunction } from './timedFunctionInfo.js'

/** Options of `perfTiming` (all optional). Times in ms. */
export interface PerfTimingOptions {
  /** Name in `getStats`, logs and reports. @default the function's name, or `ClassName.method` for decorated methods */
  name?: string
  /** A call slower than this is `thresholdExceeded` (a warning in reports; `toHaveCallsWithin` can fail on it). */
  thresholdMs?: number
  /** Write a PERF JSON line to stderr per call. @default true when `PERF_SENTINEL_LOG=1`, else false */
  log?: boolean
  /** Async kinds: a synchronous slice at least this long sets `hasSyncBlocking`. @default 20 */
  blockingThresholdMs?: number
  /** Async kinds: watch the event loop while calls are in flight (a 1 ms timer, only then). @default true */
  detectBlocking?: boolean
  /** Called after every call (e.g. to export metrics). Exceptions it throws are ignored. */
  onCall?: (call: PerfCall) => void
  /** @default the real clock, captured at module load (immune to fake timers) */
  clock?: Clock
  /** Where statistics go. @default the process's store, read by `getStats` */
  store?: CallStatsStore
  /** Where PERF lines go. @default one `process.stderr.write` per line */
  writeLog?: (line: string) => void
  /** Read for `PERF_SENTINEL_LOG` when `log` is not given. @default process.env */
  env?: NodeJS.ProcessEnv
}

const OPTION_KEYS = new Set<string>([
  'name', 'thresholdMs', 'log', 'blockingThresholdMs', 'detectBlocking', 'onCall', 'clock', 'store', 'writeLog', 'env',
])

/**
 * Instruments a function: same signature, `this`, return value and errors; every call is timed. Also a decorator for
 * class methods: `@perfTiming`, `@perfTiming()` or `@perfTiming({ thresholdMs: 5 })` (TC39 decorators, and
 * TypeScript's legacy `experimentalDecorators`).
 * @example const parse = perfTiming(rawParse, { thresholdMs: 5 }); parse(doc); getStats('rawParse')?.p95Ms
 */
export function perfTiming<F extends (...args: never[]) => unknown>(fn: F, options?: PerfTimingOptions): F
export function perfTiming<F extends (...args: never[]) => unknown>(method: F, context: ClassMethodDecoratorContext): F
export function perfTiming(options?: PerfTimingOptions): PerfTimingDecorator
export function perfTiming(first?: unknown, second?: unknown, third?: unknown): unknown {
  if (typeof first !== 'function') {
    // Decorator factory, `@perfTiming({ … })`, or the legacy form `@perfTiming` with (prototype, key, descriptor).
    if (third !== undefined) return perfTimingDecorator(instrument, {})(first as object, second as string, third as PropertyDescriptor)
    return perfTimingDecorator(instrument, checkOptions(first))
  }
  if (isDecoratorCall(second)) return perfTimingDecorator(instrument, {})(first as (...args: never[]) => unknown, second)
  return instrument(first as (...args: never[]) => unknown, checkOptions(second))
}

function checkOptions(options: unknown): PerfTimingOptions {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`perfTiming(): options must be an object, received ${describeValue(options)}`)
  }
  for (const [key, value] of Object.entries(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`perfTiming(): unknown option "${key}". Accepted options: ${[...OPTION_KEYS].join(', ')}`)
    if (value === undefined) continue
    const bad = (accepted: string): never => {
      throw new TypeError(`perfTiming(): option "${key}" must be ${accepted}, received ${describeValue(value)}`)
    }
    if (key === 'name' && (typeof value !== 'string' || value.trim() === '')) bad('a non-empty string')
    if ((key === 'thresholdMs' || key === 'blockingThresholdMs') && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) bad('a finite number of milliseconds ≥ 0')
    if ((key === 'log' || key === 'detectBlocking') && typeof value !== 'boolean') bad('true or false')
    if ((key === 'onCall' || key === 'clock' || key === 'writeLog') && typeof value !== 'function') bad('a function')
  }
  return options as PerfTimingOptions
}

/** The kind of a function, from its constructor (declared async/generator functions), else decided per call. */
function declaredType(fn: (...args: never[]) => unknown): CallType {
  switch (fn.constructor?.name) {
    case 'AsyncFunction':
      return 'async_function'
    case 'GeneratorFunction':
      return 'generator'
    case 'AsyncGeneratorFunction':
      return 'async_generator'
    default:
      return 'sync_function'
  }
}

const timeOrigin = performance.timeOrigin

function instrument(fn: (...args: never[]) => unknown, options: PerfTimingOptions): (...args: never[]) => unknown {
  if (typeof fn !== 'function') throw new TypeError(`perfTiming(): the first argument must be a function, received ${describeValue(fn)}`)
  const type = declaredType(fn)
  const name = options.name ?? (fn.name || 'anonymous')
  const store = options.store ?? defaultCallStore()
  const clock = options.clock ?? realClock
  const writeLog = perfLogEnabled(options.log, options.env) ? (options.writeLog ?? writePerfLogLine) : undefined
  const onCall = options.onCall
  const emit =
    writeLog && onCall
      ? (call: PerfCall): void => {
          writeLog(perfLogLine(call))
          onCall(call)
        }
      : writeLog
        ? (call: PerfCall): void => writeLog(perfLogLine(call))
        : onCall
  const target: TimedTarget = {
    entry: store.entry(name, type, options.thresholdMs ?? Number.POSITIVE_INFINITY),
    name,
    clock,
    // The real clock is performance.now(): epoch = timeOrigin + reading. An injected clock is taken as epoch-based.
    toEpochMs: clock === realClock ? (ms) => timeOrigin + ms : (ms) => ms,
    blockingThresholdMs: options.blockingThresholdMs ?? DEFAULT_BLOCKING_THRESHOLD_MS,
    watcher: options.detectBlocking === false ? undefined : sharedSliceWatcher(),
    emit,
  }
  const wrap = type === 'generator' ? timedGenerator : type === 'async_generator' ? timedAsyncGenerator : timedFunction
  const timed = wrap(fn, target)
  Object.defineProperty(timed, 'name', { value: fn.name, configurable: true })
  Object.defineProperty(timed, 'length', { value: fn.length, configurable: true })
  registerTimedFunction(timed, { name, store })
  return timed
}
