import type { PerfReport } from '../../src/model/report.js'

/**
 * The report as JSON: each top-level field on a line of its own, and each measurement on a line of its own, so that
 * `grep`, `diff` and line-based tools work and `jq .` pretty-prints it. Not indented: at 2,000 tests the indentation
 * was a third of the file (4.2 of 2.7 MB) and most of the time spent rendering it. Non-finite numbers (∞ ops/s of an
 * empty batch) become null, as JSON requires: `JSON.stringify` does that itself (a replacer cost 40% more).
 */
export function renderJson(report: PerfReport): string {
  return renderJsonParts(report).join('')
}

/**
 * `renderJson` in the parts it is made of, in order: the report files are written part by part (atomicWrite.ts
 * `writeTextSync`), never as one string of a few MB.
 */
export function renderJsonParts(report: PerfReport): string[] {
  const parts: string[] = ['{\n']
  for (const [key, value] of Object.entries(report)) {
    if (key === 'measurements' && Array.isArray(value) && value.length > 0) {
      if (parts.length > 1) parts.push(',\n')
      parts.push('"measurements":[\n')
      // As JSON.stringify writes an array: an entry it cannot write (undefined) is null.
      ;(value as unknown[]).forEach((m, i) => {
        if (i > 0) parts.push(',\n')
        parts.push(JSON.stringify(m) ?? 'null')
      })
      parts.push('\n]')
      continue
    }
    // As JSON.stringify writes an object: a field it cannot write (undefined, a function) is left out.
    const json = JSON.stringify(value)
    if (json === undefined) continue
    if (parts.length > 1) parts.push(',\n')
    parts.push(`${JSON.stringify(key)}:${json}`)
  }
  parts.push('\n}\n')
  return parts
}
