/**
 * Entry point of `npm run bench` (which builds dist first). Runs every part, or the ones named, each in its own
 * Node process so no part inherits another's JIT state or heap:
 *
 *   node bench/run.mjs                      all five parts (about 15–20 min on a 2-core machine)
 *   node bench/run.mjs accuracy detection   only these parts
 *   node bench/run.mjs overhead --pairs=20  flags are passed to every selected part
 *
 * Parts: accuracy, overhead, detection, compare-speed, html; and overhead-breakdown (diagnostic, not in the default set).
 * Results: bench/results/<part>.json and .md (git-ignored); BENCHMARKS.md quotes them.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DIST_INDEX } from './lib/paths.mjs'

const PARTS = {
  accuracy: './accuracy.mjs',
  overhead: './overhead/index.mjs',
  detection: './detection.mjs',
  'compare-speed': './compareSpeed.mjs',
  html: './html.mjs',
  'overhead-breakdown': './overhead/breakdown.mjs',
}
const DEFAULT_PARTS = ['accuracy', 'overhead', 'detection', 'compare-speed', 'html']

const args = process.argv.slice(2)
const flags = args.filter((a) => a.startsWith('--'))
const named = args.filter((a) => !a.startsWith('--'))
const unknown = named.filter((name) => !(name in PARTS))
if (unknown.length > 0) {
  console.error(`Unknown part(s): ${unknown.join(', ')}. Choose from: ${Object.keys(PARTS).join(', ')}.`)
  process.exit(2)
}
if (!existsSync(DIST_INDEX)) {
  console.error('dist/ is missing: build first (`npm run bench` does it, or `npx tsup`).')
  process.exit(2)
}

let failed = 0
for (const part of named.length > 0 ? named : DEFAULT_PARTS) {
  console.log(`\n=== ${part} ===`)
  const script = fileURLToPath(new URL(PARTS[part], import.meta.url))
  const { status } = spawnSync(process.execPath, [script, ...flags], { stdio: 'inherit' })
  if (status !== 0) {
    console.error(`${part} failed with exit code ${status}`)
    failed++
  }
}
process.exitCode = failed > 0 ? 1 : 0
