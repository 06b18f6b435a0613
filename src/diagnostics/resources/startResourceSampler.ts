import { performance } from 'node:perf_hooks'
import type { EventLoopUtilization } from 'node:perf_hooks'
import { clearInterval, setInterval } from 'node:timers'
import { createRequire } from 'node:module'
import type { Clock } from '../../measure/clock.js'
import { realClock } from '../../measure/clock.js'
import type { ResourceMark, ResourceSample, ResourceTimeline } from '../../model/resourceTimeline.js'
import type { CounterScope } from './processCounters.js'
import { openCounterReader } from './processCounters.js'
import { keepLastReading, releaseDelayMonitor, takeDelayMonitor, takeLastReading } from './samplerHandover.js'
import { thinSamples } from './thinSamples.js'

/** Options of the resource sampler. */
export interface ResourceSamplerOptions {
  /** Time between readings, ms. @default 250 */
  intervalMs?: number
  /** Most readings kept between two flushes; beyond it every other one is dropped and the interval doubles. @default 2400 */
  maxSamples?: number
  /** Label of the timeline. @default `pid`, or `pid/threadId` in a worker thread */
  worker?: string
  /** Monotonic clock for the sampler's own cost. @default the real clock */
  clock?: Clock
  /** Wall clock for the timeline, epoch ms. @default timeOrigin + the real clock (fake timers cannot freeze it) */
  now?: () => number
  /**
   * Whose CPU time the CPU % counts: `thread` for a long-lived worker that shares the machine with busy ones (Jest's
   * workers), where asking for the whole process's time stalls (see `openCounterReader`). @default 'process'
   */
  counters?: CounterScope
  /**
   * Start from the closing reading of the last resuming sampler of this process that read the same way, when there
   * is one, instead of taking a reading of its own, and take none at the first `mark()` either: that reading is the
   * one before the first file. For Jest's workers, where each test file's sandbox starts a sampler a few ms after the
   * previous file's stopped (its first reading cost ~0.36 ms per file, most of it first-call cost in the new sandbox).
   * Only with the real clock: times of an injected one do not compare with another sampler's. @default false
   */
  resume?: boolean
}

/** The ids that tell this thread apart from the others of its process. */
export interface ThreadIds {
  pid: number
  threadId: number
  isMainThread: boolean
}

/**
 * This thread's ids. Read on demand, not imported: loading `node:worker_threads` takes ~2.5 ms in a fresh process,
 * and Vitest starts a fresh process for each test file by default (forks pool, isolation on), where nothing else
 * loads it. Timelines named by the runner's worker slot never need it.
 */
export function currentThread(): ThreadIds {
  const { isMainThread, threadId } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')
  return { pid: process.pid, threadId, isMainThread }
}

/** `pid`, or `pid/threadId` in a worker thread. */
function threadLabel(ids: ThreadIds): string {
  return ids.isMainThread ? String(ids.pid) : `${ids.pid}/${ids.threadId}`
}

/** A running sampler: label the timeline as test files start, flush it as they end, stop it to get the rest. */
export interface ResourceSampler {
  /** Marks the start of a test file, with a reading unless the last one is very recent. */
  mark(label: string): void
  /** Takes a closing reading and returns what was read since the last flush; sampling goes on. */
  flush(): ResourceTimeline
  /** Flushes and stops the timer. */
  stop(): ResourceTimeline
}

export const RESOURCE_SAMPLER_DEFAULTS: Readonly<{ intervalMs: number; maxSamples: number }> = { intervalMs: 250, maxSamples: 2400 }
/** Finest resolution of the event-loop delay monitor, ms (its readings include it, so it is subtracted). */
const DELAY_RESOLUTION_MS = 10
/**
 * A file boundary gets its own reading unless the last one is closer than this: CPU % over a shorter span is mostly
 * noise, and a suite of tiny files would otherwise pay two readings per file for nothing.
 */
const MIN_BOUNDARY_GAP_MS = 10

/**
 * Samples this worker's CPU %, RSS, JS heap, event-loop utilisation and delay once at start, then every
 * `intervalMs` on an unref'd timer (it never keeps the process alive), plus one reading at each file boundary so
 * that even a file shorter than the interval has its own points. A reading is CPU time, RSS and heap (see
 * `openCounterReader`), eventLoopUtilization and the delay monitor's max (its p99 costs ~15–150 µs a read, the max
 * 0.2 µs): ~20 µs in a quiet loop, more between the test files of a real suite, where cold caches and the garbage
 * collections its few allocations set off land inside it (BENCHMARKS.md part 2). `samplingMs` reports the total, so
 * the cost is checked, not assumed.
 */
export function startResourceSampler(options: ResourceSamplerOptions = {}): ResourceSampler {
  const baseIntervalMs = options.intervalMs ?? RESOURCE_SAMPLER_DEFAULTS.intervalMs
  let intervalMs = baseIntervalMs
  const maxSamples = options.maxSamples ?? RESOURCE_SAMPLER_DEFAULTS.maxSamples
  const clock = options.clock ?? realClock
  // Not Date.now: a runner's fake timers may be installed before the setup file starts the sampler.
  const now = options.now ?? ((): number => performance.timeOrigin + clock())
  const worker = options.worker ?? threadLabel(currentThread())
  // Several monitor ticks per reading: reset() makes the monitor skip its next delta, so it must not be the only one.
  const resolutionMs = Math.max(1, Math.min(DELAY_RESOLUTION_MS, Math.floor(intervalMs / 5)))
  const delay = takeDelayMonitor(resolutionMs)
  const counters = openCounterReader(options.counters ?? 'process')
  let chunkStartMs = clock()
  let samples: ResourceSample[] = []
  let marks: ResourceMark[] = []
  let samplingMs = 0
  // The first reading covers the worker's life so far (CPU and loop use since the process started): a file's RSS
  // growth needs a reading before it starts, and a fresh worker's first file starts right after the sampler. A
  // resuming sampler has that reading already: the previous sampler's closing one.
  const resumable = options.resume === true && options.clock === undefined
  const resumed = resumable ? takeLastReading(counters.scope, chunkStartMs) : undefined
  const noElu: EventLoopUtilization = { idle: 0, active: 0, utilization: 0 }
  let lastCpuMicros = resumed?.cpuMicros ?? 0
  let lastElu: EventLoopUtilization = resumed?.elu ?? noElu
  let lastMs = resumed?.atMs ?? chunkStartMs - process.uptime() * 1000
  let markedOnce = false
  let skip = 0
  let tick = 0
  let lastTickMs = chunkStartMs
  let worstLatenessMs = 0
  // A boundary reading that finds the timer overdue reports the block then, for the file that blocked; the timer
  // (firing after it) and the delay monitor (recording it at its next tick) must not report it again.
  let reportedUntilMs = Number.NEGATIVE_INFINITY
  let reportedBlockMs = 0
  let stopped = false

  const read = (t0: number, overdue = 0): void => {
    worstLatenessMs = Math.max(worstLatenessMs, overdue)
    // One reading of each counter, kept as the next interval's start: each is a system call, and the reading's own
    // cost then counts in an interval, not in none.
    const counted = counters.read()
    const eluNow = performance.eventLoopUtilization()
    const elapsedMs = t0 - lastMs
    const cpuMs = (counted.cpuMicros - lastCpuMicros) / 1000
    const elu = performance.eventLoopUtilization(eluNow, lastElu)
    samples.push({
      atMs: now(),
      cpuPercent: elapsedMs > 0 ? (cpuMs / elapsedMs) * 100 : 0,
      rssBytes: counted.rssBytes,
      heapUsedBytes: counted.heapUsedBytes,
      eventLoopUtilization: elu.utilization,
      eventLoopDelayMaxMs: Math.max(0, monitoredDelayMs(), worstLatenessMs),
    })
    delay.reset()
    worstLatenessMs = 0
    reportedBlockMs = 0
    lastCpuMicros = counted.cpuMicros
    lastElu = eluNow
    lastMs = t0
    if (samples.length > maxSamples) {
      samples = thinSamples(samples)
      intervalMs *= 2
      skip = skip * 2 + 1
    }
    samplingMs += clock() - t0
  }

  /** The monitor's worst delay since the last reading, unless it is the block a boundary reading already reported. */
  const monitoredDelayMs = (): number => {
    const delayMs = delay.count > 0 ? delay.max / 1e6 - resolutionMs : 0
    return delayMs <= reportedBlockMs + 2 * resolutionMs ? 0 : delayMs
  }

  /** How long the timer is overdue at `t0`, beyond what a boundary reading reported already. */
  const overdueMs = (t0: number): number => t0 - Math.max(lastTickMs + baseIntervalMs, reportedUntilMs)

  const onTick = (): void => {
    const t0 = clock()
    // How late this timer fired: a block that straddles a monitor reset is still seen here.
    worstLatenessMs = Math.max(worstLatenessMs, overdueMs(t0))
    lastTickMs = t0
    // After thinning, keep every 2^k-th tick so readings stay evenly spaced at the doubled interval.
    if (tick++ % (skip + 1) !== 0) return
    read(t0)
  }

  const boundary = (): void => {
    const t0 = clock()
    if (stopped || t0 - lastMs < MIN_BOUNDARY_GAP_MS) return
    // A file that blocked the loop until its end has not let the timer (nor the monitor) fire yet: count it now.
    const late = overdueMs(t0)
    read(t0, late)
    if (late > 0) {
      reportedUntilMs = t0
      reportedBlockMs = late
    }
  }

  /** The open file ends at its last reading (the boundary reading just taken), or now when it has none. */
  const closeMark = (): void => {
    const open = marks[marks.length - 1]
    if (open === undefined || open.endAtMs !== undefined) return
    const last = samples[samples.length - 1]
    open.endAtMs = last !== undefined && last.atMs >= open.atMs ? last.atMs : now()
  }

  const flush = (): ResourceTimeline => {
    boundary()
    closeMark()
    const endMs = clock()
    const chunk: ResourceTimeline = { worker, intervalMs, samples, marks, samplingMs, elapsedMs: endMs - chunkStartMs }
    if (counters.scope === 'thread') chunk.cpuScope = 'thread'
    samples = []
    marks = []
    samplingMs = 0
    chunkStartMs = endMs
    return chunk
  }

  if (resumed === undefined) read(chunkStartMs)
  const timer = setInterval(onTick, baseIntervalMs)
  timer.unref()
  return {
    mark(label: string): void {
      // A resumed sampler's first file starts from the reading it resumed from.
      if (resumed === undefined || markedOnce) boundary()
      markedOnce = true
      closeMark()
      marks.push({ atMs: now(), label })
    },
    flush,
    stop(): ResourceTimeline {
      const chunk = flush()
      // Released once: a second stop() must not hand the monitor to a later sampler a second time.
      if (!stopped) {
        releaseDelayMonitor(delay, resolutionMs)
        // Only Node's own ELU object is kept (see keepLastReading), never the placeholder made here.
        if (resumable && lastElu !== noElu) keepLastReading(counters.scope, { atMs: lastMs, cpuMicros: lastCpuMicros, elu: lastElu })
      }
      stopped = true
      clearInterval(timer)
      return chunk
    },
  }
}
