import { readdir, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { alertsFromReport } from '../../../src/alerts/alertsFromReport.js'
import { sendReportAlerts } from '../../../src/alerts/sendReportAlerts.js'
import { buildSampleReport } from '../../helpers/sampleReport.js'
import { tempDir } from './alertFixtures.js'

describe('alertsFromReport()', () => {
  const report = buildSampleReport({ measurements: 20, trickyNames: false })
  const regressed = report.measurements.filter((m) => m.comparison?.verdict === 'regressed')
  const blown = report.measurements.filter((m) => m.budget && m.budget.withinBudget === m.budget.negated)

  it('raises one alert per confirmed regression and per blown budget, keyed by measurement', () => {
    const alerts = alertsFromReport(report)
    expect(regressed.length).toBeGreaterThan(0)
    expect(alerts.filter((a) => a.kind === 'regression').map((a) => a.subject)).toEqual(regressed.map((m) => m.id))
    expect(alerts.filter((a) => a.kind === 'budget').map((a) => a.subject)).toEqual(blown.map((m) => m.id))
    expect(new Set(alerts.map((a) => a.key)).size).toBe(alerts.length)
  })

  it('gives a regression its slowdown as severity and the numbers a reader needs', () => {
    const [alert] = alertsFromReport(report).filter((a) => a.kind === 'regression')
    const m = regressed[0]
    expect(alert?.severity).toBe(Math.max(1, m?.comparison?.changePercent ?? 0))
    expect(alert?.title).toMatch(/^Performance regression: .* is \+\d+\.\d% slower$/)
    expect(alert?.fields.map((f) => f.label)).toEqual(
      expect.arrayContaining(['Measurement', 'Change of the median', 'Median now', 'Runner']),
    )
  })

  it('keeps the same keys for the same problems in the next run (de-duplication across runs)', () => {
    const next = buildSampleReport({ measurements: 20, trickyNames: false, seed: 1 })
    expect(alertsFromReport(next).map((a) => a.key)).toEqual(alertsFromReport(report).map((a) => a.key))
  })
})

describe('sendReportAlerts()', () => {
  const report = buildSampleReport({ measurements: 10, trickyNames: false })

  it('does nothing without a notifier', async () => {
    expect(await sendReportAlerts(report, { rootDir: await tempDir(), env: {} })).toEqual([])
  })

  it('writes the alerts of a run once; the next run with the same problems is suppressed', async () => {
    const rootDir = await tempDir()
    const env = { PERF_SENTINEL_ALERT_DIR: 'alerts' }
    const logs: string[] = []
    const first = await sendReportAlerts(report, { rootDir, env, io: { log: (l) => logs.push(l) } })
    const count = alertsFromReport(report).length
    expect(first).toEqual([expect.stringMatching(new RegExp(`^Alerts: ${count} raised, ${count} sent \\(notifiers: file \\(`))])
    expect((await readdir(`${rootDir}/alerts`)).length).toBe(count)
    expect(await readFile(`${rootDir}/.perf-sentinel/alerts/state.json`, 'utf8')).toContain('"schemaVersion":1')
    const second = await sendReportAlerts(report, { rootDir, env, io: { log: () => undefined } })
    expect(second[0]).toContain(`0 sent, ${count} already alerted within the window`)
    expect((await readdir(`${rootDir}/alerts`)).length).toBe(count)
  })

  it('turns a bad configuration into a note instead of throwing', async () => {
    const notes = await sendReportAlerts(report, { rootDir: await tempDir(), env: { PERF_SENTINEL_WEBHOOK_URL: 'ftp://nope' } })
    expect(notes).toEqual([expect.stringMatching(/^Alerts not sent: alerts: option "alerts.notifiers\[0\].url" is "ftp:\/\/nope"/)])
  })
})
