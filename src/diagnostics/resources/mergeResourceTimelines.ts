import { isAbsolute, relative } from 'node:path'
import * as v from 'valibot'
import type { ResourceMark, ResourceTimeline } from '../../model/resourceTimeline.js'
import { thinSamples } from './thinSamples.js'

/** Most readings a worker's merged timeline keeps: 10 minutes at the default 250 ms, ~100 KB of JSON. */
export const MAX_TIMELINE_SAMPLES = 2400

const finite = v.pipe(v.number(), v.finite())
/** One file's (or one worker's) readings as a worker sends them (Vitest file meta, Jest sidecar): checked once here. */
const chunkSchema = v.object({
  worker: v.string(),
  intervalMs: finite,
  samples: v.array(
    v.object({
      atMs: finite,
      cpuPercent: finite,
      rssBytes: finite,
      heapUsedBytes: finite,
      eventLoopUtilization: finite,
      eventLoopDelayMaxMs: finite,
    }),
  ),
  marks: v.array(v.object({ atMs: finite, label: v.string(), endAtMs: v.optional(finite) })),
  cpuScope: v.optional(v.literal('thread')),
  samplingMs: finite,
  elapsedMs: finite,
})

export interface MergeResourceOptions {
  /** Project root: absolute test file paths in marks become relative to it. */
  rootDir: string
  /** @default MAX_TIMELINE_SAMPLES */
  maxSamples?: number
}

/** First moment a chunk covers. */
function startOf(chunk: ResourceTimeline): number {
  return Math.min(chunk.samples[0]?.atMs ?? Number.POSITIVE_INFINITY, chunk.marks[0]?.atMs ?? Number.POSITIVE_INFINITY)
}

/** Last moment a chunk covers. */
function endOf(chunk: ResourceTimeline): number {
  const lastMark = chunk.marks[chunk.marks.length - 1]
  return Math.max(chunk.samples[chunk.samples.length - 1]?.atMs ?? 0, lastMark?.endAtMs ?? lastMark?.atMs ?? 0)
}

function relativeLabel(label: string, rootDir: string): string {
  return isAbsolute(label) ? relative(rootDir, label).split('\\').join('/') : label
}

/**
 * Joins the chunks that workers sent (one per test file run, in any order) into one timeline per worker, in time
 * order (pure). Chunks that are not readings are skipped. A worker label seen on two overlapping chunks belongs to
 * two runs (shards merged with `--merge-reports`): the later one gets a lane of its own, `worker 1 (2)`.
 */
export function mergeResourceTimelines(chunks: readonly unknown[], options: MergeResourceOptions): ResourceTimeline[] {
  const maxSamples = options.maxSamples ?? MAX_TIMELINE_SAMPLES
  const valid = chunks
    .filter((chunk): chunk is ResourceTimeline => v.is(chunkSchema, chunk))
    .filter((chunk) => chunk.samples.length > 0 || chunk.marks.length > 0)
    .sort((a, b) => startOf(a) - startOf(b))
  const lanes = new Map<string, ResourceTimeline[][]>()
  for (const chunk of valid) {
    const workerLanes = lanes.get(chunk.worker) ?? []
    lanes.set(chunk.worker, workerLanes)
    const lane = workerLanes.find((l) => {
      const last = l[l.length - 1]
      return last !== undefined && endOf(last) <= startOf(chunk)
    })
    if (lane) lane.push(chunk)
    else workerLanes.push([chunk])
  }
  const timelines: ResourceTimeline[] = []
  for (const [worker, workerLanes] of lanes) {
    workerLanes.forEach((lane, i) => {
      timelines.push(joinLane(i === 0 ? worker : `${worker} (${i + 1})`, lane, options.rootDir, maxSamples))
    })
  }
  return timelines.sort((a, b) => naturalCompare(a.worker, b.worker))
}

/**
 * `worker 2` before `worker 10`: runs of digits compare as numbers, everything else by UTF-16 code unit. Not
 * `localeCompare(…, { numeric: true })`, whose first call in a process builds an ICU collator: 10–26 ms of the run end.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      const startA = i
      const startB = j
      while (i < a.length && isDigit(a.charCodeAt(i))) i++
      while (j < b.length && isDigit(b.charCodeAt(j))) j++
      // Leading zeros do not make a number larger; then the longer run of digits is the larger number.
      const digitsA = a.slice(startA, i).replace(/^0+(?=\d)/, '')
      const digitsB = b.slice(startB, j).replace(/^0+(?=\d)/, '')
      if (digitsA.length !== digitsB.length) return digitsA.length - digitsB.length
      if (digitsA !== digitsB) return digitsA < digitsB ? -1 : 1
      continue
    }
    const difference = a.charCodeAt(i) - b.charCodeAt(j)
    if (difference !== 0) return difference
    i++
    j++
  }
  const rest = a.length - i - (b.length - j)
  // Equal but for leading zeros ("worker 02", "worker 2"): still a strict order, so sorting stays deterministic.
  return rest !== 0 || a === b ? rest : a < b ? -1 : 1
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

function joinLane(worker: string, lane: readonly ResourceTimeline[], rootDir: string, maxSamples: number): ResourceTimeline {
  let samples = lane.flatMap((chunk) => chunk.samples)
  let intervalMs = Math.max(...lane.map((chunk) => chunk.intervalMs))
  while (samples.length > maxSamples) {
    samples = thinSamples(samples)
    intervalMs *= 2
  }
  const marks: ResourceMark[] = lane.flatMap((chunk) => chunk.marks.map((mark) => ({ ...mark, label: relativeLabel(mark.label, rootDir) })))
  const timeline: ResourceTimeline = {
    worker,
    intervalMs,
    samples,
    marks,
    samplingMs: lane.reduce((sum, chunk) => sum + chunk.samplingMs, 0),
    elapsedMs: lane.reduce((sum, chunk) => sum + chunk.elapsedMs, 0),
  }
  // One scope per lane: a worker's files all read the same way, and a lane that mixed them would say the process's.
  if (lane.every((chunk) => chunk.cpuScope === 'thread')) timeline.cpuScope = 'thread'
  return timeline
}
