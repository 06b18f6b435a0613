import type { MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'

/**
 * Measurements whose ids collide (two tests with the same name in one file and describe block, a measurement name
 * used twice): a true duplicate is reported, never merged — merging would compare one test against the other's
 * numbers. Returns the records with a unique id and a note per colliding id.
 */
export function splitDuplicates(records: readonly MeasurementRecord[]): { unique: MeasurementRecord[]; notes: string[] } {
  const counts = new Map<string, number>()
  for (const record of records) counts.set(measurementId(record), (counts.get(measurementId(record)) ?? 0) + 1)
  const notes = [...counts]
    .filter(([, count]) => count > 1)
    .map(
      ([id, count]) =>
        `WARNING: ${count} measurements share the id "${id}" (tests or measurements with the same name, or one test file run by ` +
        'two projects): they are reported but neither compared nor written to the baseline. Give them distinct names ' +
        '(for projects: a displayName for each Jest project, a name for each Vitest project).',
    )
  return { unique: records.filter((record) => counts.get(measurementId(record)) === 1), notes }
}
