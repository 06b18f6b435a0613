/**
 * Probe of the machine reference (src/measure/reference.ts): does the reference timed around a measurement read the
 * state the measured code ran in, or a state of its own? The compare bench project measures its five workloads
 * (string, JSON, regex, Map, Math) once each in `--runs` fresh runner processes (Jest in band, Vitest defaults). Per
 * workload: the reference's levels across processes (per-call minimum, µs), how many processes read a reference more
 * than 2× from that workload's median reference, and the correlation across processes of log reference with log
 * median of the workload (near 1: the reference sees the measured code's state; near 0: it does not).
 *
 *   node bench/compareAb/referenceProbe.mjs [--runner=jest|vitest] [--runs=16]
 *
 * Results: bench/results/reference-probe-<runner>.json and .md.
 */
import { describeMachine, machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { writeResults } from '../lib/writeResults.mjs'
import { createProbeProject, flag, invokeProbe, mean, probeImports, REPS } from './probeProject.mjs'
import { KINDS } from './suite.mjs'

const runner = flag('runner', 'jest')
const runs = Number(flag('runs', '16'))

const project = createProbeProject(runner)
const imports = probeImports(runner, { run: '../src/workloads.js' })
const tests = KINDS.map(
  (kind) => `test('${kind}', async () => {\n  await measure('${kind}', () => run('${kind}', ${REPS[kind]}), { timeMs: 300 })\n})\n`,
)
project.write(`test/reference.test.${project.ext}`, `${imports}\n${tests.join('\n')}`)
let readings
try {
  // Every run records (one process, no gate): the probe reads readings, and identical code can fail the stored gate.
  const reports = await invokeProbe(project, runner, runs, [], { PERF_SENTINEL_UPDATE: '1', PERF_SENTINEL_BASELINE_RUNS: '1' })
  readings = reports.map((measurements) =>
    Object.fromEntries(measurements.map((m) => [m.name, { medianMs: m.stats.medianMs, referenceMs: m.referenceMixMs }])),
  )
} finally {
  project.remove()
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor((s.length - 1) / 2)]
}
function correlation(xs, ys) {
  const mx = mean(xs)
  const my = mean(ys)
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my)
    sxx += (xs[i] - mx) ** 2
    syy += (ys[i] - my) ** 2
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy)
}
const rows = KINDS.map((kind) => {
  const got = readings.map((r) => r[kind]).filter((x) => x?.referenceMs !== undefined)
  const refs = got.map((x) => x.referenceMs * 1000)
  const mid = median(refs)
  const far = refs.filter((r) => r > 2 * mid || r < mid / 2).length
  const r = correlation(
    got.map((x) => Math.log(x.referenceMs)),
    got.map((x) => Math.log(x.medianMs)),
  )
  return [kind, refs.map((x) => x.toFixed(1)).join(' '), `${far}/${refs.length}`, r.toFixed(2)]
})
const lines = [
  `### The machine reference's own states — ${runner}, ${runs} processes`,
  '',
  machineLine(describeMachine()),
  '',
  markdownTable(['workload', 'reference per process (µs)', 'more than 2× from its median', 'corr(log ref, log median)'], rows),
]
writeResults(`reference-probe-${runner}`, { runner, runs, readings }, lines.join('\n'))
