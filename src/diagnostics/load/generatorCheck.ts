import { formatMs } from '../../format.js'
import type { GeneratorCheck, LatencySummary } from './loadTypes.js'

/**
 * Scheduler lag limit: 1 ms of lateness (the issue's and k6's bar) on top of ~1 ms that a descheduled or briefly
 * busy thread adds on a small shared machine (the scheduler itself is no longer late by Node's whole-millisecond
 * timers: it wakes early and waits out the rest in `setImmediate` turns, runOpenModel.ts; lag p50 0.00 ms idle).
 */
export const SATURATION_LAG_P99_MS = 2
/** The generator's thread busy ≥ 90% of the run ("CPU ≥ 90% of a core"); it cannot be punctual any more. */
export const SATURATION_EVENT_LOOP_UTILIZATION = 0.9
/** Fewer lag samples than this say nothing about a p99. */
const MIN_LAG_SAMPLES = 20

export interface GeneratorCheckInput {
  model: 'open' | 'closed'
  /** Scheduler lateness of the open model's starts (empty for the closed model). */
  lag: LatencySummary
  eventLoopUtilization: number
  cpuPercent: number
}

/**
 * Decides whether the load generator itself was saturated (pure). When it was, its lateness is in the corrected
 * latencies and the arrivals may have bunched up: the result is `inconclusive`, not a pass or a fail.
 */
export function generatorCheck(input: GeneratorCheckInput): GeneratorCheck {
  const reasons: string[] = []
  if (input.model === 'open' && input.lag.count >= MIN_LAG_SAMPLES && input.lag.p99Ms > SATURATION_LAG_P99_MS) {
    reasons.push(`scheduler lag p99 ${formatMs(input.lag.p99Ms)} > ${formatMs(SATURATION_LAG_P99_MS)}`)
  }
  if (input.eventLoopUtilization >= SATURATION_EVENT_LOOP_UTILIZATION) {
    reasons.push(
      `event loop busy ${(input.eventLoopUtilization * 100).toFixed(0)}% of the run (≥ ${SATURATION_EVENT_LOOP_UTILIZATION * 100}%; ` +
        'an in-process target shares it with the generator)',
    )
  }
  return {
    lagP50Ms: input.lag.p50Ms,
    lagP99Ms: input.lag.p99Ms,
    lagMaxMs: input.lag.maxMs,
    eventLoopUtilization: input.eventLoopUtilization,
    cpuPercent: input.cpuPercent,
    saturated: reasons.length > 0,
    reasons,
  }
}

/** The `inconclusive` text of a saturated run. */
export function saturationText(check: GeneratorCheck): string | undefined {
  return check.saturated ? `load generator saturated: ${check.reasons.join('; ')}` : undefined
}
