// `jest --watchAll` with the README's config: Jest re-runs when a watched file changes, `.json` included, so each
// run's report.json, history file and baseline started the next run, forever (63 runs in 90 s in a review). Without
// `watchPathIgnorePatterns` for those files the reporter now writes nothing in watch mode and prints the patterns to
// add; with them, a watch run measures and writes as usual, once.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import type { FixtureProject } from './fixtureProject.js'
import { createFixtureProject, toolchainNodeModules } from './fixtureProject.js'

const PATTERNS = ['<rootDir>/perf-report/', '<rootDir>/.perf-sentinel/', '<rootDir>/perf-baseline.json']

/** Runs `jest --watchAll` until its first run ended and `quietMs` more passed; returns the output and how many runs. */
async function watchAll(project: FixtureProject, extra: string[], quietMs = 8_000): Promise<{ output: string; runs: number }> {
  const child = spawn(process.execPath, [join(toolchainNodeModules('main'), 'jest', 'bin', 'jest.js'), '--watchAll', ...extra], {
    cwd: project.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, NO_COLOR: '1', PERF_SENTINEL_BASELINE_RUNS: '1' },
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const runs = (): number => output.split('Ran all test suites').length - 1
  try {
    for (let waited = 0; runs() === 0 && waited < 90_000; waited += 200) await sleep(200)
    await sleep(quietMs)
    return { output, runs: runs() }
  } finally {
    child.kill('SIGKILL')
  }
}

describe('jest --watchAll', () => {
  it('without ignore patterns: one run, nothing written, the patterns to add named', async () => {
    const project = createFixtureProject('jest-basic')
    const { output, runs } = await watchAll(project, [])
    expect(runs, output).toBe(1)
    expect(output).toContain(`Add to jest.config: watchPathIgnorePatterns: [${PATTERNS.map((p) => `'${p}'`).join(', ')}]`)
    expect(project.exists('perf-report/report.json')).toBe(false)
    expect(project.exists('perf-baseline.json')).toBe(false)
  }, 120_000)

  it('with the named patterns: one run that measures and writes its reports', async () => {
    const project = createFixtureProject('jest-basic')
    const { output, runs } = await watchAll(
      project,
      PATTERNS.map((pattern) => `--watchPathIgnorePatterns=${pattern}`),
    )
    expect(runs, output).toBe(1)
    expect(output).toContain('wrote perf-report/report.json')
    expect(project.exists('perf-baseline.json')).toBe(true)
  }, 120_000)
})
