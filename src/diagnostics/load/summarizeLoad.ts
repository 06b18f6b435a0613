import { generatorCheck, saturationText } from './generatorCheck.js'
import type { LoadTally } from './loadTally.js'
import type { LoadResult } from './loadTypes.js'
import type { ResolvedLoadOptions } from './resolveLoadOptions.js'

export interface LoadRunFacts {
  target: 'function' | 'http'
  options: ResolvedLoadOptions
  /** Operations the open model's schedule asked for (the closed model counts what it started). */
  plannedStarts: number | undefined
  /** The run's clock at its start. */
  startMs: number
  eventLoopUtilization: number
  cpuPercent: number
}

/** Turns a finished run's tally into the `LoadResult` that `load()` returns (pure). */
export function summarizeLoad(tally: LoadTally, facts: LoadRunFacts): LoadResult {
  const { options, target } = facts
  const shape = options.shape
  const counts = tally.counts
  const scheduled = facts.plannedStarts ?? counts.started
  const elapsedMs = Math.max(0, tally.span.lastEndMs - Math.min(facts.startMs, tally.span.firstStartMs))
  const generator = generatorCheck({
    model: shape.model,
    lag: tally.lagHistogram.summary(),
    eventLoopUtilization: facts.eventLoopUtilization,
    cpuPercent: facts.cpuPercent,
  })
  const result: LoadResult = {
    name: options.name,
    model: shape.model,
    target,
    ...(shape.model === 'open' ? { rate: shape.rate, connections: shape.connections } : { concurrency: shape.concurrency }),
    rampUpMs: options.rampUpMs,
    elapsedMs,
    scheduled,
    succeeded: counts.succeeded,
    errors: counts.errors,
    errorsByClass: { ...tally.errorsByClass },
    errorRate: scheduled === 0 ? 0 : (counts.errors + counts.dropped) / scheduled,
    lateStarts: counts.late,
    droppedStarts: counts.dropped,
    throughputPerSecond: elapsedMs > 0 ? (counts.succeeded * 1000) / elapsedMs : 0,
    latency: tally.corrected.summary(),
    uncorrectedLatency: tally.uncorrected.summary(),
    generator,
    timeline: tally.timeline(),
    samplesMs: tally.retainedSamples(),
  }
  const inconclusive = saturationText(generator)
  if (inconclusive !== undefined) result.inconclusive = inconclusive
  return result
}
