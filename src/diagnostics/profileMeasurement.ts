/**
 * The `profile` option of `measure()` and the timing matchers: after the timed samples and the verdict, replay the
 * subject under the CPU profiler when the mode asks for it. Nothing runs on a passing measurement under the default
 * `'on-failure'`, so a passing run costs nothing.
 */
import type { Subject } from '../measure/subject.js'
import type { ProfileMode, ProfileSummary } from '../model/diagnostics.js'
import type { MeasureResult } from '../model/types.js'
import { diagnosticsConfig, shouldProfile } from './diagnosticsConfig.js'
import { profileNameParts } from './profileMessage.js'
import { profileSubject } from './profileReplay.js'

/** What the measurement knows when it decides. */
export interface ProfileDecision {
  fn: Subject
  result: MeasureResult
  /** The call's `profile` option, if any. */
  mode: ProfileMode | undefined
  /** True when the assertion failed (a `measure()` never fails). */
  failed: boolean
  /** The matcher's `this` (for the test's name), or undefined. */
  context: unknown
  name: string
  /** Per-operation hooks make a bare replay meaningless: such measurements are not profiled. */
  hasHooks: boolean
}

/**
 * A profile summary, a promise of one (async subjects), or undefined when none is wanted. A replay that throws
 * becomes a note: the profile is an aid, and the assertion's own verdict must stand.
 */
export function profileMeasurement(d: ProfileDecision): ProfileSummary | Promise<ProfileSummary> | undefined {
  if (d.hasHooks || !shouldProfile(d.mode ?? diagnosticsConfig().profile, d.failed)) return undefined
  const failedReplay = (error: unknown): ProfileSummary => ({
    notes: [`no CPU profile: the replay threw (${error instanceof Error ? error.message : String(error)})`],
    operations: 0,
    durationMs: 0,
    samples: 0,
    requestedIntervalUs: 0,
    effectiveIntervalUs: 0,
    top: [],
  })
  try {
    const summary = profileSubject({
      fn: d.fn,
      kind: d.result.subject,
      operationMs: d.result.medianMs,
      nameParts: profileNameParts(d.context, d.name),
    })
    return summary instanceof Promise ? summary.catch(failedReplay) : summary
  } catch (error) {
    return failedReplay(error)
  }
}
