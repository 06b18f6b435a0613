import { formatMs } from '../format.js'
import type { ProfileSettings } from './httpMonitorOptions.js'
import { pathOf, routeMatcher } from './normalizePath.js'
import type { RequestSummary, SlowRequest } from './requestSummary.js'
import type { RequestTiming } from './requestTiming.js'
import { sliceProfile, toProfileClock } from './sliceProfile.js'
import type { SlowProfiler } from './slowProfiler.js'
import { createSlowProfiler } from './slowProfiler.js'

/** Slow endpoints waiting for a profile at once; more are alerted without one (keeps `begin()` cheap). */
const MAX_WAITING = 10

/** What a slow request's alert says about its profile, and the profile when there is one. */
export type ProfileOutcome = { json: string; note: string } | { note: string } | undefined

/**
 * "Profile the next request of an endpoint that was slow". A slow request's alert is held; the profiler is started
 * right away but off the request path (`setImmediate`), so its start-up block (~15 ms, more in big apps) lands on no
 * measured request; the next request of the same endpoint (method, path matching its route template) that begins
 * while it records is cut out of the recording, and the alert goes out with that slice — or after `waitMs` without
 * one. Only alerts that de-duplication lets through get here (about once per endpoint per window), and at most
 * `maxPerHour` profiles start per hour. Profiled requests raise no alert of their own: the profiler slows them.
 */
export interface ProfileScheduler {
  /** True while the profiler records for a waiting alert: `begin()` then checks requests against waiting endpoints. */
  readonly recording: boolean
  readonly taken: number
  onSlow(key: string, slow: SlowRequest): void
  maybeClaim(timing: RequestTiming): void
  finish(timing: RequestTiming, summary: RequestSummary, endMs: number): void
  close(): void
}

interface Waiting {
  slow: SlowRequest
  matcher: RegExp
  timer: NodeJS.Timeout
  /** The request being profiled for this alert, from its start (performance.now ms). */
  claimedAtMs: number | undefined
}

export function createProfileScheduler(
  settings: ProfileSettings,
  send: (slow: SlowRequest, profile: ProfileOutcome) => void,
  fault: (error: unknown) => void,
): ProfileScheduler {
  const waiting = new Map<string, Waiting>()
  let profiler: SlowProfiler | undefined
  let starting = false
  let taken = 0
  const seconds = `${Math.round(settings.waitMs / 1000)} s`

  const settle = (key: string, outcome: ProfileOutcome): void => {
    const entry = waiting.get(key)
    if (entry === undefined) return
    waiting.delete(key)
    clearTimeout(entry.timer)
    try {
      send(entry.slow, outcome)
    } catch (error) {
      fault(error)
    }
  }
  /** Stops the recording and cuts `[fromMs, toMs]` out of it; restarts it when other alerts still wait. */
  const cut = (fromMs: number, toMs: number, note: string): ProfileOutcome => {
    const stopped = profiler?.stop()
    ensureRecording()
    if (stopped === undefined) return { note: 'not taken: the profiler returned no profile' }
    const { profile, stoppedAtMs } = stopped
    const slice = sliceProfile(profile, toProfileClock(profile, stoppedAtMs, fromMs), toProfileClock(profile, stoppedAtMs, toMs))
    taken++
    return { json: JSON.stringify(slice), note }
  }
  const ensureRecording = (): void => {
    if (starting || waiting.size === 0 || profiler?.running) return
    starting = true
    setImmediate(() => {
      starting = false
      if (waiting.size === 0 || profiler?.running) return
      profiler ??= createSlowProfiler(settings.maxPerHour, settings.samplingIntervalUs)
      if (profiler.start(performance.now())) return
      const reason = `not taken: ${profiler.lastRefusal ?? 'the profiler did not start'}`
      for (const key of [...waiting.keys()]) settle(key, { note: reason })
    }).unref()
  }

  return {
    get recording() {
      return profiler?.running === true && waiting.size > 0
    },
    get taken() {
      return taken
    },
    onSlow(key, slow) {
      const { method, route } = slow.summary
      if (!settings.enabled || settings.maxPerHour === 0) return send(slow, undefined)
      if (waiting.has(key)) return
      // No template to recognise the next request by (404s, overflow): alert now.
      if (route.startsWith('(') || route === '__other__') return send(slow, { note: 'not taken: the request matched no route' })
      if (waiting.size >= MAX_WAITING)
        return send(slow, { note: `not taken: ${MAX_WAITING} other slow endpoints were waiting for a profile` })
      const timer = setTimeout(() => {
        const entry = waiting.get(key)
        if (entry?.claimedAtMs !== undefined)
          settle(key, cut(entry.claimedAtMs, performance.now(), `of the next ${method} ${route} request, still running after ${seconds}`))
        else settle(key, { note: `not taken: no further ${method} ${route} request within ${seconds}` })
        if (waiting.size === 0) profiler?.stop()
      }, settings.waitMs)
      timer.unref()
      waiting.set(key, { slow, matcher: routeMatcher(route), timer, claimedAtMs: undefined })
      ensureRecording()
    },
    maybeClaim(timing) {
      const path = pathOf(timing.url)
      for (const [key, entry] of waiting) {
        // One profiled request at a time: ending it stops the recording the others would share.
        if (entry.claimedAtMs !== undefined) return
        if (entry.slow.summary.method !== timing.method || !entry.matcher.test(path)) continue
        entry.claimedAtMs = timing.startMs
        timing.profileKey = key
        return
      }
    },
    finish(timing, summary, endMs) {
      const key = timing.profileKey as string
      const entry = waiting.get(key)
      if (entry?.claimedAtMs !== timing.startMs) return
      settle(
        key,
        cut(
          timing.startMs,
          endMs,
          `of the next request of this endpoint: ${summary.url}, ${formatMs(summary.durationMs)}, status ${summary.status}`,
        ),
      )
      if (waiting.size === 0) profiler?.stop()
    },
    close() {
      for (const [key, entry] of [...waiting]) {
        settle(
          key,
          entry.claimedAtMs !== undefined
            ? cut(entry.claimedAtMs, performance.now(), 'of a request still running when the monitor closed')
            : { note: 'not taken: the monitor closed first' },
        )
      }
      profiler?.close()
    },
  }
}
