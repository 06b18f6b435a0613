/**
 * The wrappers `perfTiming` returns for plain and async functions. The sync path is the hot one (≤ 100 ns added
 * per call is the target, and two clock reads take ~80 of them): no allocation, no closure creation and no
 * listener work unless a listener or the log is on.
 */
import type { Clock } from '../measure/clock.js'
import type { CallType } from '../model/diagnostics.js'
import type { CallEntry } from './callStats.js'
import type { LoopSliceWatcher } from './loopSlices.js'
import type { PerfCall } from './perfLog.js'

/** Everything a wrapper needs, resolved once when the function is wrapped. */
export interface TimedTarget {
  readonly entry: CallEntry
  readonly name: string
  readonly clock: Clock
  /** Converts a clock reading to epoch ms (for the call's ISO timestamp). */
  readonly toEpochMs: (clockMs: number) => number
  readonly blockingThresholdMs: number
  /** The event-loop watcher for async kinds; undefined when blocking detection is off. */
  readonly watcher: LoopSliceWatcher | undefined
  /** Called with every finished call; undefined (the fast path) when neither the log nor `onCall` is on. */
  readonly emit: ((call: PerfCall) => void) | undefined
  /** Called when a call exceeded the threshold (arms the `profile: 'on-failure'` profiler). */
  readonly onOver: (() => void) | undefined
}

/** How a call ended, beyond its duration. */
export interface CallEnd {
  error?: boolean
  /** Longest synchronous slice seen during an async call, in ms. */
  longestSliceMs?: number
  steps?: number
}

/** Records a finished call: statistics, flags, then the listeners (which never see an exception of theirs rethrown). */
export function finishCall(target: TimedTarget, type: CallType, elapsedMs: number, startMs: number, end: CallEnd): void {
  const { entry } = target
  const thresholdExceeded = entry.record(elapsedMs)
  if (thresholdExceeded) target.onOver?.()
  if (end.error === true) entry.flag('errors')
  const blocking = end.longestSliceMs !== undefined && end.longestSliceMs >= target.blockingThresholdMs
  if (blocking) entry.flag('syncBlocking')
  if (target.emit === undefined) return
  const call: PerfCall = {
    name: target.name,
    type,
    elapsedMs,
    thresholdExceeded,
    timestamp: new Date(target.toEpochMs(startMs)).toISOString(),
  }
  if (type === 'async_function' || type === 'async_generator') {
    call.hasSyncBlocking = blocking
    if (end.longestSliceMs !== undefined) call.longestSliceMs = end.longestSliceMs
  }
  if (end.error === true) call.error = true
  if (end.steps !== undefined) call.steps = end.steps
  try {
    target.emit(call)
  } catch {
    // A failing listener or a closed stderr must not change what the instrumented function returns or throws.
  }
}

/** True for promises and other thenables. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  )
}

/**
 * Follows a returned promise to its settlement: the call's time is from the call to settlement, its first synchronous
 * slice (until the promise was returned) is known exactly, and the rest is watched on the event loop. Returns the
 * derived promise (same value, same rejection), so an unhandled rejection stays unhandled.
 */
export function followPromise(
  target: TimedTarget,
  promise: PromiseLike<unknown>,
  startMs: number,
  firstSliceMs: number,
): PromiseLike<unknown> {
  const watch = target.watcher?.begin()
  const settle = (error: boolean): void => {
    const elapsedMs = target.clock() - startMs
    const watchedMs = watch === undefined ? 0 : (target.watcher?.endLongestMs(watch) ?? 0)
    const longestSliceMs = Math.max(firstSliceMs, watchedMs)
    finishCall(target, 'async_function', elapsedMs, startMs, { error, longestSliceMs })
  }
  return promise.then(
    (value) => {
      settle(false)
      return value
    },
    (error: unknown) => {
      settle(true)
      throw error
    },
  )
}

/** True for `class` constructors: only they are wrapped with the (slower) `new`-aware wrapper. */
function isClass(fn: (...args: never[]) => unknown): boolean {
  return Function.prototype.toString.call(fn).startsWith('class')
}

/**
 * Wraps a plain (or async) function. Whether a call is async is decided by what it returns, so a plain function that
 * returns a promise is timed to the promise's settlement. Classes are constructed with `new`; for everything else the
 * wrapper never reads `new.target`, which would stop V8 from forwarding `arguments` without copying them (~15 ns).
 */
export function timedFunction(fn: (...args: never[]) => unknown, target: TimedTarget): (...args: never[]) => unknown {
  const { clock, entry } = target
  const settle = (result: unknown, startMs: number, elapsedMs: number): unknown => {
    if (isThenable(result)) {
      if (entry.type === 'sync_function') entry.type = 'async_function'
      return followPromise(target, result, startMs, elapsedMs)
    }
    // Inlined fast path of finishCall: the common case is a sync call with nobody listening.
    if (target.emit !== undefined) finishCall(target, 'sync_function', elapsedMs, startMs, {})
    else if (entry.record(elapsedMs)) target.onOver?.()
    return result
  }
  const failed = (startMs: number): void => finishCall(target, 'sync_function', clock() - startMs, startMs, { error: true })
  if (isClass(fn)) {
    return function timedClass(this: unknown): unknown {
      const startMs = clock()
      let result: unknown
      try {
        // `new` constructs the original (its prototype, unless a subclass of the wrapper is being built).
        result =
          new.target === undefined
            ? // biome-ignore lint/complexity/noArguments: forwarding `arguments` is free in V8; a rest parameter copies (~15 ns a call)
              Reflect.apply(fn, this, arguments)
            : // biome-ignore lint/complexity/noArguments: forwarding `arguments` is free in V8; a rest parameter copies (~15 ns a call)
              Reflect.construct(fn, arguments, new.target === timedClass ? fn : new.target)
      } catch (error) {
        failed(startMs)
        throw error
      }
      return settle(result, startMs, clock() - startMs)
    }
  }
  return function timed(this: unknown): unknown {
    const startMs = clock()
    let result: unknown
    try {
      // biome-ignore lint/complexity/noArguments: forwarding `arguments` is free in V8; a rest parameter copies (~15 ns a call)
      result = Reflect.apply(fn, this, arguments)
    } catch (error) {
      failed(startMs)
      throw error
    }
    const elapsedMs = clock() - startMs
    // The hot path, inline: a primitive result of a call nobody listens to is one record() away from done.
    if (target.emit === undefined && (result === null || (typeof result !== 'object' && typeof result !== 'function'))) {
      if (entry.record(elapsedMs)) target.onOver?.()
      return result
    }
    return settle(result, startMs, elapsedMs)
  }
}
