/**
 * Event-loop blocking of one function, for `toBlockEventLoop`: runs it under a detailed loop watch (loopSlices.ts:
 * a 1 ms ticker and the loop's active time, only while the function runs), and when a slice reaches the threshold,
 * finds where it was spent by replaying the function once under the CPU profiler and reading the samples taken
 * during the replay's longest slice.
 */
import { availableParallelism, loadavg } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Clock } from '../measure/clock.js'
import { realClock } from '../measure/clock.js'
import type { Subject } from '../measure/subject.js'
import { finishProbeAsync, probeSubject } from '../measure/subject.js'
import type { CodeLocation } from '../model/diagnostics.js'
import type { SubjectKind } from '../model/types.js'
import type { CpuProfile, RunningProfile, StartProfile } from './cpuProfile.js'
import { startCpuProfile } from './cpuProfile.js'
import { diagnosticsConfig } from './diagnosticsConfig.js'
import type { SliceReport } from './loopSlices.js'
import { LoopSliceWatcher } from './loopSlices.js'
import { hottestUserFrame } from './profileSummary.js'
import { scriptSourceMapper } from './sourceLocations.js'

/** What the detector measured over all runs. */
export interface BlockingDetection {
  kind: SubjectKind
  /** Wall time of each run, in ms. */
  elapsedMs: number[]
  longestMs: number
  /** Every slice ≥ the floor, over all runs. */
  slices: number[]
  floorMs: number
}

/** Runs the subject once, awaiting or draining what it returns; the kind tells the replay how to call it. */
async function runOnce(fn: Subject): Promise<SubjectKind> {
  const probe = probeSubject(fn)
  await finishProbeAsync(probe)
  return probe.kind
}

/** A quiet stretch this long (no slice over the floor) is taken as a settled loop. */
const QUIET_MS = 20
/** …waiting at most this long for one. */
const SETTLE_MAX_MS = 1_000

/**
 * Waits until the loop has been quiet for `QUIET_MS` (at most `SETTLE_MAX_MS`): work left over from before the matcher
 * (the engine loading on first use, the garbage collection after it, a previous test's timers) would otherwise be
 * blamed on the function. Returns how long it waited.
 */
export async function settleLoop(watcher: LoopSliceWatcher, clock: Clock = realClock): Promise<number> {
  const startMs = clock()
  while (clock() - startMs < SETTLE_MAX_MS) {
    const watch = watcher.begin()
    await sleep(QUIET_MS)
    if (watcher.endLongestMs(watch) < watcher.floorMs) break
  }
  return clock() - startMs
}

/** Runs `fn` `runs` times under the watch; a throw or rejection propagates (nothing is judged on a failed call). */
export async function detectBlocking(
  fn: Subject,
  runs: number,
  options: { watcher?: LoopSliceWatcher; clock?: Clock } = {},
): Promise<BlockingDetection> {
  const watcher = options.watcher ?? new LoopSliceWatcher()
  const clock = options.clock ?? realClock
  await settleLoop(watcher, clock)
  const elapsedMs: number[] = []
  const slices: number[] = []
  let longestMs = 0
  let kind: SubjectKind = 'sync'
  for (let run = 0; run < runs; run++) {
    const watch = watcher.begin(true)
    const startMs = clock()
    try {
      kind = await runOnce(fn)
    } finally {
      const report = watcher.end(watch)
      elapsedMs.push(clock() - startMs)
      longestMs = Math.max(longestMs, report.longest.ms)
      for (const slice of report.slices) slices.push(slice.ms)
    }
  }
  return { kind, elapsedMs, longestMs, slices, floorMs: watcher.floorMs }
}

// Taken at module load: Jest's fake timers replace process.hrtime.bigint on the live object.
const hrtimeBigint = process.hrtime.bigint.bind(process.hrtime)

/** The offset from the real clock (performance.now ms) to the profiler's clock (monotonic µs). */
function clockToProfileUs(ms: number): number {
  const offsetUs = Number(hrtimeBigint() / 1000n) - realClock() * 1000
  return ms * 1000 + offsetUs
}

/** The attribution replay: its profile and, when a slice was found in it, the user function running during it. */
export interface BlockingAttribution {
  profile: CpuProfile | undefined
  where: CodeLocation | undefined
  /** Why there is no `where`. */
  note?: string
}

/**
 * Replays `fn` once under the CPU profiler and a detailed watch, and names the user function that was running for
 * most of the replay's slices over `thresholdMs`. The replay is separate from the judged runs, so profiling never inflates them.
 */
export async function attributeBlocking(
  fn: Subject,
  thresholdMs: number,
  options: { startProfile?: StartProfile; rootDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<BlockingAttribution> {
  // A second replay when the first found nothing: a replay can miss (a preempted worker, a slice between samples).
  let attribution = await attributeOnce(fn, thresholdMs, options)
  for (let attempt = 1; attempt < ATTRIBUTION_ATTEMPTS && attribution.where === undefined && attribution.profile !== undefined; attempt++) {
    attribution = await attributeOnce(fn, thresholdMs, options)
  }
  return attribution
}

/** Replays to find "where" at most this many times. */
const ATTRIBUTION_ATTEMPTS = 2

async function attributeOnce(
  fn: Subject,
  thresholdMs: number,
  options: { startProfile?: StartProfile; rootDir?: string; env?: NodeJS.ProcessEnv },
): Promise<BlockingAttribution> {
  const watcher = new LoopSliceWatcher()
  await settleLoop(watcher)
  let running: RunningProfile
  try {
    running = (options.startProfile ?? startCpuProfile)(diagnosticsConfig(options.env).profileIntervalUs)
  } catch (error) {
    return { profile: undefined, where: undefined, note: `no attribution: ${error instanceof Error ? error.message : String(error)}` }
  }
  const watch = watcher.begin(true)
  let report: SliceReport
  let profile: CpuProfile
  try {
    await runOnce(fn)
  } finally {
    report = watcher.end(watch)
    profile = running.stop()
  }
  // The slices over the threshold (else every slice over the floor, else the longest): a GC pause or a preempted
  // worker can be the longest slice of the replay, but its samples hold no user frame, so the blocking code still wins.
  const overThreshold = report.slices.filter((slice) => slice.ms > thresholdMs)
  const chosen = overThreshold.length > 0 ? overThreshold : report.slices.length > 0 ? report.slices : [report.longest]
  // Mapped onto the profiler's clock at the end of the replay: both clocks are monotonic, so the offset holds.
  const windows = chosen.map((slice) => [clockToProfileUs(slice.startMs), clockToProfileUs(slice.endMs)] as const)
  const mapper = options.startProfile === undefined ? scriptSourceMapper() : undefined
  const where = hottestUserFrame(profile, windows, options.rootDir ?? process.cwd(), mapper)
  return where ? { profile, where } : { profile, where, note: 'the replay did not block, or no sample of it fell in user code' }
}

/**
 * A remark for failure messages when the machine is overloaded (1-minute load above the core count): slices are
 * wall time, so a worker preempted by the OS in the middle of one looks blocked for longer.
 */
export function machineLoadNote(load: number = loadavg()[0] ?? 0, cores: number = availableParallelism()): string | undefined {
  if (load <= cores) return undefined
  return `machine load average ${load.toFixed(1)} on ${cores} cores: the OS preempting this worker inside a slice stretches it`
}
