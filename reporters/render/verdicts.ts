import type { ReportMeasurement } from '../../src/model/report.js'
import type { Verdict } from '../../src/model/types.js'

/** Reading order of verdict groups: what needs action first. */
export const VERDICT_ORDER: readonly Verdict[] = ['regressed', 'inconclusive', 'improved', 'unchanged', 'new', 'removed']

export const VERDICT_TITLES: Record<Verdict, string> = {
  regressed: 'Regressed',
  inconclusive: 'Inconclusive',
  improved: 'Improved',
  unchanged: 'Unchanged',
  new: 'New',
  removed: 'Removed',
}

/** Test durations are trend data, not gated: they are grouped apart from the verdicts. */
export function isGated(measurement: ReportMeasurement): boolean {
  return measurement.kind !== 'test-duration'
}

/** The verdict of a gated measurement; `new` when there was nothing to compare with. */
export function verdictOf(measurement: ReportMeasurement): Verdict {
  return measurement.comparison?.verdict ?? 'new'
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
