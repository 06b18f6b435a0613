import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { EventLoopUtilization } from 'node:perf_hooks'
import { clearInterval, setInterval } from 'node:timers'
import { isMainThread, threadId } from 'node:worker_threads'
import type { Clock } from '../../measure/clock.js'
import { realClock } from '../../measure/clock.js'
import type { ResourceSample, ResourceTimeline } from '../../model/resourceTimeline.js'
import { thinSamples } from './thinSamples.js'

/** Options of the resource sampler. */
export interface ResourceSamplerOptions {
  /** Time between readings, ms. @default 250 */
  intervalMs?: number
  /** Most readings kept; beyond it every other one is dropped and the interval doubles. @default 2400 */
  maxSamples?: number
  /** Monotonic clock for the sampler's own cost. @default the real clock */
  clock?: Clock
  /** Wall clock for the timeline, epoch ms. @default Date.now */
  now?: () => number
}

/** A running sampler: label the timeline as test files start, stop it to get the readings. */
export interface ResourceSampler {
  mark(label: string): void
  stop(): ResourceTimeline
}

export const RESOURCE_SAMPLER_DEFAULTS: Readonly<{ intervalMs: number; maxSamples: number }> = { intervalMs: 250, maxSamples: 2400 }
/** Finest resolution of the event-loop delay monitor, ms (its readings include it, so it is subtracted). */
const DELAY_RESOLUTION_MS = 10

/**
 * Samples this worker's CPU %, RSS, JS heap, event-loop utilisation and delay every `intervalMs` on an unref'd
 * timer (it never keeps the process alive). Each reading costs a few µs: process.cpuUsage, memoryUsage,
 * eventLoopUtilization and the delay monitor's max (its p99 costs ~15–150 µs a read, the max 0.2 µs); `samplingMs` reports the total, so the cost is checked, not assumed.
 */
export function startResourceSampler(options: ResourceSamplerOptions = {}): ResourceSampler {
  const baseIntervalMs = options.intervalMs ?? RESOURCE_SAMPLER_DEFAULTS.intervalMs
  let intervalMs = baseIntervalMs
  const maxSamples = options.maxSamples ?? RESOURCE_SAMPLER_DEFAULTS.maxSamples
  const clock = options.clock ?? realClock
  const now = options.now ?? Date.now
  // Several monitor ticks per reading: reset() makes the monitor skip its next delta, so it must not be the only one.
  const resolutionMs = Math.max(1, Math.min(DELAY_RESOLUTION_MS, Math.floor(intervalMs / 5)))
  const delay = monitorEventLoopDelay({ resolution: resolutionMs })
  delay.enable()
  const startedMs = clock()
  let samples: ResourceSample[] = []
  const marks: ResourceTimeline['marks'] = []
  let samplingMs = 0
  let lastCpu = process.cpuUsage()
  let lastElu: EventLoopUtilization = performance.eventLoopUtilization()
  let lastMs = startedMs
  let skip = 0
  let tick = 0
  let lastTickMs = startedMs
  let worstLatenessMs = 0

  const read = (): void => {
    const t0 = clock()
    // How late this timer fired: a block that straddles a monitor reset is still seen here.
    worstLatenessMs = Math.max(worstLatenessMs, t0 - lastTickMs - baseIntervalMs)
    lastTickMs = t0
    // After thinning, keep every 2^k-th tick so readings stay evenly spaced at the doubled interval.
    if (tick++ % (skip + 1) !== 0) return
    const cpu = process.cpuUsage(lastCpu)
    const elu = performance.eventLoopUtilization(lastElu)
    const elapsedMs = t0 - lastMs
    const memory = process.memoryUsage()
    samples.push({
      atMs: now(),
      cpuPercent: elapsedMs > 0 ? ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100 : 0,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      eventLoopUtilization: elu.utilization,
      eventLoopDelayMaxMs: Math.max(0, delay.count > 0 ? delay.max / 1e6 - resolutionMs : 0, worstLatenessMs),
    })
    delay.reset()
    worstLatenessMs = 0
    lastCpu = process.cpuUsage()
    lastElu = performance.eventLoopUtilization()
    lastMs = clock()
    if (samples.length > maxSamples) {
      samples = thinSamples(samples)
      intervalMs *= 2
      skip = skip * 2 + 1
    }
    samplingMs += clock() - t0
  }

  const timer = setInterval(read, baseIntervalMs)
  timer.unref()
  return {
    mark(label: string): void {
      marks.push({ atMs: now(), label })
    },
    stop(): ResourceTimeline {
      clearInterval(timer)
      delay.disable()
      return {
        worker: isMainThread ? String(process.pid) : `${process.pid}/${threadId}`,
        intervalMs,
        samples,
        marks,
        samplingMs,
        elapsedMs: clock() - startedMs,
      }
    },
  }
}
