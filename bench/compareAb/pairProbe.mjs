/**
 * Probe for `perf-sentinel compare`'s design: would measuring base and head code in ONE runner process cancel the
 * spread of process medians? The compare bench project (bench/compareAb/suite.mjs) gets a second copy of its
 * workloads module, and one test file measures each workload twice, copy A then copy B (identical code, two module
 * instances, as a base and a head would be), at ~0.6–30 ms per operation (Jest's sandbox slows string and Math
 * work most), with quarter-time measurements as compare rounds run them. Each of `--runs` fresh runner processes
 * (Jest in band, Vitest defaults) gives one median per measurement; per workload the spread of log A across processes
 * (what ABBA rounds fight) is set against the spread of log(A / B) within a process (what pairing inside a process
 * would leave).
 *
 *   node bench/compareAb/pairProbe.mjs [--runner=jest|vitest] [--runs=14]
 *
 * Results: bench/results/compare-pair-probe-<runner>.json and .md.
 */
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { describeMachine, machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { writeResults } from '../lib/writeResults.mjs'
import { createProbeProject, flag, invokeProbe, mean, percent, probeImports, REPS, sd } from './probeProject.mjs'
import { KINDS } from './suite.mjs'

const runner = flag('runner', 'jest')
const runs = Number(flag('runs', '14'))

const project = createProbeProject(runner)
cpSync(join(project.dir, 'src', 'workloads.js'), join(project.dir, 'src', 'workloadsB.js'))
const imports = probeImports(runner, { runA: '../src/workloads.js', runB: '../src/workloadsB.js' })
const tests = KINDS.flatMap((kind) =>
  ['A', 'B'].map(
    (side) =>
      `test('${side} ${kind}', async () => {\n  await measure('${side} ${kind}', () => run${side}('${kind}', ${REPS[kind]}), { timeMs: 300 })\n})\n`,
  ),
)
project.write(`test/pair.test.${project.ext}`, `${imports}\n${tests.join('\n')}`)
let medians
try {
  const reports = await invokeProbe(project, runner, runs)
  medians = reports.map((measurements) => Object.fromEntries(measurements.map((m) => [m.name, m.stats.medianMs])))
} finally {
  project.remove()
}

const rows = KINDS.map((kind) => {
  const a = medians.map((m) => Math.log(m[`A ${kind}`]))
  const b = medians.map((m) => Math.log(m[`B ${kind}`]))
  const ratio = a.map((x, i) => x - (b[i] ?? 0))
  return [
    kind,
    `${(Math.exp(mean(a)) * 1000).toFixed(0)} µs`,
    percent(sd(a)),
    percent(sd(b)),
    percent(sd(ratio)),
    `×${Math.exp(mean(ratio)).toFixed(3)}`,
  ]
})
const lines = [
  `### Base and head in one process? — ${runner}, ${runs} processes`,
  '',
  machineLine(describeMachine()),
  '',
  markdownTable(
    ['workload', 'median (A)', 'sd of log A across processes', 'sd of log B', 'sd of log(A / B) in a process', 'mean A / B'],
    rows,
  ),
  '',
  'Pairing inside a process pays only where the last column but one is well below the two before it.',
]
writeResults(`compare-pair-probe-${runner}`, { runner, runs, reps: REPS, medians }, lines.join('\n'))
