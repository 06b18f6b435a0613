/**
 * What a stopped resource sampler leaves for the next sampler of its thread — its event-loop delay monitor and, when
 * resuming, its closing reading — kept in thread slots (see `threadSlot`), so Jest's per-test-file samplers hand
 * them on without keeping any file's sandbox alive.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { EventLoopUtilization, IntervalHistogram } from 'node:perf_hooks'
import type { CounterScope } from './processCounters.js'
import { threadSlot } from './threadSlots.js'

/** The idle monitor of one resolution: one slot each (samplers of a thread rarely overlap; an overlapping one makes its own). */
const idleMonitor = (resolutionMs: number) => threadSlot<IntervalHistogram>(`idleDelayMonitor.${resolutionMs}`)

/**
 * An event-loop delay monitor for a new sampler: the one a stopped sampler of this thread left, when there is one.
 * A fresh monitor allocates a histogram of ~0.5 MB whose first reset touches every page: ~300 µs, against ~12 µs for
 * a reset of a warm one (measured, Node 20), and Jest starts a sampler per test file. The histogram is an object of
 * Node's own realm, so its slot holds no sandbox alive.
 */
export function takeDelayMonitor(resolutionMs: number): IntervalHistogram {
  const idle = idleMonitor(resolutionMs).take()
  if (idle === undefined) {
    // A new monitor is empty already: resetting it would touch all of its pages for nothing (~250 µs), in every
    // fresh worker (Vitest starts one per test file by default).
    const monitor = monitorEventLoopDelay({ resolution: resolutionMs })
    monitor.enable()
    return monitor
  }
  idle.reset()
  idle.enable()
  return idle
}

/** Stops `monitor` and leaves it for the next sampler of this thread, unless one is waiting there already. */
export function releaseDelayMonitor(monitor: IntervalHistogram, resolutionMs: number): void {
  monitor.disable()
  const slot = idleMonitor(resolutionMs)
  if (slot.get() === undefined) slot.set(monitor)
}

/** A closing reading a resuming sampler starts from: when (the real clock), and the counters then. */
export interface LastReading {
  atMs: number
  cpuMicros: number
  /** What Node's `eventLoopUtilization()` returned: an object of Node's realm. */
  elu: EventLoopUtilization
}

/**
 * Longest gap after which a sampler still resumes: between the test files of a run there are milliseconds; a
 * worker kept between runs (`jest --watch`) starts afresh rather than averaging minutes of idleness into one reading.
 */
const MAX_RESUME_GAP_MS = 2000

/** The reading's three parts, one slot each per counter scope: two numbers and Node's own object, nothing of a sandbox. */
const lastReading = (scope: CounterScope) => ({
  at: threadSlot<number>(`lastReading.at.${scope}`),
  cpu: threadSlot<number>(`lastReading.cpu.${scope}`),
  elu: threadSlot<EventLoopUtilization>(`lastReading.elu.${scope}`),
})

/** The last closing reading of `scope`, taken (a second sampler does not get it), when it is recent. */
export function takeLastReading(scope: CounterScope, nowMs: number): LastReading | undefined {
  const slots = lastReading(scope)
  const atMs = slots.at.take()
  const cpuMicros = slots.cpu.take()
  const elu = slots.elu.take()
  if (typeof atMs !== 'number' || typeof cpuMicros !== 'number' || typeof elu !== 'object') return undefined
  return nowMs - atMs >= 0 && nowMs - atMs <= MAX_RESUME_GAP_MS ? { atMs, cpuMicros, elu } : undefined
}

/** Leaves `reading` for the next resuming sampler of this thread that reads `scope`. */
export function keepLastReading(scope: CounterScope, reading: LastReading): void {
  const slots = lastReading(scope)
  slots.at.set(reading.atMs)
  slots.cpu.set(reading.cpuMicros)
  slots.elu.set(reading.elu)
}
