import type { LatencyHistogram } from './latencyHistogram.js'
import { createLatencyHistogram } from './latencyHistogram.js'
import type { LoadErrorClass, LoadTimelineBucket, OperationOutcome } from './loadTypes.js'

/** Corrected latencies kept for baselines: enough for the rank test, bounded whatever the run's length. */
export const RETAINED_LATENCIES = 512
/** Timeline buckets are one second each, at most one hour of them. */
const BUCKET_MS = 1000
const MAX_BUCKETS = 3600

/** Everything a run counts while it goes; engines feed it, `load()` turns it into a `LoadResult`. */
export interface LoadTally {
  /** One settled operation: times in ms on the run's clock (intended = actual start in the closed model). */
  settle(intendedMs: number, startedMs: number, endedMs: number, outcome: OperationOutcome): void
  /** How late the scheduler noticed a start after its intended time (open model; connection waits excluded). */
  lag(ms: number): void
  lateStart(): void
  dropStart(): void
  readonly corrected: LatencyHistogram
  readonly uncorrected: LatencyHistogram
  readonly lagHistogram: LatencyHistogram
  readonly errorsByClass: Record<LoadErrorClass, number>
  readonly counts: { started: number; succeeded: number; errors: number; late: number; dropped: number }
  /** First start and last settlement, in ms on the run's clock. */
  readonly span: { firstStartMs: number; lastEndMs: number }
  timeline(): LoadTimelineBucket[]
  retainedSamples(): number[]
}

interface Bucket {
  completed: number
  errors: number
  sumMs: number
  maxMs: number
}

/** Creates an empty tally for a run whose clock reads `runStartMs` at its start. */
export function createLoadTally(runStartMs: number): LoadTally {
  const corrected = createLatencyHistogram()
  const uncorrected = createLatencyHistogram()
  const lagHistogram = createLatencyHistogram()
  const errorsByClass: Record<LoadErrorClass, number> = { thrown: 0, rejected: 0, 'non-2xx': 0, timeout: 0, network: 0 }
  const counts = { started: 0, succeeded: 0, errors: 0, late: 0, dropped: 0 }
  const span = { firstStartMs: Number.POSITIVE_INFINITY, lastEndMs: runStartMs }
  const buckets: Bucket[] = []
  // Evenly spread retained samples without knowing the run's length: keep every `stride`-th success; when the
  // buffer is full, drop every other one and double the stride (deterministic, unlike a random reservoir).
  let retained: number[] = []
  let stride = 1
  let successIndex = 0

  const bucketFor = (endedMs: number): Bucket | undefined => {
    const index = Math.floor((endedMs - runStartMs) / BUCKET_MS)
    if (index < 0 || index >= MAX_BUCKETS) return undefined
    while (buckets.length <= index) buckets.push({ completed: 0, errors: 0, sumMs: 0, maxMs: 0 })
    return buckets[index]
  }

  return {
    settle(intendedMs, startedMs, endedMs, outcome): void {
      counts.started++
      if (startedMs < span.firstStartMs) span.firstStartMs = startedMs
      if (endedMs > span.lastEndMs) span.lastEndMs = endedMs
      const bucket = bucketFor(endedMs)
      if (outcome !== 'ok') {
        counts.errors++
        errorsByClass[outcome]++
        if (bucket) bucket.errors++
        return
      }
      counts.succeeded++
      const latencyMs = endedMs - intendedMs
      corrected.record(latencyMs)
      uncorrected.record(endedMs - startedMs)
      if (bucket) {
        bucket.completed++
        bucket.sumMs += latencyMs
        if (latencyMs > bucket.maxMs) bucket.maxMs = latencyMs
      }
      if (successIndex++ % stride === 0) {
        retained.push(latencyMs)
        if (retained.length >= RETAINED_LATENCIES * 2) {
          retained = retained.filter((_, i) => i % 2 === 0)
          stride *= 2
        }
      }
    },
    lag(ms): void {
      lagHistogram.record(ms)
    },
    lateStart(): void {
      counts.late++
    },
    dropStart(): void {
      counts.dropped++
    },
    corrected,
    uncorrected,
    lagHistogram,
    errorsByClass,
    counts,
    span,
    timeline(): LoadTimelineBucket[] {
      return buckets.map((b, i) => ({
        atMs: i * BUCKET_MS,
        completed: b.completed,
        errors: b.errors,
        meanMs: b.completed === 0 ? 0 : b.sumMs / b.completed,
        maxMs: b.maxMs,
      }))
    },
    retainedSamples(): number[] {
      if (retained.length <= RETAINED_LATENCIES) return retained.slice()
      const step = retained.length / RETAINED_LATENCIES
      return Array.from({ length: RETAINED_LATENCIES }, (_, i) => retained[Math.floor(i * step)] as number)
    },
  }
}
