/**
 * The bounded per-name store behind `perfTiming` and `getStats`: exact count/total/min/max plus a fixed-size
 * histogram for percentiles (callHistogram.ts), once for the process's lifetime and once for the current "window"
 * (the calls since the test runner last drained it: the calls of one test).
 */
import type { CallSummary, CallType, ProfileSummary, TestCallStats } from '../model/diagnostics.js'
import { CallAccumulator, mergeAccumulator } from './callAccumulator.js'
import { bucketIndex, toSparse } from './callHistogram.js'

/** Statistics of one instrumented function, as `getStats` returns them (times in ms). */
export interface CallStats extends CallSummary {
  name: string
  type: CallType
  thresholdMs?: number
  /** Calls slower than `thresholdMs`. */
  overThreshold: number
  /** Async calls flagged `hasSyncBlocking`. */
  syncBlocking: number
  /** Calls that threw or rejected. */
  errors: number
  /** Generators: per-step (per-yield) durations. */
  perYield?: CallSummary
  /** A profiled call (`perfTiming` option `profile`). */
  profile?: ProfileSummary
}

/**
 * Everything recorded under one name. A call updates only the current window (half the work of updating a
 * lifetime total too); a drain folds the window into `past`, and lifetime statistics are `past` + the window.
 */
export class CallEntry {
  readonly name: string
  type: CallType
  /** `Infinity` when the function has no threshold. */
  thresholdMs: number
  readonly window: CallAccumulator = new CallAccumulator()
  readonly past: CallAccumulator = new CallAccumulator()
  yieldsWindow: CallAccumulator | undefined
  yieldsPast: CallAccumulator | undefined
  /** The CPU profile of one call (`perfTiming` option `profile`), once taken. */
  profile: ProfileSummary | undefined
  /** Whether a drain already handed `profile` to the reporter. */
  profileReported = false

  constructor(name: string, type: CallType, thresholdMs: number) {
    this.name = name
    this.type = type
    this.thresholdMs = thresholdMs
  }

  /** Records one call; returns whether it exceeded the threshold. */
  record(ms: number): boolean {
    const over = ms > this.thresholdMs
    this.window.add(ms, bucketIndex(ms * 1e6), over)
    return over
  }

  /** Records one generator step (the time from `next()` to its value). */
  recordStep(ms: number): void {
    this.yieldsWindow ??= new CallAccumulator()
    this.yieldsWindow.add(ms, bucketIndex(ms * 1e6), false)
  }

  /** Marks the last recorded call as having thrown / having blocked the loop. */
  flag(kind: 'errors' | 'syncBlocking'): void {
    this.window[kind]++
  }

  /** Lifetime statistics (since creation or `resetStats`). */
  stats(): CallStats {
    const all = new CallAccumulator()
    mergeAccumulator(all, this.past)
    mergeAccumulator(all, this.window)
    let yields: CallAccumulator | undefined
    if (this.yieldsWindow || this.yieldsPast) {
      yields = new CallAccumulator()
      if (this.yieldsPast) mergeAccumulator(yields, this.yieldsPast)
      if (this.yieldsWindow) mergeAccumulator(yields, this.yieldsWindow)
    }
    return this.describe(all, yields)
  }

  /** The current window's statistics (calls since the last drain). */
  windowStats(): CallStats {
    return this.describe(this.window, this.yieldsWindow)
  }

  /** Folds the window into the lifetime totals and starts an empty one. */
  closeWindow(): void {
    mergeAccumulator(this.past, this.window)
    this.window.clear()
    if (this.yieldsWindow) {
      this.yieldsPast ??= new CallAccumulator()
      mergeAccumulator(this.yieldsPast, this.yieldsWindow)
      this.yieldsWindow.clear()
    }
  }

  /** Forgets everything recorded (a new profile may be taken). */
  clear(): void {
    this.profile = undefined
    this.profileReported = false
    this.window.clear()
    this.past.clear()
    this.yieldsWindow?.clear()
    this.yieldsPast?.clear()
  }

  private describe(acc: CallAccumulator, yields: CallAccumulator | undefined): CallStats {
    const stats: CallStats = {
      name: this.name,
      type: this.type,
      ...acc.summary(),
      overThreshold: acc.overThreshold,
      syncBlocking: acc.syncBlocking,
      errors: acc.errors,
    }
    if (Number.isFinite(this.thresholdMs)) stats.thresholdMs = this.thresholdMs
    if (yields && yields.count > 0) stats.perYield = yields.summary()
    if (this.profile) stats.profile = this.profile
    return stats
  }
}

/** All instrumented names of one process (or one Jest test file: each has its own global object). */
export class CallStatsStore {
  private readonly entries = new Map<string, CallEntry>()

  /** The entry of `name`, created on first use; a later `perfTiming` with the same name shares it. */
  entry(name: string, type: CallType, thresholdMs: number): CallEntry {
    let entry = this.entries.get(name)
    if (!entry) {
      entry = new CallEntry(name, type, thresholdMs)
      this.entries.set(name, entry)
    } else if (Number.isFinite(thresholdMs)) {
      entry.thresholdMs = thresholdMs
    }
    return entry
  }

  get(name: string): CallEntry | undefined {
    return this.entries.get(name)
  }

  names(): string[] {
    return [...this.entries.keys()]
  }

  /** Forgets the calls of `name`, or of every name. The entries stay, so wrapped functions keep recording. */
  reset(name?: string): void {
    const targets = name === undefined ? this.entries.values() : [this.entries.get(name)]
    for (const entry of targets) entry?.clear()
  }

  /**
   * The calls since the previous drain, per name (names without calls are left out), and starts a new window.
   * The runner setup files call this after each test, so a window is one test's calls.
   */
  drain(): TestCallStats[] {
    const out: TestCallStats[] = []
    for (const entry of this.entries.values()) {
      const w = entry.window
      if (w.count === 0) continue
      const { perYield: _perYield, profile, ...summary } = entry.windowStats()
      const stats: TestCallStats = { ...summary, histogram: toSparse(w.buckets) }
      if (profile && !entry.profileReported) {
        stats.profile = profile
        entry.profileReported = true
      }
      const yields = entry.yieldsWindow
      if (yields && yields.count > 0) stats.perYield = { ...yields.summary(), histogram: toSparse(yields.buckets) }
      out.push(stats)
      entry.closeWindow()
    }
    return out
  }
}

// On globalThis under a registered symbol, like the recorder: ESM and CJS copies of this module must share one store.
const STORE_KEY = Symbol.for('perf-sentinel.callStats')

/** The process's default store (per Jest test file, since each has its own global object). */
export function defaultCallStore(): CallStatsStore {
  const holder = globalThis as Record<symbol, unknown>
  holder[STORE_KEY] ??= new CallStatsStore()
  return holder[STORE_KEY] as CallStatsStore
}

/**
 * Statistics of the calls recorded under `name` (undefined when the name never ran), or of every name.
 * @example perfTiming(parse, { name: 'parse' }); …; getStats('parse')?.p95Ms
 */
export function getStats(name: string): CallStats | undefined
export function getStats(): Record<string, CallStats>
export function getStats(name?: string): CallStats | undefined | Record<string, CallStats> {
  const store = defaultCallStore()
  if (name !== undefined) return store.get(name)?.stats()
  const all: Record<string, CallStats> = {}
  for (const key of store.names()) all[key] = (store.get(key) as CallEntry).stats()
  return all
}

/** Forgets the recorded calls of `name`, or of every instrumented function. */
export function resetStats(name?: string): void {
  defaultCallStore().reset(name)
}

/**
 * The calls of every instrumented function since the previous call (one test's, when the runner setup calls it after
 * each test), ready to travel to the reporter; starts the next window.
 */
export function takeTestCalls(): TestCallStats[] {
  return defaultCallStore().drain()
}
