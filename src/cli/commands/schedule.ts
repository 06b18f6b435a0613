import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { CliCommand, CliContext } from '../command.js'
import { integerFlag, numberFlag, stringFlag } from '../flags.js'
import { DEFAULT_TEST_COMMAND } from '../runTests.js'
import { cronFromFlags, cronTimes } from '../schedule/cronSpec.js'
import { runCommand } from '../schedule/runCommand.js'
import { createScheduler } from '../schedule/scheduler.js'
import type { JobOutcome } from '../schedule/scheduler.js'
import { loadScheduleState, saveScheduleState } from '../schedule/scheduleState.js'
import { auditHistory } from '../trend/auditHistory.js'
import type { ScheduleNotifier } from '../schedule/scheduleAlerts.js'
import { scheduleNotifier } from '../schedule/scheduleAlerts.js'

export type { ScheduleAlert, ScheduleNotifier } from '../schedule/scheduleAlerts.js'

/** The edges of the command: `notify` replaces the configured alert notifiers, `signals` is what stops it. */
export interface ScheduleHooks {
  notify?: ScheduleNotifier
  signals?: Pick<NodeJS.Process, 'once' | 'off'>
}

/** Defaults: an hour per run is far more than a test suite should take, and ends a hung one the same day. */
export const DEFAULT_TIMEOUT_MINUTES = 60
export const DEFAULT_LOG = '.perf-sentinel/schedule.log'
export const DEFAULT_STATE = '.perf-sentinel/schedule-state.json'

/**
 * Builds the command with its edges: `notify` for alerts (default: the notifiers of the configuration and the
 * PERF_SENTINEL_* alert variables), `signals` to stop on (tests pass a fake emitter).
 */
export function createScheduleCommand(hooks: ScheduleHooks = {}): CliCommand {
  return {
    summary: 'run a command periodically (cron, --every, --daily, --weekly), audit the history after each run, log JSON lines',
    flags: {
      cron: {
        type: 'string',
        valueHint: '<pattern>',
        description: 'cron pattern: five fields (minute hour day month weekday), e.g. "0 2 * * *", or six with seconds first',
      },
      every: { type: 'string', valueHint: '<minutes>', description: 'every n minutes' },
      daily: { type: 'string', valueHint: '<HH:MM>', description: 'daily at a time' },
      weekly: { type: 'string', valueHint: '<day@HH:MM>', description: 'weekly, e.g. mon@02:00' },
      timezone: {
        type: 'string',
        valueHint: '<iana>',
        description: 'time zone of the schedule, e.g. Europe/Berlin (default: the machine’s)',
      },
      timeout: { type: 'string', valueHint: '<minutes>', description: `stop a run after this long (default ${DEFAULT_TIMEOUT_MINUTES})` },
      threshold: {
        type: 'string',
        valueHint: '<percent>',
        description: 'audit threshold after each run (default: the configured thresholds)',
      },
      log: { type: 'string', valueHint: '<file>', description: `JSON-lines log (default ${DEFAULT_LOG})` },
      state: {
        type: 'string',
        valueHint: '<file>',
        description: `last run, so a restart neither repeats nor skips one (default ${DEFAULT_STATE})`,
      },
      json: { type: 'boolean', description: 'print each log entry as a JSON line on stdout too' },
    },
    rest: 'the command to run (default: npm test)',
    details: [
      'Never overlaps runs: a slot that comes during a run is skipped (logged). SIGINT/SIGTERM stop the schedule and the',
      'running command (its whole process group). A slot missed while stopped runs once at start.',
      'Findings go to the alert notifiers of the config file (alerts) and of PERF_SENTINEL_WEBHOOK_URL / PERF_SENTINEL_ALERT_DIR,',
      'once per change point within the de-duplication window.',
    ],
    run: (context) => runSchedule(context, hooks),
  }
}

/** `perf-sentinel schedule`. */
export const schedule: CliCommand = createScheduleCommand()

async function runSchedule({ values, rest, cwd, env, out, err }: CliContext, hooks: ScheduleHooks): Promise<number> {
  const timezone = stringFlag(values.timezone)
  const every = integerFlag(values.every, 'every')
  const pattern = cronFromFlags({
    ...(stringFlag(values.cron) === undefined ? {} : { cron: stringFlag(values.cron) }),
    ...(every === undefined ? {} : { every }),
    ...(stringFlag(values.daily) === undefined ? {} : { daily: stringFlag(values.daily) }),
    ...(stringFlag(values.weekly) === undefined ? {} : { weekly: stringFlag(values.weekly) }),
    ...(timezone === undefined ? {} : { timezone }),
  })
  const timeoutMs = (numberFlag(values.timeout, 'timeout', 0.01) ?? DEFAULT_TIMEOUT_MINUTES) * 60_000
  const thresholdPercent = numberFlag(values.threshold, 'threshold')
  const logPath = resolve(cwd, stringFlag(values.log) ?? DEFAULT_LOG)
  const statePath = resolve(cwd, stringFlag(values.state) ?? DEFAULT_STATE)
  const command = rest.length > 0 ? rest : [...DEFAULT_TEST_COMMAND]
  // Before the first run: a bad configuration or notifier stops the schedule now (exit 2), not after an hour.
  const notify = hooks.notify ?? (await scheduleNotifier(cwd, env))
  mkdirSync(dirname(logPath), { recursive: true })
  const log = (entry: Record<string, unknown>): void => {
    const line = JSON.stringify(entry)
    appendFileSync(logPath, `${line}\n`)
    if (values.json === true) out(line)
    else out(describeEntry(entry))
  }
  const times = cronTimes(pattern, timezone)
  const runJob = async (slot: Date, signal: AbortSignal): Promise<JobOutcome> => {
    const result = await runCommand(command, { cwd, env, timeoutMs, signal })
    if (result.aborted || result.error !== undefined)
      return { exitCode: result.exitCode, timedOut: result.timedOut, findings: [], ...(result.error ? { error: result.error } : {}) }
    try {
      const audit = await auditHistory(cwd, env, thresholdPercent === undefined ? {} : { thresholdPercent })
      if (audit.findings.length > 0 && notify) {
        await notify({ slot, exitCode: result.exitCode, timedOut: result.timedOut, findings: audit.findings, cwd }).then(
          (note) => {
            if (typeof note === 'string') log({ event: 'alerts', slot: slot.toISOString(), note })
          },
          (error: unknown) => {
            log({ event: 'notify-failed', slot: slot.toISOString(), error: error instanceof Error ? error.message : String(error) })
          },
        )
      }
      return { exitCode: result.exitCode, timedOut: result.timedOut, findings: audit.findings.map((f) => f.message) }
    } catch (error) {
      return {
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        findings: [],
        error: `audit failed: ${error instanceof Error ? error.message : String(error)}`,
      }
    }
  }
  const scheduler = createScheduler({
    cron: pattern,
    timezone,
    ...times,
    now: Date.now,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
    runJob,
    loadState: () => loadScheduleState(statePath, err),
    saveState: (state) => saveScheduleState(statePath, state),
    log,
  })
  const signals = hooks.signals ?? process
  return new Promise<number>((resolvePromise) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      signals.off('SIGINT', onSignal)
      signals.off('SIGTERM', onSignal)
      void scheduler.stop(signal).then(() => resolvePromise(0))
    }
    signals.once('SIGINT', onSignal)
    signals.once('SIGTERM', onSignal)
    scheduler.start().catch((error: unknown) => {
      err(`perf-sentinel schedule: ${error instanceof Error ? error.message : String(error)}`)
      void scheduler.stop('error').then(() => resolvePromise(2))
    })
  })
}

/** One log entry in words, for the terminal. */
function describeEntry(entry: Record<string, unknown>): string {
  switch (entry.event) {
    case 'start':
      return `schedule "${entry.cron}"${entry.timezone ? ` (${entry.timezone})` : ''}: next run ${entry.next ?? 'never'}`
    case 'run-start':
      return `run of ${entry.slot} started`
    case 'run-end': {
      const findings = entry.findings as string[]
      const how = entry.timedOut ? 'timed out' : entry.stopped ? 'stopped' : `exit code ${entry.exitCode}`
      const head = `run of ${entry.slot} ended after ${Math.round(Number(entry.durationMs) / 1000)} s: ${how}, ${findings.length} regression(s)${entry.error ? ` (${entry.error})` : ''}`
      return [head, ...findings.map((finding) => `  ${finding}`)].join('\n')
    }
    case 'skipped':
      return `skipped ${entry.slot}: ${entry.reason}`
    case 'alerts':
      return `alerts for the run of ${entry.slot}: ${entry.note}`
    case 'notify-failed':
      return `alerts for the run of ${entry.slot} failed: ${entry.error}`
    case 'catch-up':
      return `running the missed slot ${entry.slot} now (last run: ${entry.lastSlot})`
    case 'interrupted':
      return `the previous process stopped during the run of ${entry.slot}; it is not repeated`
    case 'stop':
      return `stopped (${entry.reason})`
    default:
      return JSON.stringify(entry)
  }
}
