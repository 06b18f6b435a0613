/**
 * The reporter's run end timed inside real Jest runs: `run-end` drives the reporter alone in a small fresh process,
 * which read 126 ms for 2,100 tests while the same work took 440–490 ms in Jest's main process (it holds the whole
 * run's results, a large heap to collect, and its own reporters run beside ours: BENCHMARKS.md part 2, twelfth
 * session). Here the overhead project (2,100 tests in 150 files by default) runs with perf-sentinel as a user
 * configures it, plus two timing reporters around ours: Jest awaits each reporter's `onRunComplete` in the order the
 * config lists them, so the one before notes the time and CPU and the one after reads the difference. The run is
 * otherwise the overhead bench's `perf` configuration.
 *
 *   node bench/overhead/runEndInJest.mjs [--files=150] [--tests-per-file=14] [--warmup=10] [--samples=7] [--workers=2]
 *                                        [--against=/path/to/other/checkout]
 *
 * --against times another checkout's build too (its dist/), in a project of its own, runs alternated ABBA.
 * `--warmup` untimed runs (10) first store history, each at a commit of its own, so test durations' trends are full
 * (11 points) as in a project in use. Results: bench/results/run-end-in-jest.json and .md.
 */
import { readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describeMachine, machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { median } from '../lib/median.mjs'
import { writeResults } from '../lib/writeResults.mjs'
import { createOverheadProject, JEST_BASE } from './fixture.mjs'

/** Notes when perf-sentinel's run end starts (this reporter's onRunComplete is awaited just before it). */
const START_REPORTER = `module.exports = class {
  onRunComplete() {
    globalThis.__runEndStart = { at: performance.now(), cpu: process.cpuUsage() }
  }
}
`
/** Writes how long perf-sentinel's run end took (wall and this process's CPU) as one JSON line. */
const STOP_REPORTER = `const { appendFileSync } = require('node:fs')
module.exports = class {
  onRunComplete() {
    const start = globalThis.__runEndStart
    if (start === undefined) return
    const cpu = process.cpuUsage(start.cpu)
    appendFileSync(process.env.RUN_END_LOG, JSON.stringify({ wallMs: performance.now() - start.at, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n')
  }
}
`

/** A project with perf-sentinel's build `dist` and the timing reporters around its reporter. */
function timedProject(files, testsPerFile, dist) {
  const project = createOverheadProject('jest', { files, testsPerFile, ...(dist === undefined ? {} : { dist }) })
  project.write('runEndStart.cjs', START_REPORTER)
  project.write('runEndStop.cjs', STOP_REPORTER)
  project.write(
    'jest.timed.config.cjs',
    `module.exports = {\n  ${JEST_BASE}  setupFilesAfterEnv: ['perf-sentinel/jest/setup'],\n` +
      `  reporters: ['default', '<rootDir>/runEndStart.cjs', 'perf-sentinel/jest/reporter', '<rootDir>/runEndStop.cjs'],\n}\n`,
  )
  return project
}

/** One timed run: the run end's wall and CPU ms as the stop reporter wrote them, and the whole run's wall ms. */
async function timedRun(project, runnerArgs) {
  const log = join(project.dir, 'run-end.jsonl')
  rmSync(log, { force: true })
  const result = await project.exec(runnerArgs, { env: { RUN_END_LOG: log } })
  if (result.exitCode !== 0) throw new Error(`jest failed (exit ${result.exitCode}):\n${result.stderr}`)
  return { ...JSON.parse(readFileSync(log, 'utf8').trim()), runMs: result.wallMs }
}

const range = (values, digits = 0) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`

async function main(args) {
  const flag = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
  const files = Number(flag('files', '150'))
  const testsPerFile = Number(flag('tests-per-file', '14'))
  const warmup = Number(flag('warmup', '10'))
  const samples = Number(flag('samples', '7'))
  const workers = Number(flag('workers', '2'))
  const against = flag('against', undefined)
  const variants = [{ label: 'this checkout', dist: undefined }]
  if (against !== undefined) variants.push({ label: `--against ${against}`, dist: join(resolve(against), 'dist') })
  const runnerArgs = ['--config=jest.timed.config.cjs', workers > 1 ? `--maxWorkers=${workers}` : '--runInBand']
  const projects = []
  const runs = variants.map(() => [])
  try {
    for (const variant of variants) projects.push(timedProject(files, testsPerFile, variant.dist))
    for (const project of projects) {
      // Each stored run at a commit of its own, as a project's runs are: a commit keeps at most five runs
      // (DEFAULT_MAX_RUNS_PER_COMMIT), so runs at one commit give test durations 6-point trends instead of 11.
      for (let i = 0; i < warmup; i++) {
        project.git('commit', '-q', '--allow-empty', '-m', `run ${i}`)
        await timedRun(project, runnerArgs)
      }
    }
    for (let i = 0; i < samples; i++) {
      // ABBA: this checkout first in even rounds, the other one first in odd rounds.
      const order = i % 2 === 0 ? projects.map((_, v) => v) : projects.map((_, v) => v).reverse()
      for (const v of order) runs[v].push(await timedRun(projects[v], runnerArgs))
    }
  } finally {
    for (const project of projects) project.remove()
  }
  const rows = variants.map((variant, v) => {
    const share = runs[v].map((r) => (r.wallMs / r.runMs) * 100)
    return [
      variant.label,
      `${median(runs[v].map((r) => r.wallMs)).toFixed(0)} ms (${range(runs[v].map((r) => r.wallMs))})`,
      `${median(runs[v].map((r) => r.cpuMs)).toFixed(0)} ms (${range(runs[v].map((r) => r.cpuMs))})`,
      `${median(runs[v].map((r) => r.runMs)).toFixed(0)} ms`,
      `${median(share).toFixed(1)}% (${range(share, 1)})`,
    ]
  })
  const lines = [
    `### The run end inside real Jest runs — ${files * testsPerFile} tests in ${files} files, ${workers > 1 ? `${workers} workers` : 'in band'}`,
    '',
    machineLine(describeMachine()),
    '',
    markdownTable(['build', 'run end, wall', 'run end, main-process CPU', 'whole run, wall', 'run end / whole run'], rows),
    '',
  ]
  if (variants.length > 1) {
    const ratios = runs[0].map((r, i) => r.wallMs / runs[1][i].wallMs)
    lines.push(`Run end, this checkout ÷ --against, median of ${samples} pairs: ×${median(ratios).toFixed(3)} (${range(ratios, 3)}).`, '')
  }
  lines.push(`${samples} timed runs each after ${warmup} untimed ones (history). The target of issue 11: ≤ 100 ms for 2,000 tests.`)
  writeResults('run-end-in-jest', { files, testsPerFile, workers, warmup, variants, runs }, lines.join('\n'))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
