import type { ResolvedMeasureOptions } from './options.js'
import { TARGET_SAMPLE_MS } from './options.js'

/** What a sampling plan ends with: per-operation samples and how they were taken. */
export interface PlanOutcome {
  samplesMs: number[]
  batchSize: number
  warmupOperations: number
  sampledForMs: number
  /** Set when the measurement cap stopped sampling early: the subject is too slow to sample as asked. */
  stoppedAtCapMs?: number
}

/**
 * No measurement runs longer than this (or 2 × `timeMs` when that is more): both runners' default test timeout is
 * 5 s, and sync code cannot be interrupted by it — a 2 s subject sampled ~14 times ran 28 s, a 30 s one 420 s.
 */
export const MEASUREMENT_CAP_MS = 3000

/** The cap for these options (from the time as given: a time scale shortens sampling, never the cap). */
export function measurementCapMs(o: Pick<ResolvedMeasureOptions, 'timeMs' | 'unscaledTimeMs'>): number {
  return Math.max(MEASUREMENT_CAP_MS, 2 * (o.unscaledTimeMs ?? o.timeMs))
}

/** Largest batch: 2^22 empty operations still take well under a millisecond. */
const MAX_BATCH = 2 ** 22

/** Samples at least this long get a `gc()` before each (the collection costs far less than the sample). */
const GC_BETWEEN_SAMPLES_MIN_MS = 1

/**
 * Relative half-width (%) of the distribution-free 95% interval of the median: order statistics at ranks
 * (n ∓ 1.96·√n)/2. The median is what budgets and comparisons judge by default, and unlike the mean's margin of
 * error it is not held up by a few GC pauses, so sampling can stop as soon as the median is pinned down.
 */
export function medianMarginPercent(samplesMs: readonly number[]): number {
  const n = samplesMs.length
  // Below 6 samples no order statistics form a 95% interval of the median: nothing is pinned down yet.
  if (n < 6) return Number.POSITIVE_INFINITY
  const sorted = Float64Array.from(samplesMs).sort()
  const k = Math.max(0, Math.floor((n - 1.96 * Math.sqrt(n)) / 2))
  const median = sorted[n >> 1] ?? 0
  const halfWidth = ((sorted[n - 1 - k] ?? 0) - (sorted[k] ?? 0)) / 2
  return median > 0 ? (halfWidth * 100) / median : Number.POSITIVE_INFINITY
}

/**
 * The sampling algorithm, written once for sync and async subjects: it yields "run this many operations" and
 * receives the elapsed ms; a driver performs the work (awaiting when needed). The probe call counts as the first
 * warm-up operation, or as the first sample when warm-up is off.
 *
 * Phase 1 — warm-up, single operations, until `warmupMs` or `warmupIterations`.
 * Phase 2 — batch calibration: grow the batch until one sample lasts `TARGET_SAMPLE_MS`.
 * Phase 3 — sampling until the time budget (or early, once the median is pinned down) and `minSamples`.
 */
export function* samplingPlan(
  o: ResolvedMeasureOptions,
  overheadMs: number,
  gc: (() => void) | undefined,
  probeSampleMs: number,
): Generator<number, PlanOutcome, number> {
  const now = o.clock
  // A cold run times single calls: only then can the (single-call) probe be one of the samples.
  const cold = (o.warmupIterations === 0 || o.warmupMs === 0) && o.batchSize === 1
  // Without warm-up the probe call is the first sample: single-shot matchers measure exactly that cold call.
  let warmupOperations = cold ? 0 : 1
  const capMs = measurementCapMs(o)
  const planStart = now() - probeSampleMs
  // Evidence is decisive once one more call would pass the cap: stop with what was measured (the probe counts).
  const overCap = (nextCallMs: number): boolean => now() - planStart + nextCallMs > capMs
  if (overCap(probeSampleMs)) {
    return {
      samplesMs: [Math.max(0, probeSampleMs - overheadMs)],
      batchSize: 1,
      warmupOperations: 0,
      sampledForMs: probeSampleMs,
      stoppedAtCapMs: capMs,
    }
  }
  const warmStart = now()
  while (warmupOperations < o.warmupIterations && now() - warmStart < o.warmupMs) {
    const elapsedMs = yield 1
    warmupOperations++
    if (overCap(elapsedMs)) {
      return {
        samplesMs: [Math.max(0, elapsedMs - overheadMs)],
        batchSize: 1,
        warmupOperations: warmupOperations - 1,
        sampledForMs: elapsedMs,
        stoppedAtCapMs: capMs,
      }
    }
  }

  let batchSize = o.batchSize === 'auto' ? 1 : o.batchSize
  if (o.batchSize === 'auto') {
    // Grow until two consecutive batches last TARGET_SAMPLE_MS: the first long batch often still ran in a lower
    // JIT tier, and once optimized the same batch can be several times shorter.
    let longEnough = 0
    while (longEnough < 2 && batchSize < MAX_BATCH) {
      const elapsedMs = yield batchSize
      warmupOperations += batchSize
      if (overCap(elapsedMs)) {
        return {
          samplesMs: [Math.max(0, elapsedMs - overheadMs) / batchSize],
          batchSize,
          warmupOperations: warmupOperations - batchSize,
          sampledForMs: elapsedMs,
          stoppedAtCapMs: capMs,
        }
      }
      if (elapsedMs >= TARGET_SAMPLE_MS) {
        longEnough++
        continue
      }
      longEnough = 0
      const growth = Math.min(100, Math.max(2, (TARGET_SAMPLE_MS * 1.25) / Math.max(elapsedMs, 1e-6)))
      batchSize = Math.min(MAX_BATCH, Math.ceil(batchSize * growth))
    }
  }

  gc?.()
  const samplesMs: number[] = cold ? [Math.max(0, probeSampleMs - overheadMs)] : []
  // The early-stop test sorts the samples, so it runs each time their number has grown by 10%: O(n log n) overall.
  let nextCheck = o.minSamples
  let gcBetween = false
  const start = now()
  while (samplesMs.length < o.maxSamples) {
    const elapsedMs = yield batchSize
    const sampleMs = Math.max(0, elapsedMs - overheadMs) / batchSize
    samplesMs.push(sampleMs)
    const n = samplesMs.length
    if (overCap(elapsedMs)) return { samplesMs, batchSize, warmupOperations, sampledForMs: now() - start, stoppedAtCapMs: capMs }
    if (n >= o.minSamples && o.iterations === undefined) {
      const spentMs = now() - start
      if (spentMs >= o.timeMs) break
      if (spentMs >= o.minTimeMs && n >= nextCheck) {
        if (medianMarginPercent(samplesMs) <= o.targetMarginPercent) break
        nextCheck = Math.ceil(n * 1.1)
      }
    }
    gcBetween ||= gc !== undefined && elapsedMs >= GC_BETWEEN_SAMPLES_MIN_MS
    if (gcBetween && samplesMs.length < o.maxSamples) gc?.()
  }
  return { samplesMs, batchSize, warmupOperations, sampledForMs: now() - start }
}
