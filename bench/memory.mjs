/**
 * Part `memory`: the memory matchers' numbers and the resource sampler's cost.
 *   allocation — bytes per call of a 1 KB/op fixture in 10 separate processes (CV across processes and within each
 *                process's 10 runs), and whether a +10% fixture is told apart; with and without --expose-gc.
 *   leaks      — a 100 B/op leak and ten clean fixtures (five promise-heavy) in 5 processes: caught / false positives.
 *   sampler    — a CPU-bound workload with the resource sampler off, at its 250 ms default and at 10 ms, interleaved.
 * Flags: --processes=N (default 10), --pairs=N (sampler, default 7).
 */
import { fileURLToPath } from 'node:url'
import { bundleSource } from './lib/bundleSource.mjs'
import { describeMachine, machineLine } from './lib/machine.mjs'
import { markdownTable } from './lib/markdownTable.mjs'
import { median } from './lib/median.mjs'
import { runNodeJson, runProcess } from './lib/runProcess.mjs'
import { writeResults } from './lib/writeResults.mjs'

const CHILD = fileURLToPath(new URL('./memory/child.mjs', import.meta.url))
const SAMPLER = fileURLToPath(new URL('./memory/sampler.mjs', import.meta.url))
const flag = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const PROCESSES = flag('processes', 10)
const PAIRS = flag('pairs', 7)

const bundle = await bundleSource(
  `export { measureAllocation } from './src/diagnostics/memory/measureAllocation.ts'
export { checkLeak } from './src/diagnostics/memory/checkLeak.ts'
export { startResourceSampler } from './src/diagnostics/resources/startResourceSampler.ts'
export * from './test/unit/diagnostics/memory/memoryFixtures.ts'`,
  'memoryBench',
)
/** Like runNodeJson, with Node flags (runNodeJson has none). */
async function runWithFlags(nodeArgs, script, args) {
  if (nodeArgs.length === 0) return runNodeJson(script, args)
  const run = await runProcess(process.execPath, [...nodeArgs, script, ...args])
  const last = run.stdout.trim().split('\n').at(-1) ?? ''
  if (run.exitCode !== 0 || !last.startsWith('{')) throw new Error(`${script} failed (exit ${run.exitCode}):\n${run.stderr || run.stdout}`)
  return JSON.parse(last)
}
const cv = (values) => {
  const mean = values.reduce((s, x) => s + x, 0) / values.length
  return (Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1)) / mean) * 100
}
const machine = describeMachine()
const data = { machine, allocation: {}, leaks: [], sampler: {} }
const out = [`memory: ${machineLine(machine)}`]

// Allocation, with and without --expose-gc.
const allocationRows = []
for (const [label, nodeArgs] of [
  ['flag-free gc', []],
  ['--expose-gc', ['--expose-gc']],
]) {
  const runs = []
  for (let p = 0; p < PROCESSES; p++) runs.push(await runWithFlags(nodeArgs, CHILD, [bundle, JSON.stringify({ leak: false })]))
  data.allocation[label] = runs
  const bases = runs.map((r) => r.base.bytesPerOp)
  const ratios = runs.map((r) => r.more.bytesPerOp / r.base.bytesPerOp)
  const separated = runs.filter((r) => Math.min(...r.more.runsBytesPerOp) > Math.max(...r.base.runsBytesPerOp)).length
  allocationRows.push([
    `${label} (collector: ${runs[0].gc}, source: ${runs[0].source})`,
    median(bases).toFixed(1),
    `${cv(bases).toFixed(2)}%`,
    `${median(runs.map((r) => r.base.cvPercent)).toFixed(2)}%`,
    `${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
    `${separated}/${runs.length}`,
    `${median(runs.map((r) => r.allocationMs / 2)).toFixed(0)} ms`,
  ])
  console.log(`  allocation ${label}: ${bases.map((b) => b.toFixed(0)).join(' ')}`)
}
out.push('\n**Allocation per call** — 1 KB/op fixture (126 doubles), 10 runs × 1000 calls per measurement, one measurement per process\n')
out.push(
  markdownTable(
    [
      'collector',
      'bytes/op (median)',
      'CV across processes',
      'CV within a measurement (median)',
      '+10% fixture / base',
      'runs fully separated',
      'time per measurement',
    ],
    allocationRows,
  ),
)

// Leaks.
const leakRuns = []
for (let p = 0; p < Math.min(PROCESSES, 5); p++) leakRuns.push(await runNodeJson(CHILD, [bundle, JSON.stringify({ leak: true })]))
data.leaks = leakRuns
const caught = leakRuns.filter((r) => r.leak.leaking).length
const fixtures = Object.keys(leakRuns[0].clean)
const falsePositives = leakRuns.reduce((sum, r) => sum + Object.values(r.clean).filter((c) => c.leaking).length, 0)
const cleanSlopes = leakRuns.flatMap((r) => Object.values(r.clean).map((c) => Math.abs(c.slope)))
out.push(`\n**Leak check** — defaults (1000 iterations, 10 rounds), ${leakRuns.length} processes\n`)
out.push(
  markdownTable(
    ['fixture', 'verdicts', 'Theil–Sen slope, B/op (median)', 'growing rounds (median)', 'time per check'],
    [
      [
        '100 B/op retained leak',
        `${caught}/${leakRuns.length} caught`,
        median(leakRuns.map((r) => r.leak.slopeBytesPerOp)).toFixed(1),
        median(leakRuns.map((r) => r.leak.growingRoundsShare)).toFixed(2),
        `${median(leakRuns.map((r) => r.leakCheckMs)).toFixed(0)} ms`,
      ],
      [
        `${fixtures.length} clean fixtures (${fixtures.join(', ')})`,
        `${falsePositives}/${fixtures.length * leakRuns.length} false positives`,
        `max |slope| ${Math.max(...cleanSlopes).toFixed(1)}`,
        median(leakRuns.flatMap((r) => Object.values(r.clean).map((c) => c.share))).toFixed(2),
        '',
      ],
    ],
  ),
)

// Sampler cost, interleaved: off, 250 ms, 10 ms.
const ITERATIONS = 60_000_000
const modes = { off: null, '250 ms (default)': 250, '10 ms': 10 }
const samplerRuns = Object.fromEntries(Object.keys(modes).map((k) => [k, []]))
for (let pair = 0; pair < PAIRS; pair++) {
  for (const [label, intervalMs] of Object.entries(modes))
    samplerRuns[label].push(await runNodeJson(SAMPLER, [bundle, JSON.stringify({ intervalMs, iterations: ITERATIONS })]))
}
data.sampler = samplerRuns
const offMs = median(samplerRuns.off.map((r) => r.wallMs))
const samplerRows = Object.entries(samplerRuns).map(([label, runs]) => {
  const wall = median(runs.map((r) => r.wallMs))
  const own = runs.filter((r) => r.samples > 0).map((r) => (r.samplingMs / r.wallMs) * 100)
  return [
    label,
    wall.toFixed(0),
    label === 'off' ? '—' : `${(((wall - offMs) / offMs) * 100).toFixed(2)}%`,
    own.length === 0 ? '—' : `${median(own).toFixed(3)}%`,
    median(runs.map((r) => r.samples)).toFixed(0),
    own.length === 0 ? '—' : `${median(runs.filter((r) => r.samples > 0).map((r) => (r.samplingMs * 1000) / r.samples)).toFixed(0)} µs`,
  ]
})
out.push(`\n**Resource sampler cost** — CPU-bound workload in 200 chunks, ${PAIRS} interleaved rounds, medians\n`)
out.push(markdownTable(['sampler', 'wall ms', 'wall vs off', 'own time / wall', 'readings', 'per reading'], samplerRows))

writeResults('memory', data, out.join('\n'))
