import type { ReportMeasurement } from '../../src/model/report.js'
import { rowHtmlParts } from './htmlRow.js'
import { rowView } from './htmlView.js'
import { rememberJsonLine } from './json.js'

/** Table rows made ahead of the page, by measurement (frozen by `rememberJsonLine`, so they cannot go stale). */
const rowsMade = new WeakMap<object, [head: string, tail: string]>()

/**
 * Renders what of a measurement's report entry does not depend on the rest of the report — its JSON line, its HTML
 * table row around its position — ahead of the report, and freezes the measurement (test durations prepared while
 * the tests run: src/pipeline/preparedDurations.ts). The renderers use these instead of making them again.
 */
export function prerenderMeasurement(measurement: ReportMeasurement): void {
  rememberJsonLine(measurement)
  rowsMade.set(measurement, rowHtmlParts(rowView(measurement, 0)))
}

/** The HTML row parts made ahead for this measurement, if any. */
export function rowMadeAhead(measurement: ReportMeasurement): [head: string, tail: string] | undefined {
  return rowsMade.get(measurement)
}
