import { Session } from 'node:inspector'
import type { CpuProfile } from './sliceProfile.js'

/** V8's default sampling interval is 1 ms; the same here (µs). */
export const DEFAULT_SAMPLING_INTERVAL_US = 1000

/**
 * Takes one CPU profile at a time with node:inspector (no native dependency), synchronously: an in-process
 * inspector session answers `post()` before it returns. Cost: `Profiler.start` blocks the event loop for ~15 ms in a
 * small app and hundreds of ms in a large one (V8 first logs every compiled function), which is why profiles are
 * rare (see `maxPerHour`) and started off the request path, never per request.
 */
export interface SlowProfiler {
  /** Starts a profile; false when one is running, the hourly budget is used up, or the inspector is unavailable. */
  start(nowMs: number): boolean
  /** Stops the running profile and returns it, with the `performance.now()` read just before stopping (the clock anchor). */
  stop(): { profile: CpuProfile; stoppedAtMs: number } | undefined
  readonly running: boolean
  /** Why the last `start()` returned false. */
  readonly lastRefusal: string | undefined
  close(): void
}

export function createSlowProfiler(maxPerHour: number, samplingIntervalUs: number = DEFAULT_SAMPLING_INTERVAL_US): SlowProfiler {
  let session: Session | undefined
  let running = false
  let unavailable: string | undefined
  let lastRefusal: string | undefined
  const startedAt: number[] = []

  const post = <T>(method: string, params?: object): T | undefined => {
    let result: T | undefined
    let failure: Error | null = null
    ;(session as Session).post(method, params, (error: Error | null, value?: unknown) => {
      failure = error
      result = value as T
    })
    if (failure !== null) throw failure
    return result
  }

  const connect = (): boolean => {
    if (session !== undefined) return true
    if (unavailable !== undefined) return false
    try {
      session = new Session()
      session.connect()
      post('Profiler.enable')
      post('Profiler.setSamplingInterval', { interval: samplingIntervalUs })
      return true
    } catch (error) {
      unavailable = `the inspector is not available (${error instanceof Error ? error.message : String(error)})`
      session = undefined
      return false
    }
  }

  return {
    start(nowMs) {
      lastRefusal = undefined
      while (startedAt.length > 0 && nowMs - (startedAt[0] as number) > 3_600_000) startedAt.shift()
      if (running) lastRefusal = 'another profile was running'
      else if (startedAt.length >= maxPerHour) lastRefusal = `the budget of ${maxPerHour} profiles per hour was used up`
      else if (!connect()) lastRefusal = unavailable
      if (lastRefusal !== undefined) return false
      try {
        post('Profiler.start')
      } catch (error) {
        lastRefusal = `the profiler did not start (${error instanceof Error ? error.message : String(error)})`
        return false
      }
      running = true
      startedAt.push(nowMs)
      return true
    },
    stop() {
      if (!running) return undefined
      running = false
      try {
        const stoppedAtMs = performance.now()
        const result = post<{ profile: CpuProfile }>('Profiler.stop')
        return result === undefined ? undefined : { profile: result.profile, stoppedAtMs }
      } catch {
        return undefined
      }
    },
    get running() {
      return running
    },
    get lastRefusal() {
      return lastRefusal
    },
    close() {
      if (running) this.stop()
      session?.disconnect()
      session = undefined
    },
  }
}
