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
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
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
    const report = watch === undefined ? undefined : target.watcher?.end(watch)
    const longestSliceMs = Math.max(firstSliceMs, report?.longest.ms ?? 0)
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

/**
 * Wraps a plain (or async) function. Whether a call is async is decided by what it returns, so a plain function that
 * returns a promise is timed to the promise's settlement.
 */
export function timedFunction(fn: (...args: never[]) => unknown, target: TimedTarget): (...args: never[]) => unknown {
  const { clock, entry } = target
  return function timed(this: unknown): unknown {
    const startMs = clock()
    let result: unknown
    try {
      // `new timed()` constructs the original (its prototype, unless a subclass of the wrapper is being built).
      result = new.target === undefined ? Reflect.apply(fn, this, arguments) : Reflect.construct(fn, arguments, new.target === timed ? fn : new.target)
    } catch (error) {
      finishCall(target, 'sync_function', clock() - startMs, startMs, { error: true })
      throw error
    }
    const elapsedMs = clock() - startMs
    if (isThenable(result)) {
      if (entry.type === 'sync_function') entry.type = 'async_function'
      return followPromise(target, result, startMs, elapsedMs)
    }
    // Inlined fast path of finishCall: the common case is a sync call with nobody listening.
    if (target.emit === undefined) entry.record(elapsedMs)
    else finishCall(target, 'sync_function', elapsedMs, startMs, {})
    return result
  }
}
