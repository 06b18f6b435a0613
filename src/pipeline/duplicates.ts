import type { Comparison } from '../model/comparison.js'
import type { MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'

/** What `splitDuplicates()` found. */
export interface SplitDuplicates {
  unique: MeasurementRecord[]
  notes: string[]
  /** Each colliding id and how many measurements share it. */
  shared: Map<string, number>
  /**
   * The tests of the colliding measurements, as `file > full test name`: their baseline entries are neither
   * `removed` nor pruned by this run (it could not tell which of the measurements the entry was).
   */
  tests: string[]
}

/**
 * Measurements whose ids collide (two tests with the same name in one file and describe block, a measurement name
 * used twice): a true duplicate is reported, never merged — merging would compare one test against the other's
 * numbers. Returns the records with a unique id and a note per colliding id.
 */
export function splitDuplicates(records: readonly MeasurementRecord[]): SplitDuplicates {
  const counts = new Map<string, number>()
  for (const record of records) counts.set(measurementId(record), (counts.get(measurementId(record)) ?? 0) + 1)
  const shared = new Map([...counts].filter(([, count]) => count > 1))
  const tests = new Set<string>()
  if (shared.size > 0) for (const record of records) if (shared.has(measurementId(record))) tests.add(`${record.file} > ${record.testName}`)
  const notes = [...shared].map(
    ([id, count]) =>
      `WARNING: ${count} measurements share the id "${id}" (tests or measurements with the same name, or one test file run by ` +
      'two projects): they are reported but neither compared nor written to the baseline. Give them distinct names ' +
      '(for projects: a displayName for each Jest project, a name for each Vitest project).',
  )
  return { unique: records.filter((record) => counts.get(measurementId(record)) === 1), notes, shared, tests: [...tests] }
}

/** The comparison a colliding id shows in every report: `inconclusive`, saying why it was not compared. */
export function sharedIdComparison(count: number): Comparison {
  return {
    verdict: 'inconclusive',
    reason: `Not compared: ${count} measurements of this run share this id, so none of them can be told from the others' baseline; give them distinct names.`,
  }
}
