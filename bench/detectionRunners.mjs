/**
 * Part `detection-runners` — detection quality of the stored-baseline gate in real `vitest run` and `jest` processes
 * on generated projects in temp git repositories (bench/detectionRunners/suite.mjs: five workload kinds × sizes).
 *
 * Per runner, `--recordings` times: record a baseline the way a user gets one by default (the first run outside CI,
 * which records from `baselineRuns` processes: this run and re-runs of its measured test files) and a
 * `baseline update --runs N` baseline at the base commit; then CI runs (CI=true, confirmation on) of head
 * commits against each: A/A (only a comment changed), +20% (every measurement 1.2× the work) and 3× (3× the work).
 * One report.json per run gives three rules side by side: the naive rule (head / baseline median > 1.10), the gate
 * before confirmation and the gate after confirmation (see detectionRunners/outcome.mjs).
 *
 *   node bench/detectionRunners.mjs --runs 50 --recordings 5 --sizes 200us,5ms --parallel
 *   npm run bench -- detection-runners --runs=2 --recordings=1 --sizes=200us --kinds=json,math   (smoke)
 *
 * Flags: --runs (A/A CI runs per baseline kind per runner), --recordings (baselines of each kind per runner),
 * --slow20 / --slow3x (runs per baseline kind per runner), --baseline-runs (N of the multi-process baseline, 3),
 * --runners, --sizes, --kinds, --time-ms (measure() timeMs; default the product's), --floor-ms (absoluteFloorMs;
 * default the product's), --parallel (both runners at once), --budget-min (no new runs after it), --fresh.
 * Incremental: every run is appended to bench/results/detection-runners.state.json at once; a re-run continues.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeMachine } from './lib/machine.mjs'
import { RESULTS_DIR } from './lib/paths.mjs'
import { writeResults } from './lib/writeResults.mjs'
import { outcomes } from './detectionRunners/outcome.mjs'
import { openProject } from './detectionRunners/project.mjs'
import { render } from './detectionRunners/render.mjs'
import { ALL_KINDS, ALL_SIZES, measurementNames, planSource, scaledPlan } from './detectionRunners/suite.mjs'

const STATE = join(RESULTS_DIR, 'detection-runners.state.json')
const CALIBRATION_REPS = 200

const flags = {}
for (let i = 2; i < process.argv.length; i++) {
  const [key, inline] = process.argv[i].replace(/^--/, '').split('=')
  const next = process.argv[i + 1]
  if (inline !== undefined) flags[key] = inline
  else if (next !== undefined && !next.startsWith('--')) {
    flags[key] = next
    i++
  } else flags[key] = 'true'
}
const config = {
  runs: Number(flags.runs ?? 50),
  recordings: Number(flags.recordings ?? 5),
  slow20: Number(flags.slow20 ?? 10),
  slow3x: Number(flags.slow3x ?? 5),
  baselineRuns: Number(flags['baseline-runs'] ?? 3),
  runners: (flags.runners ?? 'vitest,jest').split(','),
  sizes: (flags.sizes ?? '200us,5ms').split(','),
  kinds: (flags.kinds ?? ALL_KINDS.join(',')).split(','),
  timeMs: flags['time-ms'] === undefined ? undefined : Number(flags['time-ms']),
  absoluteFloorMs: flags['floor-ms'] === undefined ? undefined : Number(flags['floor-ms']),
  parallel: flags.parallel === 'true',
  budgetMin: Number(flags['budget-min'] ?? 600),
}
for (const size of config.sizes) if (!(size in ALL_SIZES)) throw new Error(`--sizes: ${size} is not one of ${Object.keys(ALL_SIZES)}`)
for (const kind of config.kinds) if (!ALL_KINDS.includes(kind)) throw new Error(`--kinds: ${kind} is not one of ${ALL_KINDS}`)
const names = measurementNames(config.kinds, config.sizes)

const fresh = flags.fresh === 'true' || !existsSync(STATE)
const state = fresh
  ? { machine: describeMachine(), config, startedAt: new Date().toISOString(), projects: {}, calibration: {}, recordings: [], runs: [] }
  : JSON.parse(readFileSync(STATE, 'utf8'))
if (!fresh && JSON.stringify(names) !== JSON.stringify(measurementNames(state.config.kinds, state.config.sizes))) {
  throw new Error('The saved state has other kinds/sizes: pass --fresh to start over, or the same --kinds/--sizes.')
}
state.config = { ...config, runs: Math.max(config.runs, state.config?.runs ?? 0) }
const save = () => {
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(STATE, `${JSON.stringify(state)}\n`)
}
const startMs = Date.now()
const elapsed = () => `${((Date.now() - startMs) / 60_000).toFixed(1)} min`
const overBudget = () => Date.now() - startMs > config.budgetMin * 60_000

const work = config.runners.map((runner) => benchRunner(runner))
if (config.parallel) await Promise.all(work.map((start) => start()))
else for (const start of work) await start()

state.finishedAt = new Date().toISOString()
save()
writeResults('detection-runners', state, render(state, names))

/** All recordings and CI runs of one runner (returned as a thunk so runners can go in parallel or in turn). */
function benchRunner(runner) {
  return async () => {
    const base = { runner, kinds: config.kinds, sizes: config.sizes, timeMs: config.timeMs, absoluteFloorMs: config.absoluteFloorMs }
    const project = openProject({
      ...base,
      root: state.projects[runner],
      plan: Object.fromEntries(names.map((n) => [n, CALIBRATION_REPS])),
    })
    if (project.root !== state.projects[runner]) {
      // A new project: calibrate the reps for the target sizes with one CI run, then commit the base.
      const run = await project.run({ ci: true })
      if (!run.report) throw new Error(`${runner} calibration wrote no report (exit ${run.exitCode}):\n${run.stderrTail}`)
      const plan = {}
      for (const name of names) {
        const m = run.report.measurements.find((x) => x.name === name)
        plan[name] = Math.max(1, Math.round((ALL_SIZES[name.split(' ')[1]] / 1000) * (CALIBRATION_REPS / m.stats.medianMs)))
      }
      state.calibration[runner] = { plan, wallMs: run.wallMs }
      writeFileSync(join(project.dir, 'src', 'plan.js'), planSource(runner, plan, 'base'))
      state.projects[runner] = project.root
      state.recordings = state.recordings.filter((r) => r.runner !== runner)
      state.runs = state.runs.filter((r) => r.runner !== runner)
      save()
      console.log(`[${runner}] calibrated reps ${JSON.stringify(plan)} (${elapsed()})`)
    }
    const plan = state.calibration[runner].plan
    project.commitBase()
    const baselineKinds = { b1: 1, [`b${config.baselineRuns}`]: config.baselineRuns }
    const per = (total) => Math.ceil(total / config.recordings)
    for (let r = 0; r < config.recordings && !overBudget(); r++) {
      for (const [kind, processes] of Object.entries(baselineKinds)) {
        const file = join(project.root, 'baselines', `${kind}-${r}.json`)
        if (state.recordings.some((x) => x.runner === runner && x.kind === kind && x.recording === r) && existsSync(file)) continue
        const rec = await project.recordBaseline(processes, file)
        state.recordings = state.recordings.filter((x) => !(x.runner === runner && x.kind === kind && x.recording === r))
        state.recordings.push({ runner, kind, processes, recording: r, ...rec, baseline: JSON.parse(readFileSync(file, 'utf8')) })
        save()
        console.log(
          `[${runner}] baseline ${kind} #${r + 1} recorded in ${(rec.wallMs / 1000).toFixed(1)} s (load ${rec.load1m.toFixed(1)}, ${elapsed()})`,
        )
      }
      // This recording's CI runs, interleaved so slow phases of the machine hit every rule and effect alike.
      const tasks = []
      for (const kind of Object.keys(baselineKinds)) {
        for (const [effect, count, factor] of [
          ['A/A', per(config.runs), 1],
          ['+20%', per(config.slow20), 1.2],
          ['3x', per(config.slow3x), 3],
        ]) {
          for (let i = 0; i < count; i++) tasks.push({ kind, effect, factor, index: i, key: (i + 0.5) / count })
        }
      }
      tasks.sort((a, b) => a.key - b.key)
      for (const task of tasks) {
        if (overBudget()) break
        const done = (x) =>
          x.runner === runner && x.kind === task.kind && x.recording === r && x.effect === task.effect && x.index === task.index
        if (state.runs.some(done)) continue
        const file = join(project.root, 'baselines', `${task.kind}-${r}.json`)
        const tag = `${task.effect} #${task.index} vs ${task.kind}-${r}`
        project.commitHead(`head-${task.kind}`, scaledPlan(plan, task.factor), tag, file)
        const run = await project.run({ ci: true })
        if (!run.report) throw new Error(`[${runner}] ${tag} wrote no report (exit ${run.exitCode}):\n${run.stderrTail}`)
        const baseline = JSON.parse(readFileSync(file, 'utf8'))
        const result = outcomes(run.report, baseline, runner, names)
        const confirmationRan = Object.values(result).some((o) => o.confirmation !== undefined)
        state.runs.push({
          runner,
          kind: task.kind,
          recording: r,
          effect: task.effect,
          index: task.index,
          exitCode: run.exitCode,
          wallMs: run.wallMs,
          load1m: run.load1m,
          confirmationRan,
          measurements: result,
        })
        save()
        const flagged = (rule) => names.filter((n) => result[n][rule]).length
        console.log(
          `[${runner}] ${tag}: exit ${run.exitCode}, ${(run.wallMs / 1000).toFixed(1)} s, load ${run.load1m.toFixed(1)} — naive ${flagged('naive')}, gate ${flagged('pre')}, confirmed ${flagged('final')} of ${names.length} (${elapsed()})`,
        )
      }
    }
  }
}
