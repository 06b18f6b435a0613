/**
 * How a glob (picomatch) selects measurements: it matches a measurement when it matches its file, its name or its
 * full id (`file > test name > measurement name`), so `test/perf/**`, `parse*` and `**\/bench.test.ts > *` all
 * work. Here, below `config/`, because the test workers apply per-glob budgets too (matchers/budgetOverride.ts)
 * and must not load the whole configuration schema for it.
 */
import { createRequire } from 'node:module'
import type picomatchType from 'picomatch'

/**
 * picomatch, loaded by the first glob: most runs configure none, and its ~60 KB of modules cost every run's start
 * ~5 ms otherwise (the reporter is required before the first test). CommonJS, so `require` loads it in both builds.
 */
let picomatch: typeof picomatchType | undefined
function loadPicomatch(): typeof picomatchType {
  picomatch ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType
  return picomatch
}

/** What a glob is matched against. */
export interface MeasurementKey {
  file: string
  name: string
  /** `measurementId()`: `file > test name > name`. */
  id: string
}

/** One compiled glob: true when it matches the file, the name or the id. */
export function compileGlob(glob: string): (key: MeasurementKey) => boolean {
  // `dot`: files under .hidden folders count; `bash`-style `*` would cross "/" in ids, which hold paths.
  const test = loadPicomatch()(glob, { dot: true })
  return (key) => test(key.file) || test(key.name) || test(key.id)
}
