/**
 * What the compare probes (pairProbe.mjs, copyProbe.mjs) share: the compare bench project without its size files,
 * with test files of the probe's own; a number of fresh runner invocations at quarter time (as compare rounds run),
 * each giving its report's measurements; and the statistics of log medians they report.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../lib/paths.mjs'
import { runProcess } from '../lib/runProcess.mjs'
import { SIZES, writeSuite } from './suite.mjs'

/** Units per operation: 0.6–30 ms each on this machine (the unit costs differ by kind and runner). */
export const REPS = { string: 12000, json: 350, regex: 500, map: 10000, math: 25000 }

/** `--name=value` from argv, or the fallback. */
export const flag = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback

/** The compare bench project in a temp folder, without its size test files (the probe writes its own). */
export function createProbeProject(runner) {
  const ext = runner === 'vitest' ? 'ts' : 'js'
  const root = mkdtempSync(join(tmpdir(), 'perf-sentinel-probe-'))
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
  const dir = join(root, 'project')
  writeSuite(dir, runner, {})
  for (const size of Object.keys(SIZES)) rmSync(join(dir, 'test', `s${size}.test.${ext}`))
  return {
    dir,
    ext,
    write: (relative, text) => writeFileSync(join(dir, relative), text),
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}

/** The test file header: the runner's `test`, perf-sentinel's `measure`, and `run` imported under each given name. */
export function probeImports(runner, modules) {
  if (runner === 'vitest')
    return `import { test } from 'vitest'\nimport { measure } from 'perf-sentinel'\n${Object.entries(modules)
      .map(([name, path]) => `import { run as ${name} } from '${path}'\n`)
      .join('')}`
  return `const { measure } = require('perf-sentinel')\n${Object.entries(modules)
    .map(([name, path]) => `const { run: ${name} } = require('${path}')\n`)
    .join('')}`
}

/**
 * `runs` fresh invocations of the project (Jest in band; Vitest with `vitestArgs`), quarter-time; for each, the
 * measurements (test durations left out) of its report.json.
 */
export async function invokeProbe(project, runner, runs, vitestArgs = [], extraEnv = {}) {
  const bin =
    runner === 'vitest'
      ? [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...vitestArgs]
      : [join(REPO_ROOT, 'node_modules/jest/bin/jest.js'), '--runInBand']
  const reports = []
  for (let i = 0; i < runs; i++) {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PERF_SENTINEL_TIME_SCALE: '0.25', ...extraEnv }
    const run = await runProcess(process.execPath, bin, { cwd: project.dir, env })
    if (run.exitCode !== 0) throw new Error(`${runner} failed (exit ${run.exitCode}):\n${run.stderr}`)
    const report = JSON.parse(readFileSync(join(project.dir, 'perf-report', 'report.json'), 'utf8'))
    reports.push(report.measurements.filter((m) => m.kind !== 'test-duration'))
    console.log(`${runner} process ${i + 1}/${runs}`)
  }
  return reports
}

export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
/** Sample standard deviation. */
export const sd = (xs) => {
  const m = mean(xs)
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1))
}
export const percent = (x) => `${(x * 100).toFixed(1)}%`
