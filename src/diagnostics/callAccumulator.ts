/**
 * Running totals of one set of call durations: exact count/total/min/max and flags, plus the fixed-size histogram
 * (callHistogram.ts) the percentiles are read from.
 */
import type { CallSummary } from '../model/diagnostics.js'
import type { Buckets } from './callHistogram.js'
import { createBuckets, summarizeBuckets } from './callHistogram.js'

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

/** Adds `part` into `into` (exact: same bucket layout). */
export function mergeAccumulator(into: CallAccumulator, part: CallAccumulator): void {
  if (part.count === 0) return
  into.count += part.count
  into.totalMs += part.totalMs
  into.minMs = Math.min(into.minMs, part.minMs)
  into.maxMs = Math.max(into.maxMs, part.maxMs)
  into.overThreshold += part.overThreshold
  into.syncBlocking += part.syncBlocking
  into.errors += part.errors
  const { buckets } = into
  for (let i = 0; i < buckets.length; i++) {
    const c = part.buckets[i] as number
    if (c !== 0) buckets[i] = (buckets[i] as number) + c
  }
}
