import { formatError } from '../errors.js'
import type { PerfReport } from '../model/report.js'
import type { AlertManagerIo } from './alertManager.js'
import { createAlertManager } from './alertManager.js'
import type { AlertOptions } from './alertOptions.js'
import { alertsFromEnv, mergeAlertOptions } from './alertsFromEnv.js'
import { alertsFromReport } from './alertsFromReport.js'

/** Inputs of `sendReportAlerts`. */
export interface SendReportAlertsOptions {
  /** Alert options from the configuration; the environment's notifiers are added (see `alertsFromEnv`). */
  alerts?: AlertOptions
  env?: Readonly<Record<string, string | undefined>>
  /** The project root: the state lives in `<rootDir>/.perf-sentinel/alerts` unless `alerts.stateDir` says otherwise. */
  rootDir: string
  /** The run waits at most this long for deliveries; the rest stay in the outbox for the next run. @default 20_000 */
  deadlineMs?: number
  io?: AlertManagerIo
}

/**
 * Sends a finished run's alerts (blown budgets, regressions) to the configured notifiers, de-duplicated across runs,
 * and returns notes for the report. Never throws and never fails the run: a bad configuration or an unreachable
 * notifier becomes a note. Returns [] when no notifier is configured.
 */
export async function sendReportAlerts(report: PerfReport, options: SendReportAlertsOptions): Promise<string[]> {
  const configured = mergeAlertOptions(options.alerts, alertsFromEnv(options.env ?? process.env))
  if (configured === undefined || (configured.notifiers ?? []).length === 0) return []
  const alerts = alertsFromReport(report)
  const problems: string[] = []
  try {
    // Relative directories (state, alert files) resolve against the project root, like the history.
    const manager = createAlertManager(configured, { ...options.io, cwd: options.io?.cwd ?? options.rootDir })
    for (const alert of alerts) manager.notify(alert)
    await manager.close(options.deadlineMs ?? 20_000)
    const s = manager.stats()
    if (alerts.length === 0) return []
    const parts = [`${s.sent} sent`]
    if (s.suppressed > 0) parts.push(`${s.suppressed} already alerted within the window`)
    if (s.deferred > 0) parts.push(`${s.deferred} deliveries waiting in the outbox`)
    if (s.failed > 0) parts.push(`${s.failed} deliveries failed (see the log)`)
    return [`Alerts: ${alerts.length} raised, ${parts.join(', ')} (notifiers: ${manager.notifierLabels.join(', ')}).`]
  } catch (error) {
    problems.push(`Alerts not sent: ${formatError(error).replace(/^perf-sentinel: /, '')}`)
  }
  return problems
}
