import type { ReportMeasurement } from '../../src/model/report.js'
import type { Verdict } from '../../src/model/comparison.js'
import { isGated, VERDICT_ORDER, verdictOf } from '../../src/model/comparison.js'

export const VERDICT_TITLES: Record<Verdict, string> = {
  regressed: 'Regressed',
  inconclusive: 'Inconclusive',
  improved: 'Improved',
  unchanged: 'Unchanged',
  new: 'New',
  removed: 'Removed',
}

/** Groups gated measurements by verdict, in reading order, keeping the report's order inside each group. */
export function groupByVerdict(measurements: readonly ReportMeasurement[]): Array<[Verdict, ReportMeasurement[]]> {
  const groups = new Map<Verdict, ReportMeasurement[]>()
  for (const m of measurements) {
    if (!isGated(m)) continue
    const verdict = verdictOf(m)
    groups.set(verdict, [...(groups.get(verdict) ?? []), m])
  }
  return VERDICT_ORDER.flatMap((verdict) => {
    const group = groups.get(verdict)
    return group ? [[verdict, group] as [Verdict, ReportMeasurement[]]] : []
  })
}

/** A table row's verdict: test durations are trend data with no verdict of their own. */
export type RowVerdict = Verdict | 'duration'

/** The verdict shown for a measurement in tables and filters. */
export function rowVerdictOf(measurement: ReportMeasurement): RowVerdict {
  return isGated(measurement) ? verdictOf(measurement) : 'duration'
}
