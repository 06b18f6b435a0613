import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { RESULTS_DIR } from './paths.mjs'

/**
 * Saves a part's raw data (JSON, for re-analysis) and its Markdown summary (what BENCHMARKS.md quotes), and prints
 * the summary. Returns the two paths.
 */
export function writeResults(part, data, markdown) {
  mkdirSync(RESULTS_DIR, { recursive: true })
  const jsonPath = join(RESULTS_DIR, `${part}.json`)
  const markdownPath = join(RESULTS_DIR, `${part}.md`)
  writeFileSync(jsonPath, `${JSON.stringify(data, null, 2)}\n`)
  writeFileSync(markdownPath, `${markdown}\n`)
  console.log(`\n${markdown}\n\nraw data: ${jsonPath}\nsummary:  ${markdownPath}`)
  return { jsonPath, markdownPath }
}
