/**
 * Watches the event loop for synchronous slices while something runs, without async_hooks (which cost 2–3× on
 * promise-heavy code). A 1 ms interval timer runs only while at least one watch is open; at each tick it reads the
 * loop's cumulative *active* time (`performance.eventLoopUtilization()`, libuv's idle-time metric). The active time
 * between two ticks is how long the loop ran code without getting back to its timers: a 20 ms busy loop shows up as
 * one 20.0x ms slice, whatever the timer's phase, because idle time (waiting in epoll) is excluded exactly.
 */
import { performance } from 'node:perf_hooks'
import { clearInterval, setInterval } from 'node:timers'
import type { Clock } from '../measure/clock.js'
import { realClock } from '../measure/clock.js'

/** Slices shorter than this are ordinary loop work (promise continuations, timers: ≤ ~1 ms measured), not blocking. */
export const BLOCKING_FLOOR_MS = 2
export { DEFAULT_BLOCKING_THRESHOLD_MS } from './perfTimingOptions.js'
/** Tick period: slices closer together than this merge into one. */
const TICK_MS = 1

/** One slice of loop activity between two ticks: its active time and the ticks around it (clock ms). */
export interface LoopSlice {
  ms: number
  startMs: number
  endMs: number
}

/** What one watch saw between `begin` and `end`. */
export interface SliceReport {
  /** The longest slice, even when it is under the floor (a clean async function shows ~0.3 ms). */
  longest: LoopSlice
  /** Every slice ≥ the floor, when the watch asked for them. */
  slices: LoopSlice[]
}

/** An open watch (returned by `begin`). */
export interface SliceWatchHandle {
  longest: LoopSlice | undefined
  /** Active ms when the watch began, until its first tick: activity before `begin` is not the watched code's. */
  startActiveMs: number | undefined
  startMs: number
  /** Collected only for detailed watches (the matcher); perfTiming needs the longest alone. */
  readonly slices: LoopSlice[] | undefined
}

/** Injected for tests: the loop's cumulative active ms, the clock, and the timer functions. */
export interface LoopProbe {
  activeMs: () => number
  clock: Clock
  startTicker: (tick: () => void, everyMs: number) => unknown
  stopTicker: (ticker: unknown) => void
}

// Taken at module load: fake timers (vi/jest.useFakeTimers) replace the globals, never the node:timers exports.
const nodeTiming = performance.nodeTiming
let loopStartMs = 0
/** What `performance.eventLoopUtilization().active` computes, without allocating its result object per read. */
function loopActiveMs(): number {
  if (loopStartMs <= 0) loopStartMs = nodeTiming.loopStart
  return loopStartMs > 0 ? realClock() - loopStartMs - nodeTiming.idleTime : 0
}
const realProbe: LoopProbe = {
  activeMs: loopActiveMs,
  clock: realClock,
  startTicker: (tick, everyMs) => setInterval(tick, everyMs).unref(),
  stopTicker: (ticker) => clearInterval(ticker as ReturnType<typeof setInterval>),
}

/** Reference-counted ticker shared by every open watch of one probe. */
export class LoopSliceWatcher {
  private readonly probe: LoopProbe
  /** Slices shorter than this are not listed in detailed reports. */
  readonly floorMs: number
  private ticker: unknown
  private readonly open = new Set<SliceWatchHandle>()
  private lastActiveMs = 0
  private lastTickMs = 0
  private readonly lingerMs: number
  /** When the last watch closed, while the ticker lingers. */
  private idleSinceMs: number | undefined

  /**
   * `lingerMs`: how long the ticker keeps running after the last watch closes. Sequential async calls (each awaited
   * before the next) would otherwise create and clear a timer per call, the bulk of an instrumented async call's cost.
   */
  constructor(probe: LoopProbe = realProbe, floorMs: number = BLOCKING_FLOOR_MS, lingerMs = 0) {
    this.probe = probe
    this.floorMs = floorMs
    this.lingerMs = lingerMs
  }

  /** Opens a watch; the ticker starts with the first one. `detailed` also lists every slice ≥ the floor. */
  begin(detailed = false): SliceWatchHandle {
    const activeMs = this.probe.activeMs()
    const nowMs = this.probe.clock()
    this.idleSinceMs = undefined
    if (this.ticker === undefined) {
      this.lastActiveMs = activeMs
      this.lastTickMs = nowMs
      this.ticker = this.probe.startTicker(() => this.tick(), TICK_MS)
    }
    const handle: SliceWatchHandle = { longest: undefined, slices: detailed ? [] : undefined, startActiveMs: activeMs, startMs: nowMs }
    this.open.add(handle)
    return handle
  }

  /** Closes a watch and returns the slices seen while it was open, the last (partial) interval included. */
  end(handle: SliceWatchHandle): SliceReport {
    const nowMs = this.probe.clock()
    const partialMs = this.close(handle, nowMs)
    const partial: LoopSlice = {
      ms: partialMs,
      startMs: handle.startActiveMs !== undefined ? handle.startMs : this.lastTickMs,
      endMs: nowMs,
    }
    const slices = handle.slices ?? []
    if (handle.slices && partial.ms >= this.floorMs) slices.push(partial)
    const longest = handle.longest === undefined || partial.ms > handle.longest.ms ? partial : handle.longest
    return { longest, slices }
  }

  /** Closes a watch and returns only its longest slice in ms: allocation-free, for every instrumented async call. */
  endLongestMs(handle: SliceWatchHandle): number {
    const partialMs = this.close(handle, this.probe.clock())
    return handle.longest === undefined || partialMs > handle.longest.ms ? partialMs : handle.longest.ms
  }

  /** Unregisters the watch; returns the active time of its last, partial interval. */
  private close(handle: SliceWatchHandle, nowMs: number): number {
    if (!this.open.delete(handle)) throw new Error('perf-sentinel: this event-loop watch was already closed')
    const partialMs = this.probe.activeMs() - (handle.startActiveMs ?? this.lastActiveMs)
    if (this.open.size === 0) {
      if (this.lingerMs > 0) this.idleSinceMs = nowMs
      else this.stop()
    }
    return partialMs
  }

  private stop(): void {
    this.probe.stopTicker(this.ticker)
    this.ticker = undefined
    this.idleSinceMs = undefined
  }

  private tick(): void {
    const nowMs = this.probe.clock()
    if (this.idleSinceMs !== undefined && nowMs - this.idleSinceMs >= this.lingerMs) {
      this.stop()
      return
    }
    const active = this.probe.activeMs()
    const ms = active - this.lastActiveMs
    // Every open watch sees this slice: O(open watches) per ms, a few µs even with hundreds of calls in flight.
    let shared: LoopSlice | undefined
    for (const handle of this.open) {
      let slice: LoopSlice | undefined
      let sliceMs = ms
      if (handle.startActiveMs !== undefined) {
        // The watch's first tick: only the activity since it began.
        sliceMs = active - handle.startActiveMs
        slice = { ms: sliceMs, startMs: handle.startMs, endMs: nowMs }
        handle.startActiveMs = undefined
      }
      const worthListing = handle.slices !== undefined && sliceMs >= this.floorMs
      if (!worthListing && handle.longest !== undefined && sliceMs <= handle.longest.ms) continue
      slice ??= shared ??= { ms, startMs: this.lastTickMs, endMs: nowMs }
      if (handle.longest === undefined || sliceMs > handle.longest.ms) handle.longest = slice
      if (worthListing) handle.slices?.push(slice)
    }
    this.lastActiveMs = active
    this.lastTickMs = nowMs
  }
}

const WATCHER_KEY = Symbol.for('perf-sentinel.loopSliceWatcher')

/** How long the shared watcher's ticker outlives the last in-flight call (an unref'd 1 ms timer meanwhile). */
const SHARED_LINGER_MS = 100

/** The process's shared watcher for `perfTiming` (one ticker however many calls are in flight). */
export function sharedSliceWatcher(): LoopSliceWatcher {
  const holder = globalThis as Record<symbol, unknown>
  holder[WATCHER_KEY] ??= new LoopSliceWatcher(realProbe, BLOCKING_FLOOR_MS, SHARED_LINGER_MS)
  return holder[WATCHER_KEY] as LoopSliceWatcher
}
