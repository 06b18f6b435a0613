/**
 * `perfTiming`: the original design's `@perf_timing`. Wraps a function (or, as a decorator, a class method) so that
 * every call is timed into a bounded per-name store (`getStats`), optionally logged as a PERF JSON line, and, for
 * async kinds, checked for synchronous blocking. The wrapper keeps the signature, `this`, the return value and
 * the errors of the original; it works in tests and in any plain Node process.
 */
import { performance } from 'node:perf_hooks'
import { describeValue } from '../errors.js'
import { realClock } from '../measure/clock.js'
import type { CallType } from '../model/diagnostics.js'
import { callClock } from './callClock.js'
import { CallProfiler } from './callProfiler.js'
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
import type { PerfTimingOptions } from './perfTimingOptions.js'
import { checkPerfTimingOptions } from './perfTimingOptions.js'

export type { PerfTimingOptions } from './perfTimingOptions.js'

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
    return perfTimingDecorator(instrument, checkPerfTimingOptions(first))
  }
  if (isDecoratorCall(second)) return perfTimingDecorator(instrument, {})(first as (...args: never[]) => unknown, second)
  return instrument(first as (...args: never[]) => unknown, checkPerfTimingOptions(second))
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
const callClockRead = callClock.read

function instrument(fn: (...args: never[]) => unknown, options: PerfTimingOptions): (...args: never[]) => unknown {
  if (typeof fn !== 'function') throw new TypeError(`perfTiming(): the first argument must be a function, received ${describeValue(fn)}`)
  const type = declaredType(fn)
  const name = options.name ?? (fn.name || 'anonymous')
  const store = options.store ?? defaultCallStore()
  // The cheapest real clock by default (callClock.ts): two reads are most of a call's added cost.
  const clock = options.clock ?? callClockRead
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
  const entry = store.entry(name, type, options.thresholdMs ?? Number.POSITIVE_INFINITY)
  const profiling = options.profile ?? 'off'
  // Generators hand their work to the consumer after the call returns: there is no one call to profile.
  const profileable = type !== 'generator' && type !== 'async_generator' && !Function.prototype.toString.call(fn).startsWith('class')
  const profiler = profiling !== 'off' && profileable ? new CallProfiler(profiling, fn, entry) : undefined
  const target: TimedTarget = {
    entry,
    name,
    clock,
    // Real clocks convert to epoch ms; an injected clock is taken as epoch-based.
    toEpochMs: clock === callClockRead ? callClock.toEpochMs : clock === realClock ? (ms) => timeOrigin + ms : (ms) => ms,
    blockingThresholdMs: options.blockingThresholdMs ?? DEFAULT_BLOCKING_THRESHOLD_MS,
    watcher: options.detectBlocking === false ? undefined : sharedSliceWatcher(),
    emit,
    onOver: profiler === undefined ? undefined : () => profiler.arm(),
  }
  const wrap = type === 'generator' ? timedGenerator : type === 'async_generator' ? timedAsyncGenerator : timedFunction
  const inner = wrap(fn, target)
  // Only with the option: an extra frame that starts the profiler before the armed call's clock starts.
  const timed =
    profiler === undefined
      ? inner
      : function profiled(this: unknown): unknown {
          // biome-ignore lint/complexity/noArguments: forwarding `arguments` is free in V8; a rest parameter copies (~15 ns a call)
          return profiler.armed ? profiler.run(target, this, arguments) : Reflect.apply(inner, this, arguments)
        }
  Object.defineProperty(timed, 'name', { value: fn.name, configurable: true })
  Object.defineProperty(timed, 'length', { value: fn.length, configurable: true })
  registerTimedFunction(timed, { name, store })
  return timed
}
