/**
 * The reporter's run end timed inside real Jest runs: `run-end` drives the reporter alone in a small fresh process,
 * which read 126 ms for 2,100 tests while the same work took 440–490 ms in Jest's main process (it holds the whole
 * run's results, a large heap to collect, and its own reporters run beside ours: BENCHMARKS.md part 2, twelfth
 * session). Here the overhead project (2,100 tests in 150 files by default) runs with perf-sentinel as a user
 * configures it, plus two timing reporters around ours: Jest awaits each reporter's `onRunComplete` in the order the
 * config lists them, so the one before notes the time and CPU and the one after reads the difference. The run is
 * otherwise the overhead bench's `perf` configuration.
 *
 *   node bench/overhead/runEndInJest.mjs [--files=150] [--tests-per-file=14] [--warmup=5] [--samples=7] [--workers=2]
 *
 * `--warmup` untimed runs first store history (a commit keeps its newest runs), so trends are what a project in use
 * has. Results: bench/results/run-end-in-jest.json and .md.
 */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
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

async function main(args) {
  const flag = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
  const files = Number(flag('files', '150'))
  const testsPerFile = Number(flag('tests-per-file', '14'))
  const warmup = Number(flag('warmup', '5'))
  const samples = Number(flag('samples', '7'))
  const workers = Number(flag('workers', '2'))
  const project = createOverheadProject('jest', { files, testsPerFile })
  const log = join(project.dir, 'run-end.jsonl')
  const runs = []
  try {
    project.write('runEndStart.cjs', START_REPORTER)
    project.write('runEndStop.cjs', STOP_REPORTER)
    project.write(
      'jest.timed.config.cjs',
      `module.exports = {\n  ${JEST_BASE}  setupFilesAfterEnv: ['perf-sentinel/jest/setup'],\n` +
        `  reporters: ['default', '<rootDir>/runEndStart.cjs', 'perf-sentinel/jest/reporter', '<rootDir>/runEndStop.cjs'],\n}\n`,
    )
    const runnerArgs = ['--config=jest.timed.config.cjs', workers > 1 ? `--maxWorkers=${workers}` : '--runInBand']
    for (let i = 0; i < warmup + samples; i++) {
      rmSync(log, { force: true })
      const result = await project.exec(runnerArgs, { env: { RUN_END_LOG: log } })
      if (result.exitCode !== 0) throw new Error(`jest failed (exit ${result.exitCode}):\n${result.stderr}`)
      if (i >= warmup) runs.push({ ...JSON.parse(readFileSync(log, 'utf8').trim()), runMs: result.wallMs })
    }
  } finally {
    project.remove()
  }
  const row = (label, values) => [
    label,
    `${median(values).toFixed(0)} ms`,
    `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms`,
  ]
  const share = runs.map((r) => (r.wallMs / r.runMs) * 100)
  const markdown = [
    `### The run end inside real Jest runs — ${files * testsPerFile} tests in ${files} files, ${workers > 1 ? `${workers} workers` : 'in band'}`,
    '',
    machineLine(describeMachine()),
    '',
    markdownTable(
      ['', 'median', 'range'],
      [
        row(
          'run end, wall',
          runs.map((r) => r.wallMs),
        ),
        row(
          'run end, CPU of the main process',
          runs.map((r) => r.cpuMs),
        ),
        row(
          'whole run, wall',
          runs.map((r) => r.runMs),
        ),
        ['run end / whole run', `${median(share).toFixed(1)}%`, `${Math.min(...share).toFixed(1)}–${Math.max(...share).toFixed(1)}%`],
      ],
    ),
    '',
    `${samples} timed runs after ${warmup} untimed ones (history). The target of issue 11: ≤ 100 ms for 2,000 tests.`,
  ].join('\n')
  writeResults('run-end-in-jest', { files, testsPerFile, workers, warmup, runs }, markdown)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
