import { monitorEventLoopDelay } from 'node:perf_hooks'

/**
 * What a thread keeps across the test-file sandboxes Jest evaluates in it: properties of a function of Node's own
 * realm, as every sandbox of a thread shares Node's modules (a worker thread has its own). Put only numbers, strings
 * or objects Node itself made there: an object made in a sandbox would keep that sandbox, and all it holds, alive.
 */
const holder = monitorEventLoopDelay as unknown as Record<symbol, unknown>

/** One named value of this thread (see above). */
export interface ThreadSlot<T> {
  get(): T | undefined
  set(value: T | undefined): void
  /** The value, leaving the slot empty: one taker gets it. */
  take(): T | undefined
}

/** The slot `perf-sentinel.<name>` of this thread. */
export function threadSlot<T>(name: string): ThreadSlot<T> {
  const key = Symbol.for(`perf-sentinel.${name}`)
  return {
    get: () => holder[key] as T | undefined,
    set: (value) => {
      holder[key] = value
    },
    take: () => {
      const value = holder[key] as T | undefined
      holder[key] = undefined
      return value
    },
  }
}
