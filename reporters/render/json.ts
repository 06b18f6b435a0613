import type { PerfReport } from '../../src/model/report.js'

/** The report as pretty JSON. Non-finite numbers (∞ ops/s of an empty batch) become null, as JSON requires. */
export function renderJson(report: PerfReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`
}
