/**
 * Probe for `perf-sentinel compare`'s rounds: does a copy of a test file, run in the same runner invocation, give an
 * independent draw of its measurements — more draws per round for one start-up? K identical test files (each imports
 * the same workloads module and measures every workload, quarter-time as compare rounds do) run in one invocation
 * (Jest in band; Vitest with one worker, each file in a fresh fork by default). Per workload: the sd of the log median
 * across invocations for one copy, across the copies inside an invocation, and across invocations of the copies'
 * mean (√K below the first if the copies' draws are independent). Second table: how much of an invocation's draw the
 * workloads share — each workload's copy-0 log median against the median of the other workloads' (each centred on
 * its own mean): the sd left after subtracting it, and the mean correlation of the per-invocation means.
 *
 *   node bench/compareAb/copyProbe.mjs [--runner=jest|vitest] [--runs=10] [--copies=4]
 */
import { describeMachine, machineLine } from '../lib/machine.mjs'
import { median } from '../lib/median.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { writeResults } from '../lib/writeResults.mjs'
import { createProbeProject, flag, invokeProbe, mean, percent, probeImports, REPS, sd } from './probeProject.mjs'
import { KINDS } from './suite.mjs'

const runner = flag('runner', 'jest')
const runs = Number(flag('runs', '10'))
const copies = Number(flag('copies', '4'))

const project = createProbeProject(runner)
const imports = probeImports(runner, { run: '../src/workloads.js' })
const tests = KINDS.map(
  (kind) => `test('${kind}', async () => {\n  await measure('${kind}', () => run('${kind}', ${REPS[kind]}), { timeMs: 300 })\n})\n`,
)
for (let c = 0; c < copies; c++) project.write(`test/copy${c}.test.${project.ext}`, `${imports}\n${tests.join('\n')}`)
let medians
try {
  const reports = await invokeProbe(project, runner, runs, ['--maxWorkers=1'])
  medians = reports.map((measurements) =>
    Object.fromEntries(measurements.map((m) => [`${m.file.match(/copy(\d+)/)[1]} ${m.name}`, m.stats.medianMs])),
  )
} finally {
  project.remove()
}
// Per workload, per invocation: the log median of each copy.
const logsByKind = KINDS.map((kind) => medians.map((m) => Array.from({ length: copies }, (_, c) => Math.log(m[`${c} ${kind}`]))))
const rows = KINDS.map((kind, k) => {
  const logs = logsByKind[k]
  const first = logs.map((l) => l[0])
  const within = mean(logs.map((l) => sd(l) ** 2)) ** 0.5
  const means = logs.map(mean)
  return [
    kind,
    `${(Math.exp(mean(first)) * 1000).toFixed(0)} µs`,
    percent(sd(first)),
    percent(within),
    percent(sd(means)),
    percent(sd(first) / Math.sqrt(copies)),
  ]
})
const centred = (xs) => {
  const m = mean(xs)
  return xs.map((x) => x - m)
}
const firstCopy = logsByKind.map((logs) => centred(logs.map((l) => l[0])))
const copyMeans = logsByKind.map((logs) => centred(logs.map(mean)))
const correlation = (a, b) => mean(a.map((x, i) => x * b[i])) / Math.sqrt(mean(a.map((x) => x * x)) * mean(b.map((x) => x * x)))
const shared = KINDS.map((kind, k) => {
  const others = KINDS.map((_, j) => j).filter((j) => j !== k)
  const factor = medians.map((_, r) => median(others.map((j) => firstCopy[j][r])))
  const rho = mean(others.map((j) => correlation(copyMeans[k], copyMeans[j])))
  return [kind, percent(sd(firstCopy[k])), percent(sd(firstCopy[k].map((x, r) => x - factor[r]))), rho.toFixed(2)]
})
const lines = [
  `### Copies of a test file in one process — ${runner}, ${runs} processes, ${copies} copies`,
  '',
  machineLine(describeMachine()),
  '',
  markdownTable(
    [
      'workload',
      'median',
      'sd across processes (one copy)',
      'sd across copies in a process',
      "sd across processes of the copies' mean",
      'if independent',
    ],
    rows,
  ),
  '',
  markdownTable(
    ['workload', 'sd (one copy)', "minus the other workloads' median", "correlation with the other workloads (copies' means)"],
    shared,
  ),
  '',
]
writeResults(`compare-copy-probe-${runner}`, { runner, runs, copies, reps: REPS, medians }, lines.join('\n'))
console.log(lines.join('\n'))
