/**
 * `schedule` → alert notifiers: after each run, the audit's findings go to the notifiers the configuration enables
 * (`alerts` in perf-sentinel.config.*, `PERF_SENTINEL_WEBHOOK_URL`, `PERF_SENTINEL_ALERT_DIR`…), de-duplicated
 * across runs and restarts by the alert manager's state (`.perf-sentinel/alerts`): a change point is alerted
 * once per window, again only when it gets worse by the configured factor.
 */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Alert, AlertField } from '../../alerts/alert.js'
import { alertKey } from '../../alerts/alertKey.js'
import type { AlertManagerIo } from '../../alerts/alertManager.js'
import { createAlertManager } from '../../alerts/alertManager.js'
import type { AlertOptions } from '../../alerts/alertOptions.js'
import { alertsFromEnv, mergeAlertOptions } from '../../alerts/alertsFromEnv.js'
import { loadConfig } from '../../config/loadConfig.js'
import { errorMessage, PerfSentinelError } from '../../errors.js'
import { formatMs, formatPercent } from '../../format.js'
import type { AuditFinding } from '../trend/historyAnalysis.js'

/** What a notifier is told after a run whose audit found regressions. */
export interface ScheduleAlert {
  /** The scheduled time of the run. */
  slot: Date
  exitCode: number | null
  timedOut: boolean
  findings: AuditFinding[]
  cwd: string
}

/**
 * Sends one run's findings; may resolve with a line for the schedule log (what was sent, what the window held
 * back). A notifier that throws is logged by the schedule, never fatal.
 */
export type ScheduleNotifier = (alert: ScheduleAlert) => Promise<unknown>

/** One alert per finding. The key is the measurement and the commit the change began at: a new step is new. Pure. */
export function auditAlerts(alert: ScheduleAlert, now: Date): Alert[] {
  return alert.findings.map((finding) => {
    const fields: AlertField[] = [
      { label: 'Measurement', value: finding.id },
      { label: 'Change', value: `${formatPercent(finding.changePercent)} since ${finding.sinceCommit.slice(0, 7)}` },
      { label: 'Kind', value: finding.kind === 'drift' ? 'gradual drift' : 'step' },
      { label: 'Median now', value: formatMs(finding.currentMs) },
      { label: 'Threshold', value: `+${finding.thresholdPercent}%` },
      { label: 'Scheduled run', value: alert.slot.toISOString() },
      { label: 'Run exit code', value: alert.timedOut ? 'timed out' : String(alert.exitCode) },
    ]
    return {
      key: alertKey(['audit', finding.id, finding.sinceCommit]),
      kind: 'regression',
      title: `Performance audit: ${finding.message}`,
      subject: finding.id,
      // As for test-run regressions: the slowdown in percent, at least 1 so "twice as bad" stays meaningful.
      severity: Math.max(1, finding.changePercent),
      time: now.toISOString(),
      fields,
      attachments: [],
    }
  })
}

/** The alert options the configuration and the environment enable, or `undefined` when none is configured. */
export function configuredAlerts(fromConfig: AlertOptions | undefined, env: NodeJS.ProcessEnv): AlertOptions | undefined {
  const merged = mergeAlertOptions(fromConfig, alertsFromEnv(env))
  return merged !== undefined && (merged.notifiers ?? []).length > 0 ? merged : undefined
}

/**
 * The schedule's notifier for the project at `cwd`, or `undefined` when no notifier is configured. Reads the
 * configuration now, so a bad notifier fails the schedule at start (exit 2), not after the first run; each run
 * reads it again (the file may change while the schedule runs).
 */
export async function scheduleNotifier(
  cwd: string,
  env: NodeJS.ProcessEnv,
  io: AlertManagerIo & { deadlineMs?: number } = {},
): Promise<ScheduleNotifier | undefined> {
  const initial = await loadConfig({ cwd, env })
  const configured = configuredAlerts(initial.options.alerts, env)
  if (configured === undefined) return undefined
  checkFileNotifierDirs(configured, cwd)
  return async (alert) => {
    const options = configuredAlerts((await loadConfig({ cwd, env })).options.alerts, env)
    if (options === undefined) return undefined
    const manager = createAlertManager(options, { ...io, cwd: io.cwd ?? cwd })
    const alerts = auditAlerts(alert, new Date(io.now?.() ?? Date.now()))
    for (const a of alerts) manager.notify(a)
    await manager.close(io.deadlineMs ?? 20_000)
    const s = manager.stats()
    return `${alerts.length} finding(s): ${s.sent} alerted, ${s.suppressed} already alerted within the window${s.deferred > 0 ? `, ${s.deferred} waiting in the outbox` : ''}${s.failed > 0 ? `, ${s.failed} failed` : ''} (${manager.notifierLabels.join(', ')})`
  }
}

/**
 * A file notifier's folder is created now, before the first run: one that cannot be (a path through a file, no
 * permission) stops the schedule at start-up with exit 2, not at the first finding hours later.
 */
function checkFileNotifierDirs(options: AlertOptions, cwd: string): void {
  for (const notifier of options.notifiers ?? []) {
    const { type, dir } = notifier as { type?: unknown; dir?: unknown }
    if (type !== 'file' || typeof dir !== 'string') continue
    const path = resolve(cwd, dir)
    try {
      mkdirSync(path, { recursive: true })
    } catch (error) {
      throw new PerfSentinelError('E_CONFIG', `alert folder ${path} cannot be created: ${errorMessage(error)}`, {
        fix: 'point the file notifier (alerts.notifiers[].dir or PERF_SENTINEL_ALERT_DIR) at a folder that can be written',
      })
    }
  }
}
