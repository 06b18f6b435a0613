/**
 * The figures of the resource timeline section (pure): one row per test file run — what RSS and the heap did while it
 * ran, its CPU and its worst event-loop delay — and the compact series the page's chart draws.
 */
import type { ResourceSample, ResourceTimeline } from '../../../src/model/resourceTimeline.js'

/** One test file's run in one worker. */
export interface ResourceFileRow {
  worker: string
  file: string
  /** From the timeline's start (the earliest reading or mark of any worker), ms. */
  startMs: number
  durationMs: number
  /** The last reading before the file started (else its first one). */
  rssStartBytes: number
  rssPeakBytes: number
  /** Peak − start: how much this file made RSS climb. */
  rssGrowthBytes: number
  heapGrowthBytes: number
  /** Mean of the readings taken while it ran; undefined when none was. */
  cpuPercent: number | undefined
  eventLoopDelayMaxMs: number | undefined
  /** Readings taken while the file ran. */
  readings: number
}

/** The earliest moment of any worker: the chart's and the table's zero. */
export function timelineOrigin(timelines: readonly ResourceTimeline[]): number {
  let origin = Number.POSITIVE_INFINITY
  for (const t of timelines) origin = Math.min(origin, t.samples[0]?.atMs ?? origin, t.marks[0]?.atMs ?? origin)
  return Number.isFinite(origin) ? origin : 0
}

/** One row per mark, biggest RSS growth first (then by start). */
export function resourceFileRows(timelines: readonly ResourceTimeline[]): ResourceFileRow[] {
  const origin = timelineOrigin(timelines)
  const rows: ResourceFileRow[] = []
  for (const timeline of timelines) {
    const { samples, marks } = timeline
    marks.forEach((mark, i) => {
      const next = marks[i + 1]
      const lastAt = samples[samples.length - 1]?.atMs ?? mark.atMs
      const endMs = mark.endAtMs ?? Math.max(mark.atMs, next?.atMs ?? lastAt)
      const during = samples.filter((s) => s.atMs > mark.atMs && s.atMs <= endMs)
      const before = lastBefore(samples, mark.atMs) ?? during[0]
      if (before === undefined) return
      const end = during[during.length - 1] ?? before
      const peak = Math.max(before.rssBytes, ...during.map((s) => s.rssBytes))
      rows.push({
        worker: timeline.worker,
        file: mark.label,
        startMs: mark.atMs - origin,
        durationMs: endMs - mark.atMs,
        rssStartBytes: before.rssBytes,
        rssPeakBytes: peak,
        rssGrowthBytes: peak - before.rssBytes,
        heapGrowthBytes: end.heapUsedBytes - before.heapUsedBytes,
        cpuPercent: during.length === 0 ? undefined : during.reduce((sum, s) => sum + s.cpuPercent, 0) / during.length,
        eventLoopDelayMaxMs: during.length === 0 ? undefined : Math.max(...during.map((s) => s.eventLoopDelayMaxMs)),
        readings: during.length,
      })
    })
  }
  return rows.sort((a, b) => b.rssGrowthBytes - a.rssGrowthBytes || a.startMs - b.startMs)
}

function lastBefore(samples: readonly ResourceSample[], atMs: number): ResourceSample | undefined {
  let found: ResourceSample | undefined
  for (const s of samples) {
    if (s.atMs > atMs) break
    found = s
  }
  return found
}

/** What the page's chart reads (`perf-resources` block): seconds from the origin, MiB, %, ms. Rounded: it is a chart. */
export interface ResourceChartData {
  /** Epoch ms of time 0. */
  originMs: number
  workers: Array<{
    worker: string
    /** Seconds from the origin. */
    t: number[]
    rssMiB: number[]
    heapMiB: number[]
    cpuPercent: number[]
    /** Event-loop utilisation, %. */
    eluPercent: number[]
    delayMs: number[]
    /** Test files: start and end in seconds, and the path. */
    files: Array<[start: number, end: number, file: string]>
  }>
}

const MIB = 1024 * 1024
const round = (value: number, digits: number): number => Number(value.toFixed(digits))

/** The chart's series, one per worker. */
export function resourceChartData(timelines: readonly ResourceTimeline[]): ResourceChartData {
  const originMs = timelineOrigin(timelines)
  const seconds = (atMs: number): number => round((atMs - originMs) / 1000, 3)
  return {
    originMs,
    workers: timelines.map((t) => ({
      worker: t.worker,
      t: t.samples.map((s) => seconds(s.atMs)),
      rssMiB: t.samples.map((s) => round(s.rssBytes / MIB, 1)),
      heapMiB: t.samples.map((s) => round(s.heapUsedBytes / MIB, 1)),
      cpuPercent: t.samples.map((s) => round(s.cpuPercent, 1)),
      eluPercent: t.samples.map((s) => round(s.eventLoopUtilization * 100, 1)),
      delayMs: t.samples.map((s) => round(s.eventLoopDelayMaxMs, 1)),
      files: t.marks.map((m, i) => {
        const end = m.endAtMs ?? t.marks[i + 1]?.atMs ?? t.samples[t.samples.length - 1]?.atMs ?? m.atMs
        return [seconds(m.atMs), seconds(Math.max(m.atMs, end)), m.label]
      }),
    })),
  }
}

/** The sampler's own cost over the run: time spent reading / time sampled, % (0 when nothing was sampled). */
export function samplingCostPercent(timelines: readonly ResourceTimeline[]): number {
  const spent = timelines.reduce((sum, t) => sum + t.samplingMs, 0)
  const sampled = timelines.reduce((sum, t) => sum + t.elapsedMs, 0)
  return sampled > 0 ? (spent / sampled) * 100 : 0
}
