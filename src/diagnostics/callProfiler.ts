/**
 * The `profile` option of `perfTiming`. A call cannot be replayed (its arguments and side effects belong to the
 * caller), so the profile is of a live call: `'always'` profiles the first call, `'on-failure'` the call after the
 * first one over `thresholdMs`. One profile per name until `resetStats()`, so a hot path is never profiled in a loop.
 * The profiler starts before the call's clock starts: its ~20 ms start cost is not in the call's time (its sampling
 * cost, a few percent, is). Concurrent calls of other code during an async call also appear in the profile.
 */
import type { ProfileMode, ProfileSummary } from '../model/diagnostics.js'
import type { CallEntry } from './callStats.js'
import type { RunningProfile } from './cpuProfile.js'
import { functionLocation, startCpuProfile } from './cpuProfile.js'
import { diagnosticsConfig } from './diagnosticsConfig.js'
import { profileFileName, writeCpuProfile } from './profileFile.js'
import { readProfile } from './profileSummary.js'
import { scriptSourceMapper } from './sourceLocations.js'
import type { TimedTarget } from './timedCall.js'
import { finishCall, followPromise, isThenable } from './timedCall.js'

/** Profiles one live call of an instrumented function when armed. */
export class CallProfiler {
  armed: boolean
  /** A profiled call is running: the calls it makes (or its own threshold) must not arm another one. */
  private busy = false
  private readonly fn: (...args: never[]) => unknown
  private readonly entry: CallEntry
  private readonly rootDir: string

  constructor(mode: Exclude<ProfileMode, 'off'>, fn: (...args: never[]) => unknown, entry: CallEntry, rootDir: string = process.cwd()) {
    this.fn = fn
    this.entry = entry
    this.rootDir = rootDir
    this.armed = mode === 'always' && entry.profile === undefined
  }

  /** A call went over the threshold: profile the next one, unless this name already has a profile. */
  arm(): void {
    if (!this.busy && this.entry.profile === undefined) this.armed = true
  }

  /**
   * Runs one call under the profiler and times it like the wrapper does; same result, same errors. The call is made
   * from here, not through the long-lived wrapper: V8 may have inlined the function into the optimized wrapper before
   * the profiler started, and such code carries no inlining positions, so the profile would show the wrapper.
   */
  run(target: TimedTarget, self: unknown, args: ArrayLike<unknown>): unknown {
    this.armed = false
    this.busy = true
    let running: RunningProfile | undefined
    try {
      running = startCpuProfile(diagnosticsConfig().profileIntervalUs)
    } catch (error) {
      this.entry.profile = unavailable(error)
    }
    const stop = (): void => {
      this.busy = false
      if (running) this.finish(running)
    }
    const startMs = target.clock()
    let result: unknown
    try {
      result = Reflect.apply(this.fn, self, args)
    } catch (error) {
      finishCall(target, 'sync_function', target.clock() - startMs, startMs, { error: true })
      stop()
      throw error
    }
    const elapsedMs = target.clock() - startMs
    if (!isThenable(result)) {
      finishCall(target, 'sync_function', elapsedMs, startMs, {})
      stop()
      return result
    }
    if (this.entry.type === 'sync_function') this.entry.type = 'async_function'
    return followPromise(target, result, startMs, elapsedMs).then(
      (value) => {
        stop()
        return value
      },
      (error: unknown) => {
        stop()
        throw error
      },
    )
  }

  private finish(running: RunningProfile): void {
    const profile = running.stop()
    const config = diagnosticsConfig()
    const reading = readProfile(profile, this.rootDir, { location: functionLocation(this.fn) }, scriptSourceMapper())
    const written = writeCpuProfile(profile, {
      rootDir: this.rootDir,
      dir: config.profileDir,
      fileName: profileFileName(['perfTiming', this.entry.name]),
    })
    const summary: ProfileSummary = {
      ...(written.path === undefined ? {} : { path: written.path }),
      notes: ['a live call (perfTiming cannot replay a call): other code running meanwhile is in the profile too', ...written.notes],
      operations: 1,
      durationMs: reading.durationMs,
      samples: reading.samples,
      requestedIntervalUs: config.profileIntervalUs,
      effectiveIntervalUs: reading.effectiveIntervalUs,
      ...(reading.subjectSharePercent === undefined ? {} : { subjectSharePercent: reading.subjectSharePercent }),
      top: reading.top,
    }
    this.entry.profile = summary
  }
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
