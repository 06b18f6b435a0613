/**
 * Which measurements a configuration covers (`include` / `exclude`) and which threshold override applies to one.
 * A glob (picomatch) matches a measurement when it matches its file, its name or its full id
 * (`file > test name > measurement name`), so `test/perf/**`, `parse*` and `**\/bench.test.ts > *` all work.
 */
import type { CompareOptionsInput } from '../compare/index.js'
import type { MeasurementKey } from '../model/measurementGlob.js'
import { compileGlob } from '../model/measurementGlob.js'
import type { ResolvedConfig, ThresholdOverride } from './configSchema.js'
import { withThreshold } from './configSchema.js'

export type { MeasurementKey } from '../model/measurementGlob.js'
export { compileGlob } from '../model/measurementGlob.js'

/** The `--name <glob>` / `include` / `exclude` test: included (or no `include`) and not excluded. */
export function createMeasurementFilter(config: Pick<ResolvedConfig, 'include' | 'exclude'>): (key: MeasurementKey) => boolean {
  const include = config.include.map(compileGlob)
  const exclude = config.exclude.map(compileGlob)
  return (key) => (include.length === 0 || include.some((test) => test(key))) && !exclude.some((test) => test(key))
}

/** The threshold override of one measurement: the first glob of `thresholds` (in file order) that matches it. */
export function thresholdFor(thresholds: ResolvedConfig['thresholds'], key: MeasurementKey): ThresholdOverride | undefined {
  for (const [glob, override] of Object.entries(thresholds)) if (compileGlob(glob)(key)) return override
  return undefined
}

/** The compare options of one measurement: the configuration's, with its threshold override applied. */
export function compareOptionsFor(config: Pick<ResolvedConfig, 'compare' | 'thresholds'>, key: MeasurementKey): CompareOptionsInput {
  return withThreshold(config.compare, thresholdFor(config.thresholds, key))
}

/** The matcher budget to use (ms): the override's `budgetMs` when one matches, else the test's own. */
export function budgetFor(thresholds: ResolvedConfig['thresholds'], key: MeasurementKey, budgetMs: number): number {
  return thresholdFor(thresholds, key)?.budgetMs ?? budgetMs
}

/** The key of a `{ file, testName, name }` record. */
export function measurementKey(record: { file: string; testName: string; name: string }): MeasurementKey {
  return { file: record.file, name: record.name, id: `${record.file} > ${record.testName} > ${record.name}` }
}
