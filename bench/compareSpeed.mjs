/**
 * Part 4 — speed of the compare core: `compareRun` on 1,000 measurements with 256 samples per side must take
 * < 200 ms. Several fresh processes, each timing one cold call and four warm ones; medians are reported.
 *   node bench/compareSpeed.mjs [--processes=5] [--against=/path/to/other/checkout]
 * --against times another checkout's compare core too (e.g. a `git worktree` of an older commit), its processes
 * alternating with this checkout's, and adds the ratio of the two: on a shared machine only side-by-side figures compare.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleSource } from './lib/bundleSource.mjs'
import { loadCompareCore } from './lib/compareCore.mjs'
import { describeMachine, machineLine } from './lib/machine.mjs'
import { markdownTable } from './lib/markdownTable.mjs'
import { median } from './lib/median.mjs'
import { runNodeJson } from './lib/runProcess.mjs'
import { writeResults } from './lib/writeResults.mjs'

const CHILD = fileURLToPath(new URL('./compareSpeed/child.mjs', import.meta.url))
const TARGET_MS = 200
const WARM_REPS = 4

/** Another checkout's compare core, bundled from its sources (the environment module moved in the layout change). */
async function otherCompareCore(root) {
  const environment = existsSync(join(root, 'src/env/fingerprint.ts')) ? './src/env/fingerprint.ts' : './src/environment.ts'
  const entry = `export { compareRun, resolveCompareOptions } from './src/compare/index.ts'\nexport { environmentFingerprint } from '${environment}'\n`
  return bundleSource(entry, 'againstCompareCore', root)
}

export async function runCompareSpeed({ processes = 5, against } = {}) {
  const machine = describeMachine()
  const { path } = await loadCompareCore()
  const otherPath = against === undefined ? undefined : await otherCompareCore(against)
  const runs = []
  const otherRuns = []
  for (let p = 0; p < processes; p++) {
    // ABBA: which side goes first alternates, so a slow phase of the machine hits both alike.
    const order = p % 2 === 0 ? ['this', 'other'] : ['other', 'this']
    for (const side of order) {
      if (side === 'other' && otherPath === undefined) continue
      const run = await runNodeJson(CHILD, [side === 'this' ? path : otherPath, String(WARM_REPS)])
      ;(side === 'this' ? runs : otherRuns).push(run)
      console.log(`  process ${p + 1}/${processes} (${side}): cold ${run.coldMs.toFixed(1)} ms`)
    }
  }
  const cold = runs.map((r) => r.coldMs)
  const warm = runs.flatMap((r) => r.warmMs)
  const data = { machine, processes, cold, warm, verdicts: runs[0].verdicts }
  const fmt = (values) => `${median(values).toFixed(1)} ms (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`
  const status = (values) => (median(values) < TARGET_MS ? 'met' : 'MISSED')
  const againstRows = []
  if (otherPath !== undefined) {
    data.against = { root: against, cold: otherRuns.map((r) => r.coldMs), warm: otherRuns.flatMap((r) => r.warmMs) }
    const ratios = (mine, theirs) => mine.map((x, i) => x / theirs[i])
    const fmtRatio = (values) => `×${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`
    againstRows.push(
      [
        '`--against`: cold',
        data.against.cold.length,
        fmt(data.against.cold),
        `this ÷ against ${fmtRatio(ratios(cold, data.against.cold))}`,
      ],
      [
        '`--against`: warm',
        data.against.warm.length,
        fmt(data.against.warm),
        `this ÷ against ${fmtRatio(ratios(warm, data.against.warm))}`,
      ],
    )
  }
  const markdown = [
    '### Compare speed',
    '',
    machineLine(machine),
    '',
    markdownTable(
      ['call', 'repetitions', 'median (min–max)', `÷ target ${TARGET_MS} ms`],
      [
        ['cold (first call in a fresh process)', cold.length, fmt(cold), (median(cold) / TARGET_MS).toFixed(2)],
        ['warm (calls 2–5)', warm.length, fmt(warm), (median(warm) / TARGET_MS).toFixed(2)],
        ...againstRows,
      ],
    ),
    '',
    `1,000 measurements × 256 samples per side, 10 prior medians each; verdicts of the synthetic run (100 injected ` +
      `+20% slowdowns): ${JSON.stringify(data.verdicts)}.`,
    `Target < ${TARGET_MS} ms: ${status(cold)} cold, ${status(warm)} warm.`,
  ].join('\n')
  writeResults('compare-speed', data, markdown)
  return data
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const value = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  const against = value('against')
  await runCompareSpeed({ processes: Number(value('processes') ?? 5), against: against === undefined ? undefined : resolve(against) })
}
