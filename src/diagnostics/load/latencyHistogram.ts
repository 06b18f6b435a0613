import { createHistogram } from 'node:perf_hooks'
import type { RecordableHistogram } from 'node:perf_hooks'
import type { LatencySummary } from './loadTypes.js'

/**
 * HdrHistogram precision: 3 significant digits, so any recorded value is known to within 1 part in 1,000 (Node's
 * `perf_hooks.createHistogram` embeds HdrHistogram_c; the unit test checks 0.1% against an exact sorted reference).
 */
export const HISTOGRAM_SIGNIFICANT_DIGITS = 3
/** Values are recorded in integer nanoseconds, from 1 ns to one hour (larger values are clamped to it). */
const HIGHEST_NS = 3_600_000_000_000

/** A latency histogram that takes milliseconds and answers in milliseconds. */
export interface LatencyHistogram {
  record(ms: number): void
  readonly count: number
  summary(): LatencySummary
  /** The value at percentile `p` (0–100), in ms; 0 when empty. */
  percentileMs(p: number): number
}

/** Creates an empty 3-digit HDR latency histogram (no dependency: Node's own). */
export function createLatencyHistogram(): LatencyHistogram {
  const h: RecordableHistogram = createHistogram({ lowest: 1, highest: HIGHEST_NS, figures: HISTOGRAM_SIGNIFICANT_DIGITS })
  let recorded = 0
  const percentileMs = (p: number): number => (recorded === 0 ? 0 : h.percentile(p) / 1e6)
  return {
    record(ms: number): void {
      // Sub-nanosecond and negative values (a clock step) are recorded as 1 ns: HDR cannot hold 0.
      const ns = Math.min(HIGHEST_NS, Math.max(1, Math.round(ms * 1e6)))
      h.record(ns)
      recorded++
    },
    get count(): number {
      return recorded
    },
    percentileMs,
    summary(): LatencySummary {
      if (recorded === 0) return emptySummary()
      return {
        count: recorded,
        minMs: h.min / 1e6,
        meanMs: h.mean / 1e6,
        sdMs: (Number.isFinite(h.stddev) ? h.stddev : 0) / 1e6,
        p50Ms: percentileMs(50),
        p75Ms: percentileMs(75),
        p90Ms: percentileMs(90),
        p95Ms: percentileMs(95),
        p99Ms: percentileMs(99),
        p999Ms: percentileMs(99.9),
        maxMs: h.max / 1e6,
      }
    },
  }
}

/** The summary of no operations: zeros with `count: 0` (JSON has no NaN). */
export function emptySummary(): LatencySummary {
  return { count: 0, minMs: 0, meanMs: 0, sdMs: 0, p50Ms: 0, p75Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 }
}
