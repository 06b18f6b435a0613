import type { PerfReport } from '../../src/model/report.js'

/**
 * The report as JSON: each top-level field on a line of its own, and each measurement on a line of its own, so that
 * `grep`, `diff` and line-based tools work and `jq .` pretty-prints it. Not indented: at 2,000 tests the indentation
 * was a third of the file (4.2 of 2.7 MB) and most of the time spent rendering it. Non-finite numbers (∞ ops/s of an
 * empty batch) become null, as JSON requires: `JSON.stringify` does that itself (a replacer cost 40% more).
 */
export function renderJson(report: PerfReport): string {
  const fields: string[] = []
  for (const [key, value] of Object.entries(report)) {
    if (key === 'measurements' && Array.isArray(value) && value.length > 0) {
      // As JSON.stringify writes an array: an entry it cannot write (undefined) is null.
      const lines = (value as unknown[]).map((m) => JSON.stringify(m) ?? 'null')
      fields.push(`"measurements":[\n${lines.join(',\n')}\n]`)
      continue
    }
    // As JSON.stringify writes an object: a field it cannot write (undefined, a function) is left out.
    const json = JSON.stringify(value)
    if (json !== undefined) fields.push(`${JSON.stringify(key)}:${json}`)
  }
  return `{\n${fields.join(',\n')}\n}\n`
}
