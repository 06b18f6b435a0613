/**
 * Entry point of `npm run bench` (which builds dist first). Runs every part, or the ones named, each in its own
 * Node process so no part inherits another's JIT state or heap:
 *
 *   node bench/run.mjs                      all five parts (about 15–20 min on a 2-core machine)
 *   node bench/run.mjs accuracy detection   only these parts
 *   node bench/run.mjs overhead --pairs=20  flags are passed to every selected part
 *
 * Parts: accuracy, overhead, detection, compare-speed, html; and overhead-breakdown (diagnostic) and compare-ab (hours at
 * full size: `perf-sentinel compare` A/A and detection, resumable, --runs=N) with compare-ab-sim (its decision engine on
 * simulated rounds, --comparisons=N), not in the default set; compare-pair-probe (would base and head in one process
 * cancel the spread of process medians? --runner=jest|vitest --runs=N, ~2 min) and compare-copy-probe (do copies of a
 * test file in one invocation give independent draws? --runner=jest|vitest --runs=N --copies=K, ~2 min) run when named,
 * and reference-probe (does the machine reference read the measured code's state? --runner=jest|vitest --runs=N, ~2 min).
 * load (load() beside autocannon, ~4 min, --runs=N), load-lag (the open model's scheduler lateness, ~10 s) and memory (allocation, leaks, sampler cost, ~3 min) run when named.
 * detection-runners (the stored-baseline gate in real Vitest/Jest processes, ~45 min at full size) runs when named.
 * perf-timing (perfTiming cost per call, ~1 min), blocking (toBlockEventLoop accuracy in Vitest and Jest, 100 runs per
 * case, ~3 min, --runs=N) and profile (profile focus, on/off agreement, passing-run cost, ~3 min, --pairs=N) run when named.
 * http (separate server processes per mode, ~16 min) and http-toggled (the monitor switched on/off every 250 ms inside
 * one saturated server: paired, tight intervals, ~7 min, --duration=S) run when named.
 * run-end (the reporter's run end alone, fresh processes) and run-end-in-jest (the same timed inside real Jest runs,
 * ~2 min) run when named.
 * Results: bench/results/<part>.json and .md (git-ignored); BENCHMARKS.md quotes them.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DIST_INDEX } from './lib/paths.mjs'

const PARTS = {
  accuracy: './accuracy.mjs',
  overhead: './overhead/index.mjs',
  detection: './detection.mjs',
  'compare-speed': './compareSpeed.mjs',
  html: './html.mjs',
  'overhead-breakdown': './overhead/breakdown.mjs',
  'run-end': './overhead/runEnd.mjs',
  'run-end-in-jest': './overhead/runEndInJest.mjs',
  'compare-ab': './compareAb.mjs',
  'compare-ab-sim': './compareAb/simulate.mjs',
  'compare-pair-probe': './compareAb/pairProbe.mjs',
  'compare-copy-probe': './compareAb/copyProbe.mjs',
  'reference-probe': './compareAb/referenceProbe.mjs',
  http: './http.mjs',
  'http-toggled': './http/toggled.mjs',
  load: './load.mjs',
  'load-lag': './load/schedulerLag.mjs',
  memory: './memory.mjs',
  'detection-runners': './detectionRunners.mjs',
  'perf-timing': './perfTiming.mjs',
  blocking: './blocking.mjs',
  profile: './profile.mjs',
}
const DEFAULT_PARTS = ['accuracy', 'overhead', 'detection', 'compare-speed', 'html']

const args = process.argv.slice(2)
const flags = args.filter((a) => a.startsWith('--'))
const named = args.filter((a) => !a.startsWith('--'))
const unknown = named.filter((name) => !(name in PARTS))
if (unknown.length > 0) {
  console.error(`Unknown part(s): ${unknown.join(', ')}. Choose from: ${Object.keys(PARTS).join(', ')}.`)
  process.exit(2)
}
if (!existsSync(DIST_INDEX)) {
  console.error('dist/ is missing: build first (`npm run bench` does it, or `npx tsup`).')
  process.exit(2)
}

let failed = 0
for (const part of named.length > 0 ? named : DEFAULT_PARTS) {
  console.log(`\n=== ${part} ===`)
  const script = fileURLToPath(new URL(PARTS[part], import.meta.url))
  const { status } = spawnSync(process.execPath, [script, ...flags], { stdio: 'inherit' })
  if (status !== 0) {
    console.error(`${part} failed with exit code ${status}`)
    failed++
  }
}
process.exitCode = failed > 0 ? 1 : 0
