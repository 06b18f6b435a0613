/**
 * Wrappers for generator and async-generator functions. Creating the iterator costs nothing worth timing; the work
 * happens in `next()`. So each step is timed (per-yield latency: from `next()` to the value) and the call is recorded
 * once the iterator finishes: exhausted, `return()` (a `break` out of `for…of` calls it), or thrown. The call's
 * `elapsedMs` is the time spent inside the generator (the sum of its steps), not the consumer's time between steps.
 * An iterator dropped without `return()` never records (there is no signal to record it on).
 */
import type { CallType } from '../model/diagnostics.js'
import type { SliceWatchHandle } from './loopSlices.js'
import type { TimedTarget } from './timedCall.js'
import { finishCall } from './timedCall.js'

type Method = 'next' | 'return' | 'throw'

/** Per-iterator state: accumulated step time, step count, and whether the call was already recorded. */
class IteratorTiming {
  readonly target: TimedTarget
  readonly type: CallType
  readonly startMs: number
  insideMs = 0
  steps = 0
  longestSliceMs = 0
  done = false

  constructor(target: TimedTarget, type: CallType, startMs: number) {
    this.target = target
    this.type = type
    this.startMs = startMs
  }

  step(ms: number, finished: boolean, error: boolean): void {
    if (this.done) return
    this.insideMs += ms
    this.steps++
    this.target.entry.recordStep(ms)
    if (!finished && !error) return
    this.done = true
    const end =
      this.type === 'async_generator' ? { error, steps: this.steps, longestSliceMs: this.longestSliceMs } : { error, steps: this.steps }
    finishCall(this.target, this.type, this.insideMs, this.startMs, end)
  }
}

/** Wraps a generator function: the returned iterator times every step. */
export function timedGenerator(fn: (...args: never[]) => unknown, target: TimedTarget): (...args: never[]) => unknown {
  return function timedGeneratorCall(this: unknown): unknown {
    // biome-ignore lint/complexity/noArguments: forwarding `arguments` is free in V8; a rest parameter copies (~15 ns a call)
    const inner = Reflect.apply(fn, this, arguments) as Iterator<unknown>
    const timing = new IteratorTiming(target, 'generator', target.clock())
    const forward = (method: Method, value: unknown): IteratorResult<unknown> => {
      const call = inner[method]
      // Iterator protocol: a missing return() means "nothing to clean up", a missing throw() rethrows.
      if (typeof call !== 'function') {
        if (method === 'throw') throw value
        timing.step(0, true, false)
        return { done: true, value }
      }
      const t0 = target.clock()
      let result: IteratorResult<unknown>
      try {
        result = call.call(inner, value)
      } catch (error) {
        timing.step(target.clock() - t0, true, true)
        throw error
      }
      timing.step(target.clock() - t0, result.done === true, false)
      return result
    }
    return {
      next: (value?: unknown) => forward('next', value),
      return: (value?: unknown) => forward('return', value),
      throw: (error?: unknown) => forward('throw', error),
      [Symbol.iterator]() {
        return this
      },
    }
  }
}

/** Wraps an async-generator function: every step is timed to its settlement and watched for synchronous slices. */
export function timedAsyncGenerator(fn: (...args: never[]) => unknown, target: TimedTarget): (...args: never[]) => unknown {
  return function timedAsyncGeneratorCall(this: unknown): unknown {
    // biome-ignore lint/complexity/noArguments: forwarding `arguments` is free in V8; a rest parameter copies (~15 ns a call)
    const inner = Reflect.apply(fn, this, arguments) as AsyncIterator<unknown>
    const timing = new IteratorTiming(target, 'async_generator', target.clock())
    const forward = async (method: Method, value: unknown): Promise<IteratorResult<unknown>> => {
      const call = inner[method]
      if (typeof call !== 'function') {
        if (method === 'throw') throw value
        timing.step(0, true, false)
        return { done: true, value }
      }
      const t0 = target.clock()
      let watch: SliceWatchHandle | undefined
      const settle = (): number => {
        const ms = target.clock() - t0
        if (watch !== undefined && target.watcher)
          timing.longestSliceMs = Math.max(timing.longestSliceMs, target.watcher.endLongestMs(watch))
        return ms
      }
      try {
        const pending = call.call(inner, value)
        // The step's first synchronous part ran inside call(); the rest is watched until it settles.
        timing.longestSliceMs = Math.max(timing.longestSliceMs, target.clock() - t0)
        watch = target.watcher?.begin()
        const result = await pending
        timing.step(settle(), result.done === true, false)
        return result
      } catch (error) {
        timing.step(settle(), true, true)
        throw error
      }
    }
    return {
      next: (value?: unknown) => forward('next', value),
      return: (value?: unknown) => forward('return', value),
      throw: (error?: unknown) => forward('throw', error),
      [Symbol.asyncIterator]() {
        return this
      },
    }
  }
}
