/**
 * A registry of the functions `perfTiming` returned, so that `expect(fn).toHaveCallsWithin(…)` can find the
 * statistics behind a wrapped function without the user passing its name.
 */
import type { CallStatsStore } from './callStats.js'

/** What `perfTiming` knows about a function it returned. */
export interface TimedFunctionInfo {
  /** The statistics name; undefined for a decorated method that has not run yet (its class name comes from `this`). */
  readonly name: string | undefined
  readonly store: CallStatsStore
}

// Registered on globalThis: the matcher may load another copy of this module (ESM/CJS, Jest's registry).
const INFO_KEY = Symbol.for('perf-sentinel.timedFunctions')

function infoMap(): WeakMap<object, TimedFunctionInfo> {
  const holder = globalThis as Record<symbol, unknown>
  holder[INFO_KEY] ??= new WeakMap<object, TimedFunctionInfo>()
  return holder[INFO_KEY] as WeakMap<object, TimedFunctionInfo>
}

/** Remembers that `fn` is an instrumented function. */
export function registerTimedFunction(fn: object, info: TimedFunctionInfo): void {
  infoMap().set(fn, info)
}

/** What `perfTiming` knows about a function it returned; undefined for any other value. */
export function timedFunctionInfo(value: unknown): TimedFunctionInfo | undefined {
  return typeof value === 'function' ? infoMap().get(value) : undefined
}
