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
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeMachine, machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { REPO_ROOT } from '../lib/paths.mjs'
import { runProcess } from '../lib/runProcess.mjs'
import { writeResults } from '../lib/writeResults.mjs'
import { KINDS, SIZES, writeSuite } from './suite.mjs'

/** Units per operation: 0.6–30 ms each on this machine (the unit costs differ by kind and runner). */
const REPS = { string: 12000, json: 350, regex: 500, map: 10000, math: 25000 }

const flag = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
const runner = flag('runner', 'jest')
const runs = Number(flag('runs', '14'))
const esm = runner === 'vitest'
const ext = esm ? 'ts' : 'js'

const root = mkdtempSync(join(tmpdir(), 'perf-sentinel-pair-probe-'))
symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
const dir = join(root, 'project')
writeSuite(dir, runner, {})
for (const size of Object.keys(SIZES)) rmSync(join(dir, 'test', `s${size}.test.${ext}`))
cpSync(join(dir, 'src', 'workloads.js'), join(dir, 'src', 'workloadsB.js'))
const imports = esm
  ? "import { test } from 'vitest'\nimport { measure } from 'perf-sentinel'\nimport { run as runA } from '../src/workloads.js'\nimport { run as runB } from '../src/workloadsB.js'\n"
  : "const { measure } = require('perf-sentinel')\nconst { run: runA } = require('../src/workloads.js')\nconst { run: runB } = require('../src/workloadsB.js')\n"
const tests = KINDS.flatMap((kind) =>
  ['A', 'B'].map(
    (side) =>
      `test('${side} ${kind}', async () => {\n  await measure('${side} ${kind}', () => run${side}('${kind}', ${REPS[kind]}), { timeMs: 300 })\n})\n`,
  ),
)
writeFileSync(join(dir, 'test', `pair.test.${ext}`), `${imports}\n${tests.join('\n')}`)

const bin = esm
  ? [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run']
  : [join(REPO_ROOT, 'node_modules/jest/bin/jest.js'), '--runInBand']
const medians = []
try {
  for (let i = 0; i < runs; i++) {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PERF_SENTINEL_TIME_SCALE: '0.25' }
    const run = await runProcess(process.execPath, bin, { cwd: dir, env })
    if (run.exitCode !== 0) throw new Error(`${runner} failed (exit ${run.exitCode}):\n${run.stderr}`)
    const report = JSON.parse(readFileSync(join(dir, 'perf-report', 'report.json'), 'utf8'))
    medians.push(Object.fromEntries(report.measurements.filter((m) => m.kind !== 'test-duration').map((m) => [m.name, m.stats.medianMs])))
    console.log(`${runner} process ${i + 1}/${runs}`)
  }
} finally {
  rmSync(root, { recursive: true, force: true })
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
const sd = (xs) => {
  const m = mean(xs)
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1))
}
const percent = (x) => `${(x * 100).toFixed(1)}%`
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
