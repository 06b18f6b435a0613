/**
 * The bounded per-name store behind `perfTiming` and `getStats`: exact count/total/min/max plus a fixed-size
 * histogram for percentiles (callHistogram.ts), once for the process's lifetime and once for the current "window"
 * (the calls since the test runner last drained it: the calls of one test).
 */
import type { CallSummary, CallType, TestCallStats } from '../model/diagnostics.js'
import type { Buckets } from './callHistogram.js'
import { bucketIndex, createBuckets, summarizeBuckets, toSparse } from './callHistogram.js'

/** Running totals of one set of durations. The hot path of every instrumented call: keep it branch-light. */
export class CallAccumulator {
  count = 0
  totalMs = 0
  minMs: number = Number.POSITIVE_INFINITY
  maxMs = 0
  overThreshold = 0
  syncBlocking = 0
  errors = 0
  readonly buckets: Buckets = createBuckets()

  add(ms: number, bucket: number, over: boolean): void {
    this.count++
    this.totalMs += ms
    if (ms < this.minMs) this.minMs = ms
    if (ms > this.maxMs) this.maxMs = ms
    this.buckets[bucket] = (this.buckets[bucket] as number) + 1
    if (over) this.overThreshold++
  }

  summary(): CallSummary {
    return summarizeBuckets(this.buckets, this)
  }

  clear(): void {
    this.count = this.totalMs = this.maxMs = this.overThreshold = this.syncBlocking = this.errors = 0
    this.minMs = Number.POSITIVE_INFINITY
    this.buckets.fill(0)
  }
}

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
}

/** Everything recorded under one name. */
export class CallEntry {
  readonly name: string
  type: CallType
  /** `Infinity` when the function has no threshold. */
  thresholdMs: number
  readonly all: CallAccumulator = new CallAccumulator()
  readonly window: CallAccumulator = new CallAccumulator()
  yieldsAll: CallAccumulator | undefined
  yieldsWindow: CallAccumulator | undefined

  constructor(name: string, type: CallType, thresholdMs: number) {
    this.name = name
    this.type = type
    this.thresholdMs = thresholdMs
  }

  /** Records one call; returns whether it exceeded the threshold. */
  record(ms: number): boolean {
    const bucket = bucketIndex(ms * 1e6)
    const over = ms > this.thresholdMs
    this.all.add(ms, bucket, over)
    this.window.add(ms, bucket, over)
    return over
  }

  /** Records one generator step (the time from `next()` to its value). */
  recordStep(ms: number): void {
    this.yieldsAll ??= new CallAccumulator()
    this.yieldsWindow ??= new CallAccumulator()
    const bucket = bucketIndex(ms * 1e6)
    this.yieldsAll.add(ms, bucket, false)
    this.yieldsWindow.add(ms, bucket, false)
  }

  /** Marks the last recorded call as having thrown / having blocked the loop. */
  flag(kind: 'errors' | 'syncBlocking'): void {
    this.all[kind]++
    this.window[kind]++
  }

  stats(): CallStats {
    return this.describe(this.all, this.yieldsAll)
  }

  /** The current window's statistics (calls since the last drain). */
  windowStats(): CallStats {
    return this.describe(this.window, this.yieldsWindow)
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
    for (const entry of targets) {
      if (!entry) continue
      entry.all.clear()
      entry.window.clear()
      entry.yieldsAll?.clear()
      entry.yieldsWindow?.clear()
    }
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
      const { perYield: _perYield, ...summary } = entry.windowStats()
      const stats: TestCallStats = { ...summary, histogram: toSparse(w.buckets) }
      const yields = entry.yieldsWindow
      if (yields && yields.count > 0) stats.perYield = { ...yields.summary(), histogram: toSparse(yields.buckets) }
      out.push(stats)
      w.clear()
      yields?.clear()
    }
    return out
  }
}

// On globalThis under a registered symbol, like the recorder: ESM and CJS copies of this module must share one store.
const STORE_KEY = Symbol.for('perf-sentinel.callStats')

/** The process's default store (per Jest test file, since each has its own global object). */
export function defaultCallStore(): CallStatsStore {
  const holder = globalThis as Record<symbol, unknown>
  return (holder[STORE_KEY] ??= new CallStatsStore()) as CallStatsStore
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
