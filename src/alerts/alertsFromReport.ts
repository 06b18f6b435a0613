import { formatMs, formatPercent } from '../format.js'
import type { PerfReport, ReportMeasurement } from '../model/report.js'
import { budgetMissed } from '../model/types.js'
import type { Alert, AlertField } from './alert.js'
import { measurementAlertKey } from './alertKey.js'

/**
 * The alerts of a finished test run: one per blown matcher budget and one per confirmed regression, keyed by the
 * measurement id so the same problem is alerted once per window across runs (and again when it gets worse). Pure:
 * the pipeline hands the result to an alert manager.
 */
export function alertsFromReport(report: PerfReport): Alert[] {
  const alerts: Alert[] = []
  const context = runFields(report)
  for (const m of report.measurements) {
    if (m.comparison?.verdict === 'regressed') alerts.push(regressionAlert(m, report.run.startedAt, context))
    if (budgetMissed(m.budget)) alerts.push(budgetAlert(m, report.run.startedAt, context))
  }
  return alerts
}

function regressionAlert(m: ReportMeasurement, time: string, context: AlertField[]): Alert {
  const c = m.comparison as NonNullable<ReportMeasurement['comparison']>
  const change = c.changePercent ?? 0
  const fields: AlertField[] = [
    { label: 'Measurement', value: m.id },
    { label: 'Change of the median', value: formatPercent(change) },
    { label: 'Median now', value: formatMs(m.stats.medianMs) },
  ]
  if (c.intervalPercent)
    fields.push({
      label: `${Math.round((c.confidenceLevel ?? 0.99) * 100)}% interval`,
      value: `${formatPercent(c.intervalPercent[0])} … ${formatPercent(c.intervalPercent[1])}`,
    })
  if (c.baselineCommit) fields.push({ label: 'Baseline commit', value: c.baselineCommit.slice(0, 7) })
  fields.push({ label: 'Why', value: c.reason }, ...context)
  return {
    key: measurementAlertKey('regression', m.id),
    kind: 'regression',
    title: `Performance regression: ${m.name} is ${formatPercent(change)} slower`,
    subject: m.id,
    // Severity is the slowdown in percent; a floor of 1 keeps "twice as bad" meaningful for tiny changes.
    severity: Math.max(1, change),
    time,
    fields,
    attachments: [],
  }
}

function budgetAlert(m: ReportMeasurement, time: string, context: AlertField[]): Alert {
  const b = m.budget as NonNullable<ReportMeasurement['budget']>
  const isRate = b.statistic === 'opsPerSecond'
  const show = (value: number): string => (isRate ? `${Math.round(value).toLocaleString('en-US')} ops/s` : formatMs(value))
  // How far over budget, as a ratio ≥ 1 whichever the direction; a negated budget has no "how far".
  const ratio = b.negated ? 1 : isRate ? b.limit / Math.max(b.actual, Number.MIN_VALUE) : b.actual / b.limit
  return {
    key: measurementAlertKey('budget', m.id),
    kind: 'budget',
    title: `Budget blown: ${m.name} ${b.statistic} ${show(b.actual)} (${b.negated ? 'expected not' : 'limit'} ${show(b.limit)})`,
    subject: m.id,
    severity: Number.isFinite(ratio) ? ratio : 1,
    time,
    fields: [
      { label: 'Measurement', value: m.id },
      { label: 'Matcher', value: `${b.negated ? '.not.' : ''}${b.matcher}` },
      { label: 'Statistic', value: b.statistic },
      { label: 'Actual', value: show(b.actual) },
      { label: 'Limit', value: show(b.limit) },
      ...context,
    ],
    attachments: [],
  }
}

function runFields(report: PerfReport): AlertField[] {
  const { git, runner } = report.run
  const fields: AlertField[] = []
  if (git.commit) fields.push({ label: 'Commit', value: `${git.shortCommit ?? git.commit.slice(0, 7)}${git.dirty ? ' (dirty)' : ''}` })
  if (git.branch) fields.push({ label: 'Branch', value: git.branch })
  fields.push({ label: 'Runner', value: `${runner.name} ${runner.version}` }, { label: 'Run started', value: report.run.startedAt })
  return fields
}
