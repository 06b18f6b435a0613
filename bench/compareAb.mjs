/**
 * Part `compare-ab` — detection quality and cost of `perf-sentinel compare` (the same-job A/B) with real Vitest and
 * Jest processes on a 20-measurement project (bench/compareAb/suite.mjs):
 *   - A/A: the head commit changes only a comment; every `regressed` (exit 1) is a false failure;
 *   - detection: the head slows 4 of the ≥ 200 µs measurements by 10% and 4 others by 5% (more work, rotating
 *     which); detected = `regressed`. The other 12 measurements of those runs count as A/A measurements too.
 * Each comparison is one full `perf-sentinel compare --base <base>` (worktree, rounds, confirmation, reports), timed.
 *
 *   node bench/compareAb.mjs --runs 50                 50 A/A and 50 detection comparisons per runner (hours)
 *   node bench/compareAb.mjs --runs 2 --runners vitest --budget 2m
 *   node bench/compareAb.mjs --runs 8 --kinds A/A       only the A/A comparisons (false failures)
 *   node bench/compareAb.mjs --runs 3 --time-scale 1   compare's --time-scale (counted apart per value)
 *   npm run bench -- compare-ab --runs=2
 *
 * Resumable: every finished comparison is appended to bench/results/compare-ab.state.json; a re-run continues until
 * `--runs` of each kind exist (`--fresh` starts over). Results: bench/results/compare-ab.{json,md}.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeMachine } from './lib/machine.mjs'
import { REPO_ROOT, RESULTS_DIR } from './lib/paths.mjs'
import { runProcess } from './lib/runProcess.mjs'
import { writeResults } from './lib/writeResults.mjs'
import { render, summarize } from './compareAb/summary.mjs'
import { KINDS, measurementId, measurementNames, planSource, SIZES, writeSuite } from './compareAb/suite.mjs'

const STATE = join(RESULTS_DIR, 'compare-ab.state.json')
const CLI = join(REPO_ROOT, 'dist', 'cli.js')
const CALIBRATION_REPS = 400

/** `--name=value`, `--name value` or a bare `--name` (true). */
const flags = {}
for (let i = 2; i < process.argv.length; i++) {
  const [key, inline] = process.argv[i].replace(/^--/, '').split('=')
  const next = process.argv[i + 1]
  const takesNext = inline === undefined && next !== undefined && !next.startsWith('--')
  flags[key] = inline ?? (takesNext ? next : 'true')
  if (takesNext) i++
}
const runs = Number(flags.runs ?? 2)
const runners = (flags.runners ?? 'vitest,jest').split(',')
/** `--kinds A/A` runs only the A/A comparisons (the false-failure check), `--kinds detection` only the slowed ones. */
const kinds = (flags.kinds ?? 'A/A,detection').split(',')
if (kinds.some((k) => k !== 'A/A' && k !== 'detection')) throw new Error(`--kinds takes A/A and/or detection, not ${flags.kinds}`)
/** `--budget` passed to compare; unset = compare's own default. */
const budget = flags.budget
/**
 * `--time-scale` passed to compare; unset = compare's own default (`default`). Comparisons are counted per value;
 * those of a state file from before the flag (full-time rounds) count as `legacy`, never as the current default.
 */
const timeScale = flags['time-scale']
const variant = timeScale ?? 'default'

const state =
  !flags.fresh && existsSync(STATE)
    ? JSON.parse(readFileSync(STATE, 'utf8'))
    : { machine: describeMachine(), calibration: {}, comparisons: [] }
const save = () => {
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(STATE, `${JSON.stringify(state, null, 2)}\n`)
}

for (const runner of runners) {
  const project = setUp(runner)
  state.calibration[runner] ??= await calibrate(project, runner)
  save()
  const plan = state.calibration[runner].plan
  writeFileSync(join(project.dir, 'src', 'plan.js'), planSource(runner, plan, 'base'))
  project.git('add', '-A')
  project.git('commit', '-q', '-m', 'base')
  const base = project.git('rev-parse', 'HEAD')
  for (const kind of kinds) {
    const done = () =>
      state.comparisons.filter((c) => c.runner === runner && c.kind === kind && (c.timeScale ?? 'legacy') === variant).length
    while (done() < runs) {
      const index = done()
      const slowed = kind === 'A/A' ? {} : slowdowns(index)
      const head = Object.fromEntries(
        Object.entries(plan).map(([name, reps]) => [name, Math.round(reps * (1 + (slowed[name] ?? 0) / 100))]),
      )
      project.git('checkout', '-q', '-B', `head-${index}`, base)
      writeFileSync(join(project.dir, 'src', 'plan.js'), planSource(runner, head, `${kind} #${index}`))
      project.git('commit', '-q', '-am', `${kind} #${index}`)
      const result = await compareOnce(project, base, runner)
      state.comparisons.push({ runner, kind, index, slowedPercent: slowed, timeScale: variant, ...result })
      save()
      console.log(
        `${runner} ${kind}${timeScale ? ` (time scale ${timeScale})` : ''} #${index + 1}/${runs}: exit ${result.exitCode} in ${(result.wallMs / 1000).toFixed(0)} s, regressed: ${
          Object.entries(result.verdicts)
            .filter(([, v]) => v.verdict === 'regressed')
            .map(([n]) => n)
            .join(', ') || 'none'
        }`,
      )
    }
  }
  rmSync(project.root, { recursive: true, force: true })
}
// The tables are of this invocation's time scale only; other values' comparisons stay in the state file.
const shown = { ...state, comparisons: state.comparisons.filter((c) => (c.timeScale ?? 'legacy') === variant) }
const summary = summarize(shown)
writeResults('compare-ab', { ...state, summary }, render(shown, summary, budget))

/** A fresh project (git repository, node_modules as installed) in a temp folder. */
function setUp(runner) {
  const root = mkdtempSync(join(tmpdir(), `bench-compare-${runner}-`))
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
  const dir = join(root, 'project')
  writeSuite(dir, runner, Object.fromEntries(measurementNames().map((name) => [name, CALIBRATION_REPS])))
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim()
  git('init', '-q', '-b', 'main')
  return { root, dir, git }
}

/** Reps per measurement for the target sizes, from one run of the runner at CALIBRATION_REPS each. */
async function calibrate(project, runner) {
  const out = join(project.root, 'calibration')
  const bin =
    runner === 'vitest'
      ? [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', `--outputFile.perf=${out}`]
      : [join(REPO_ROOT, 'node_modules/jest/bin/jest.js'), '--runInBand']
  const run = await runProcess(process.execPath, bin, {
    cwd: project.dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      PERF_SENTINEL_OUTPUT_DIR: out,
      PERF_SENTINEL_ALLOW_OUTSIDE_ROOT: '1',
    },
  })
  const reportPath = existsSync(join(out, 'report.json')) ? join(out, 'report.json') : join(project.dir, 'perf-report', 'report.json')
  if (!existsSync(reportPath)) throw new Error(`calibration run wrote no report (exit ${run.exitCode}):\n${run.stderr.slice(-2000)}`)
  const report = JSON.parse(readFileSync(reportPath, 'utf8'))
  const unitMs = {}
  for (const kind of KINDS) {
    const perSize = report.measurements.filter((m) => m.name.startsWith(`${kind} `)).map((m) => m.stats.medianMs / CALIBRATION_REPS)
    unitMs[kind] = perSize.sort((a, b) => a - b)[perSize.length >> 1]
  }
  const plan = Object.fromEntries(
    measurementNames().map((name) => {
      const [kind, size] = name.split(' ')
      return [name, Math.max(1, Math.round(SIZES[size] / 1000 / unitMs[kind]))]
    }),
  )
  rmSync(join(project.dir, 'perf-report'), { recursive: true, force: true })
  console.log(
    `${runner} calibration: unit cost (µs)`,
    Object.fromEntries(Object.entries(unitMs).map(([k, v]) => [k, +(v * 1000).toFixed(3)])),
  )
  return { unitUs: Object.fromEntries(Object.entries(unitMs).map(([k, v]) => [k, v * 1000])), plan }
}

/** Detection run `index`: 4 measurements +10%, 4 others +5%, rotating through the 15 of ≥ 200 µs. */
function slowdowns(index) {
  const eligible = measurementNames().filter((name) => !name.endsWith(' 10us'))
  const pick = (offset) => eligible[(index * 8 + offset) % eligible.length]
  const slowed = {}
  for (let k = 0; k < 4; k++) slowed[pick(k)] = 10
  for (let k = 4; k < 8; k++) slowed[pick(k)] = 5
  return slowed
}

/** One `perf-sentinel compare` of the checked-out head against `base`: exit code, wall time, verdicts, rounds. */
async function compareOnce(project, base, runner) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR ?? tmpdir(), NO_COLOR: '1' }
  const run = await runProcess(
    process.execPath,
    [CLI, 'compare', '--base', base, ...(budget ? ['--budget', budget] : []), ...(timeScale ? ['--time-scale', timeScale] : [])],
    {
      cwd: project.dir,
      env,
      timeoutMs: 30 * 60_000,
    },
  )
  const reportPath = join(project.dir, 'perf-report', 'report.json')
  if (run.exitCode === 2 || !existsSync(reportPath)) throw new Error(`compare failed (exit ${run.exitCode}):\n${run.stderr.slice(-3000)}`)
  const report = JSON.parse(readFileSync(reportPath, 'utf8'))
  rmSync(join(project.dir, 'perf-report'), { recursive: true, force: true })
  const verdicts = {}
  for (const name of measurementNames()) {
    const row = report.ab.rows.find((r) => r.id === measurementId(runner, name))
    verdicts[name] = row
      ? {
          verdict: row.verdict,
          changePercent: row.changePercent,
          intervalPercent: row.intervalPercent,
          rounds: row.headRounds,
          confirmed: row.confirmation?.confirmed,
          // What the confirmation rounds saw (rounds, change, interval), for candidates.
          ...(row.confirmation ? { confirmation: row.confirmation } : {}),
          // Per-process medians (ms) of each side: the between-process noise the decision had to see through.
          headMediansMs: report.measurements.find((m) => m.id === row.id)?.samplesMs,
          baseMediansMs: report.measurements.find((m) => m.id === row.id)?.baselineSamplesMs,
        }
      : { verdict: 'missing' }
  }
  return {
    exitCode: run.exitCode,
    wallMs: run.wallMs,
    stop: report.ab.stop,
    control: report.ab.control.kind,
    rounds: report.ab.rounds,
    samplingMs: report.ab.samplingMs,
    confirmationMs: report.ab.confirmationMs,
    loadAverage: report.run.environment.soft.loadAverage1m,
    verdicts,
  }
}
