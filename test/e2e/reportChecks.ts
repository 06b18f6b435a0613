// Checks of a written report.json shared by the Vitest and Jest e2e tests.
import { expect } from 'vitest'
import type { PerfReport, ReportMeasurement } from '../../src/model/report.js'

/** The measurement called `name`; throws, listing the names there are, when there is none. */
export function byName(report: PerfReport, name: string): ReportMeasurement {
  const found = report.measurements.find((m) => m.name === name)
  if (!found) throw new Error(`no measurement "${name}" in ${report.measurements.map((m) => m.name).join(', ')}`)
  return found
}

/** The fixtures' concurrent tests "light" and "heavy": each one's measurements are attributed to it and marked. */
export function expectConcurrentAttribution(report: PerfReport): void {
  for (const [test, names] of [
    ['light', ['light work', 'light budget']],
    ['heavy', ['heavy work', 'heavy budget']],
  ] as const) {
    for (const name of names) {
      const m = byName(report, name)
      expect(m.testName).toBe(`concurrent > ${test}`)
      expect(m.concurrent).toBe(true)
    }
  }
}
