/**
 * The scheduling loop of `perf-sentinel schedule`, with every edge injected (clock, timers, the job, the state
 * file, the log) so tests drive it through days and DST changes under fake time. Rules:
 * - one run at a time: a slot that comes while a run is still going is skipped and logged;
 * - the slot of each run is persisted when it starts, so a restart neither runs the same slot twice nor
 *   silently drops one: the latest slot at or before "now", if later than the last one run, runs once at start;
 * - several slots missed (the machine slept) run once, not as a burst.
 */

/** What the state file holds. */
export interface ScheduleState {
  schemaVersion: 1
  cron: string
  timezone: string | null
  /** The slot (scheduled time) of the last run started. */
  lastSlot: string
  lastStartedAt: string
  /** Absent while that run is going (or when the process died during it). */
  lastFinishedAt?: string
  lastExitCode?: number | null
}

/** How one run went. */
export interface JobOutcome {
  exitCode: number | null
  timedOut: boolean
  /** Audit findings after the run ("parse 1 KB: 15.3% slower since abc1234"). */
  findings: string[]
  /** A tool error (the command could not start, the audit failed). */
  error?: string
}

export interface SchedulerDeps {
  cron: string
  timezone: string | undefined
  nextAfter(after: Date): Date | undefined
  latestAtOrBefore(at: Date): Date | undefined
  now(): number
  setTimer(fn: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
  /** Runs the command (and the audit); `signal` aborts it on stop. Should not reject. */
  runJob(slot: Date, signal: AbortSignal): Promise<JobOutcome>
  loadState(): Promise<ScheduleState | undefined>
  saveState(state: ScheduleState): Promise<void>
  /** One JSON-lines log entry. */
  log(entry: Record<string, unknown>): void
}

export interface Scheduler {
  start(): Promise<void>
  /** Stops scheduling, aborts a running job and waits for it. */
  stop(reason: string): Promise<void>
  /** The run in progress, if any (tests await it). */
  current(): Promise<void> | undefined
}

/** setTimeout's longest delay (about 24.8 days): longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** Creates the loop; nothing happens before `start()`. */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  let timer: unknown
  let stopped = false
  let running: Promise<void> | undefined
  let controller: AbortController | undefined
  const iso = (ms: number): string => new Date(ms).toISOString()
  const base = { cron: deps.cron, timezone: deps.timezone ?? null }

  const runSlot = (slot: Date): void => {
    const startedAt = deps.now()
    controller = new AbortController()
    const signal = controller.signal
    running = (async () => {
      const started: ScheduleState = { schemaVersion: 1, ...base, lastSlot: slot.toISOString(), lastStartedAt: iso(startedAt) }
      await deps.saveState(started)
      deps.log({ event: 'run-start', slot: slot.toISOString(), start: iso(startedAt) })
      let outcome: JobOutcome
      try {
        outcome = await deps.runJob(slot, signal)
      } catch (error) {
        outcome = { exitCode: null, timedOut: false, findings: [], error: error instanceof Error ? error.message : String(error) }
      }
      const finishedAt = deps.now()
      await deps.saveState({ ...started, lastFinishedAt: iso(finishedAt), lastExitCode: outcome.exitCode })
      deps.log({
        event: 'run-end',
        slot: slot.toISOString(),
        start: iso(startedAt),
        end: iso(finishedAt),
        durationMs: finishedAt - startedAt,
        exitCode: outcome.exitCode,
        timedOut: outcome.timedOut,
        ...(signal.aborted ? { stopped: true } : {}),
        findings: outcome.findings,
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
      })
    })().finally(() => {
      running = undefined
    })
  }

  const arm = (after: number): void => {
    if (stopped) return
    const slot = deps.nextAfter(new Date(after))
    if (slot === undefined) {
      deps.log({ event: 'no-more-runs', after: iso(after) })
      return
    }
    const fire = (): void => {
      if (stopped) return
      const now = deps.now()
      // Clamped long waits, or a timer that fired early: wait on for the same slot.
      if (now < slot.getTime()) {
        timer = deps.setTimer(fire, Math.min(slot.getTime() - now, MAX_TIMER_MS))
        return
      }
      if (running) deps.log({ event: 'skipped', slot: slot.toISOString(), reason: 'the previous run is still going' })
      else runSlot(slot)
      // From the later of the slot and now: slots missed while the machine slept are not replayed one by one.
      arm(Math.max(slot.getTime(), now))
    }
    timer = deps.setTimer(fire, Math.min(Math.max(slot.getTime() - deps.now(), 0), MAX_TIMER_MS))
  }

  return {
    async start() {
      const now = deps.now()
      let state = await deps.loadState()
      if (state && (state.cron !== base.cron || state.timezone !== base.timezone)) {
        deps.log({ event: 'schedule-changed', previous: { cron: state.cron, timezone: state.timezone } })
        state = undefined
      }
      const latest = deps.latestAtOrBefore(new Date(now))
      deps.log({ event: 'start', ...base, time: iso(now), next: deps.nextAfter(new Date(now))?.toISOString() ?? null })
      if (state && state.lastFinishedAt === undefined) {
        deps.log({ event: 'interrupted', slot: state.lastSlot, note: 'the previous process stopped during this run; it is not repeated' })
      }
      if (state && latest && Date.parse(state.lastSlot) < latest.getTime()) {
        deps.log({ event: 'catch-up', slot: latest.toISOString(), lastSlot: state.lastSlot })
        runSlot(latest)
      }
      arm(now)
    },
    async stop(reason) {
      stopped = true
      if (timer !== undefined) deps.clearTimer(timer)
      const inFlight = running
      if (inFlight) {
        controller?.abort()
        await inFlight
      }
      deps.log({ event: 'stop', reason, time: iso(deps.now()) })
    },
    current: () => running,
  }
}
