/**
 * `perfTiming` made from the parts that differ between Node and a browser (`TimingPlatform`): the default clock, the
 * event-loop watcher, the CPU profiler and where PERF lines go. The wrapping itself (kinds, names, the per-name
 * store, decorators) is the same in both: Node's `perfTiming.ts`, the browser entry's `src/browser.ts`.
 */
import { describeValue } from '../errors.js'
import type { Clock } from '../measure/clock.js'
import type { CallType } from '../model/diagnostics.js'
import type { CallEntry } from './callStats.js'
import { defaultCallStore } from './callStats.js'
import type { LoopSliceWatcher } from './loopSlices.js'
import type { PerfCall } from './perfLog.js'
import { perfLogEnabled, perfLogLine } from './perfLog.js'
import type { PerfTimingDecorator } from './perfTimingDecorator.js'
import { isDecoratorCall, perfTimingDecorator } from './perfTimingDecorator.js'
import type { PerfTimingOptions } from './perfTimingOptions.js'
import { checkPerfTimingOptions, DEFAULT_BLOCKING_THRESHOLD_MS } from './perfTimingOptions.js'
import type { TimedTarget } from './timedCall.js'
import { timedFunction } from './timedCall.js'
import { registerTimedFunction } from './timedFunctionInfo.js'
import { timedAsyncGenerator, timedGenerator } from './timedIterator.js'

/** A CPU profiler of one armed call (Node's inspector; none in a browser). */
export interface CallProfilerLike {
  readonly armed: boolean
  arm(): void
  run(target: TimedTarget, self: unknown, args: IArguments): unknown
}

/** What `perfTiming` takes from where it runs. */
export interface TimingPlatform {
  /** The default clock, in ms. */
  readonly clock: Clock
  /** Converts readings of a clock it knows to epoch ms (undefined: an injected clock, taken as epoch-based). */
  readonly toEpochMs: (clock: Clock) => ((clockMs: number) => number) | undefined
  /** The event-loop watcher for async kinds (undefined: no blocking detection here). */
  readonly watcher: () => LoopSliceWatcher | undefined
  /** A profiler for `profile: 'always' | 'on-failure'` (undefined: not available here). */
  readonly profiler: (mode: 'always' | 'on-failure', fn: (...args: never[]) => unknown, entry: CallEntry) => CallProfilerLike | undefined
  /** Where PERF lines go by default. */
  readonly writeLog: (line: string) => void
  /** The variables `PERF_SENTINEL_LOG` is read from by default. */
  readonly env: () => Readonly<Record<string, string | undefined>>
}

/** `perfTiming`'s overloads: a wrapper, a TC39 / legacy decorator, or a decorator factory. */
export interface PerfTimingFunction {
  <F extends (...args: never[]) => unknown>(fn: F, options?: PerfTimingOptions): F
  <F extends (...args: never[]) => unknown>(method: F, context: ClassMethodDecoratorContext): F
  (options?: PerfTimingOptions): PerfTimingDecorator
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

/** `perfTiming` for one platform. */
export function createPerfTiming(platform: TimingPlatform): PerfTimingFunction {
  function instrument(fn: (...args: never[]) => unknown, options: PerfTimingOptions): (...args: never[]) => unknown {
    if (typeof fn !== 'function') throw new TypeError(`perfTiming(): the first argument must be a function, received ${describeValue(fn)}`)
    const type = declaredType(fn)
    const name = options.name ?? (fn.name || 'anonymous')
    const store = options.store ?? defaultCallStore()
    const clock = options.clock ?? platform.clock
    const writeLog = perfLogEnabled(options.log, options.env ?? platform.env()) ? (options.writeLog ?? platform.writeLog) : undefined
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
    const profiler = profiling !== 'off' && profileable ? platform.profiler(profiling, fn, entry) : undefined
    const target: TimedTarget = {
      entry,
      name,
      clock,
      toEpochMs: platform.toEpochMs(clock) ?? ((ms) => ms),
      blockingThresholdMs: options.blockingThresholdMs ?? DEFAULT_BLOCKING_THRESHOLD_MS,
      watcher: options.detectBlocking === false ? undefined : platform.watcher(),
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

  function perfTiming(first?: unknown, second?: unknown, third?: unknown): unknown {
    if (typeof first !== 'function') {
      // Decorator factory, `@perfTiming({ … })`, or the legacy form `@perfTiming` with (prototype, key, descriptor).
      if (third !== undefined) return perfTimingDecorator(instrument, {})(first as object, second as string, third as PropertyDescriptor)
      return perfTimingDecorator(instrument, checkPerfTimingOptions(first))
    }
    if (isDecoratorCall(second)) return perfTimingDecorator(instrument, {})(first as (...args: never[]) => unknown, second)
    return instrument(first as (...args: never[]) => unknown, checkPerfTimingOptions(second))
  }
  return perfTiming as PerfTimingFunction
}
