/**
 * CPU profile of a measured function, taken in a replay after its timed samples: the timings never run under the
 * profiler (so they agree with profiling on and off), and the profile covers the subject alone, not the worker's
 * idle time and runner code (a whole-worker `--cpu-prof` of a test run is mostly both).
 */
import type { Clock } from '../measure/clock.js'
import { realClock } from '../measure/clock.js'
import type { Subject } from '../measure/subject.js'
import type { ProfileSummary } from '../model/diagnostics.js'
import type { SubjectKind } from '../model/types.js'
import type { CpuProfile, RunningProfile, StartProfile } from './cpuProfile.js'
import { functionLocation, startCpuProfile } from './cpuProfile.js'
import { diagnosticsConfig } from './diagnosticsConfig.js'
import { profileFileName, writeCpuProfile } from './profileFile.js'
import { readProfile } from './profileSummary.js'
import { scriptSourceMapper } from './sourceLocations.js'

/** Name of the replay loop's frame in profiles: its callees are the subject (profileSummary.ts). */
export const REPLAY_MARKER = 'perfSentinelReplay'
/** The replay loop's "file" in profiles. */
export const REPLAY_SOURCE_URL = 'perf-sentinel:replay-loop'
/** A profiler interval more than this far from the requested one is worth a note (V8 under load drifts). */
const INTERVAL_TOLERANCE = 0.1

type ReplayLoop = (fn: Subject, batch: number, deadlineMs: number, now: Clock, sink: { value: unknown }) => number | Promise<number>

const BODIES: Record<SubjectKind, string> = {
  sync: 'sink.value = fn()',
  async: 'sink.value = await fn()',
  generator: 'for (const v of fn()) sink.value = v',
  'async-generator': 'for await (const v of fn()) sink.value = v',
}

/** The replay loop, compiled with a known name so the profile shows where the subject starts. */
function compileReplay(kind: SubjectKind): ReplayLoop {
  const isAsync = kind === 'async' || kind === 'async-generator'
  const source =
    `return ${isAsync ? 'async ' : ''}function ${REPLAY_MARKER}(fn, batch, deadlineMs, now, sink) {` +
    ` let ops = 0; do { for (let i = 0; i < batch; i++) { ${BODIES[kind]} } ops += batch } while (now() < deadlineMs); return ops }` +
    // Named as perf-sentinel's in the profile's top functions (its own time is calling and awaiting the subject),
    // instead of an anonymous "native" frame a reader takes for the runtime.
    `\n//# sourceURL=${REPLAY_SOURCE_URL}`
  return new Function(source)() as ReplayLoop
}

/** What to profile and how the result is named and written. */
export interface ProfileRequest {
  fn: Subject
  kind: SubjectKind
  /** Typical time of one operation, in ms: sets how many operations run between clock checks. */
  operationMs: number
  /** Identity of the measurement (test file, test name, measurement name): the file name. */
  nameParts: readonly string[]
  rootDir?: string
  clock?: Clock
  startProfile?: StartProfile
  env?: NodeJS.ProcessEnv
}

/**
 * Replays the subject under the profiler for `profileReplayMs` (at least one operation), writes the `.cpuprofile`
 * and returns its summary. Sync subjects are profiled synchronously. A profiler that cannot start is a note in
 * the summary, never an error: a profile is an aid, not the assertion.
 */
export function profileSubject(request: ProfileRequest): ProfileSummary | Promise<ProfileSummary> {
  const config = diagnosticsConfig(request.env)
  const clock = request.clock ?? realClock
  const rootDir = request.rootDir ?? process.cwd()
  const loop = compileReplay(request.kind)
  // About 1 ms between clock checks: the loop's own frame stays a negligible share of the samples.
  const batch = Math.max(1, Math.min(1_000_000, Math.floor(1 / Math.max(request.operationMs, 1e-6))))
  let running: RunningProfile
  try {
    running = (request.startProfile ?? startCpuProfile)(config.profileIntervalUs)
  } catch (error) {
    return unavailable(error)
  }
  const sink = { value: undefined as unknown }
  const finish = (operations: number): ProfileSummary => summarize(running.stop(), operations, request, rootDir, config)
  const fail = (error: unknown): never => {
    running.stop()
    throw error
  }
  let operations: number | Promise<number>
  try {
    operations = loop(request.fn, batch, clock() + config.profileReplayMs, clock, sink)
  } catch (error) {
    return fail(error)
  }
  return typeof operations === 'number' ? finish(operations) : operations.then(finish, fail)
}

function unavailable(error: unknown): ProfileSummary {
  const reason = error instanceof Error ? error.message : String(error)
  return {
    notes: [`no CPU profile: ${reason}`],
    operations: 0,
    durationMs: 0,
    samples: 0,
    requestedIntervalUs: 0,
    effectiveIntervalUs: 0,
    top: [],
  }
}

function summarize(
  profile: CpuProfile,
  operations: number,
  request: ProfileRequest,
  rootDir: string,
  config: ReturnType<typeof diagnosticsConfig>,
): ProfileSummary {
  // Located with the real inspector only: an injected profiler (tests) has no session to ask.
  const location = request.startProfile === undefined ? functionLocation(request.fn) : undefined
  const reading = readProfile(
    profile,
    rootDir,
    { location, marker: REPLAY_MARKER },
    request.startProfile === undefined ? scriptSourceMapper() : undefined,
  )
  const written = writeCpuProfile(profile, { rootDir, dir: config.profileDir, fileName: profileFileName(request.nameParts) })
  const notes = [...written.notes]
  const drift = Math.abs(reading.effectiveIntervalUs - config.profileIntervalUs) / config.profileIntervalUs
  if (reading.samples > 10 && drift > INTERVAL_TOLERANCE) {
    notes.push(
      `sampling interval ${reading.effectiveIntervalUs.toFixed(0)} µs instead of ${config.profileIntervalUs} µs (busy machine): percentages hold, absolute times are approximate`,
    )
  }
  return {
    ...(written.path === undefined ? {} : { path: written.path }),
    notes,
    operations,
    durationMs: reading.durationMs,
    samples: reading.samples,
    requestedIntervalUs: config.profileIntervalUs,
    effectiveIntervalUs: reading.effectiveIntervalUs,
    ...(reading.subjectSharePercent === undefined ? {} : { subjectSharePercent: reading.subjectSharePercent }),
    top: reading.top,
  }
}
