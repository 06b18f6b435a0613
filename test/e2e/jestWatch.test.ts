// `jest --watchAll` with the README's config: Jest re-runs when a watched file changes, `.json` included, so each
// run's report.json, history file and baseline started the next run, forever (63 runs in 90 s in a review). Without
// `watchPathIgnorePatterns` for those files the reporter now writes nothing in watch mode and prints the patterns to
// add; with them, a watch run measures and writes as usual, once.
import { spawn } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import type { FixtureProject } from './fixtureProject.js'
import { createFixtureProject, toolchainNodeModules } from './fixtureProject.js'
import { baselineMedian, WATCH_ENV, watchProcess } from './watchProcess.js'

const PATTERNS = ['<rootDir>/perf-report/', '<rootDir>/.perf-sentinel/', '<rootDir>/perf-baseline.json']

/** Runs `jest --watchAll` until its first run ended and `quietMs` more passed; returns the output and how many runs. */
async function watchAll(project: FixtureProject, extra: string[], quietMs = 8_000): Promise<{ output: string; runs: number }> {
  const child = spawn(process.execPath, [join(toolchainNodeModules('main'), 'jest', 'bin', 'jest.js'), '--watchAll', ...extra], {
    cwd: project.dir,
    env: WATCH_ENV,
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

describe('jest --watchAll with a standing regression', () => {
  // Jest builds new reporters for every watch run: the session's memory has to outlive them.
  it('confirms it once, then reuses that confirmation on the next save', async () => {
    const project = createFixtureProject('jest-regression')
    const baseline = await project.jest([], WATCH_ENV)
    expect(baseline.exitCode, baseline.output).toBe(0)
    const jestBin = join(toolchainNodeModules('main'), 'jest', 'bin', 'jest.js')
    const ignore = PATTERNS.map((pattern) => `--watchPathIgnorePatterns=${pattern}`)
    const env = { ...WATCH_ENV, PERF_FIXTURE_FACTOR: '10' }
    appendFileSync(join(project.dir, 'jest.config.js'), "\nmodule.exports.watchPlugins = ['perf-sentinel/jest/watch-plugin']\n")
    // Through `script`: Jest reads its watch prompt's keys only from a terminal.
    const command = [process.execPath, jestBin, '--watchAll', ...ignore].map((arg) => `'${arg}'`).join(' ')
    const jest = watchProcess('script', ['-qfec', command, '/dev/null'], project.dir, env)
    const runEnd = 'wrote perf-report/report.json'
    try {
      await jest.waitFor(runEnd, 1)
      expect(jest.output()).toContain('Confirmation: 1 of 1 regression(s) confirmed by up to 5 re-runs')
      const first = jest.output().length
      appendFileSync(join(project.dir, 'test/parser.test.js'), '\n// saved\n')
      await jest.waitFor(runEnd, 2)
      const second = jest.output().slice(first)
      expect(second, jest.output()).toContain('regressed')
      expect(project.readJson<{ run: { notes: string[] } }>('perf-report/report.json').run.notes).toContain(
        '1 regression(s) confirmed earlier in this watch session: not re-run for this change.',
      )
      expect(second).not.toContain('Confirmation: 1 of 1')
      // The watch plugin's key (Jest's `u` is offered only for failing snapshots): the baseline accepts the regression.
      expect(jest.output()).toContain('update the perf baseline from the last run’s tests')
      const before = baselineMedian(project)
      jest.type('b')
      await jest.waitFor(runEnd, 3)
      expect(baselineMedian(project) / before, jest.output()).toBeGreaterThan(4)
      // The update was for that run only: the next save compares again, and passes against the new baseline.
      const accepted = baselineMedian(project)
      appendFileSync(join(project.dir, 'test/parser.test.js'), '\n// saved again\n')
      await jest.waitFor(runEnd, 4)
      expect(baselineMedian(project)).toBe(accepted)
      expect(jest.output().split(runEnd)[3]).not.toContain('regressed')
      expect(project.readJson<{ run: { baseline?: unknown } }>('perf-report/report.json').run.baseline).toBeDefined()
    } finally {
      jest.kill()
    }
  }, 150_000)

  // `jest --watch` re-runs changed files only, and a pattern narrows a run: `b` then re-runs a set without the file
  // that regressed. Was: that regression was never accepted (its file's baseline stayed as it was).
  it('the watch plugin key also accepts a regression of a file the last run did not include', async () => {
    const project = createFixtureProject('jest-regression')
    project.write('test/other.test.js', "test('other', () => { expect(1 + 1).toBe(2) })\n")
    const baseline = await project.jest([], WATCH_ENV)
    expect(baseline.exitCode, baseline.output).toBe(0)
    const before = baselineMedian(project)
    const jestBin = join(toolchainNodeModules('main'), 'jest', 'bin', 'jest.js')
    const ignore = PATTERNS.map((pattern) => `--watchPathIgnorePatterns=${pattern}`)
    appendFileSync(join(project.dir, 'jest.config.js'), "\nmodule.exports.watchPlugins = ['perf-sentinel/jest/watch-plugin']\n")
    const command = [process.execPath, jestBin, '--watchAll', ...ignore].map((arg) => `'${arg}'`).join(' ')
    const jest = watchProcess('script', ['-qfec', command, '/dev/null'], project.dir, { ...WATCH_ENV, PERF_FIXTURE_FACTOR: '10' })
    const runEnd = 'wrote perf-report/report.json'
    try {
      await jest.waitFor(runEnd, 1)
      expect(jest.output()).toContain('Confirmation: 1 of 1 regression(s) confirmed')
      // Jest's `p`: a run of test/other.test.js only.
      jest.type('p')
      await sleep(500)
      // One key per chunk: Jest reads a chunk as one key press.
      jest.type('other')
      await sleep(500)
      jest.type('\r')
      await jest.waitFor(runEnd, 2)
      expect(jest.output().split(runEnd)[1], jest.output()).toContain('other.test.js')
      expect(baselineMedian(project)).toBe(before)
      jest.type('b')
      await jest.waitFor(runEnd, 3)
      const third = jest.output().split(runEnd)[2] ?? ''
      expect(third, jest.output()).toContain('updating the perf baseline also for 1 file(s) that regressed earlier in this watch session')
      expect(third).toContain('test/parser.test.js')
      expect(baselineMedian(project) / before, jest.output()).toBeGreaterThan(4)
    } finally {
      jest.kill()
    }
  }, 150_000)
})
