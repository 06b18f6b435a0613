/**
 * Part 4 — speed of the compare core: `compareRun` on 1,000 measurements with 256 samples per side must take
 * < 200 ms. Several fresh processes, each timing one cold call and four warm ones; medians are reported.
 */
import { fileURLToPath } from 'node:url'
import { loadCompareCore } from './lib/compareCore.mjs'
import { describeMachine, machineLine } from './lib/machine.mjs'
import { markdownTable } from './lib/markdownTable.mjs'
import { median } from './lib/median.mjs'
import { runNodeJson } from './lib/runProcess.mjs'
import { writeResults } from './lib/writeResults.mjs'

const CHILD = fileURLToPath(new URL('./compareSpeed/child.mjs', import.meta.url))
const TARGET_MS = 200
const WARM_REPS = 4

export async function runCompareSpeed({ processes = 5 } = {}) {
  const machine = describeMachine()
  const { path } = await loadCompareCore()
  const runs = []
  for (let p = 0; p < processes; p++) {
    runs.push(await runNodeJson(CHILD, [path, String(WARM_REPS)]))
    console.log(`  process ${p + 1}/${processes}: cold ${runs.at(-1).coldMs.toFixed(1)} ms`)
  }
  const cold = runs.map((r) => r.coldMs)
  const warm = runs.flatMap((r) => r.warmMs)
  const data = { machine, processes, cold, warm, verdicts: runs[0].verdicts }
  const fmt = (values) => `${median(values).toFixed(1)} ms (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`
  const status = (values) => (median(values) < TARGET_MS ? 'met' : 'MISSED')
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

if (process.argv[1] === fileURLToPath(import.meta.url)) await runCompareSpeed()
