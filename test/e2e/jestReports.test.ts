import { describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/model/report.js'
import { createFixtureProject } from './fixtureProject.js'
import { byName, expectConcurrentAttribution } from './reportChecks.js'

describe('Jest: measurements reach the perf reports', () => {
  for (const mode of [['--maxWorkers=2'], ['--runInBand']]) {
    it(`writes the reports with ${mode.join(' ')}`, async () => {
      const project = createFixtureProject('jest-basic')
      const run = await project.jest(mode)
      expect(run.exitCode, run.output).toBe(0)
      expect(run.stderr).toMatch(/subjects > bench hook > work 2000\s+[\d.]+ (µs|ms)/)
      const report = project.readJson<PerfReport>('perf-report/report.json')
      expect(report.run.runner.name).toBe('jest')
      expect(report.run.runner.version).toMatch(/^30\./)
      const bench = byName(report, 'work 2000')
      expect(bench.id).toBe('test/subjects.test.js > subjects > bench hook > work 2000')
      expect(bench.kind).toBe('measure')
      expect(bench.concurrent).toBe(false)
      expect(bench.stats.n).toBeGreaterThanOrEqual(10)
      expect(byName(report, 'toCompleteWithin #1').budget?.withinBudget).toBe(true)
      expect(byName(report, 'async generator').subject).toBe('async-generator')
      expect(report.measurements.filter((m) => m.kind === 'test-duration')).toHaveLength(7)
      expect(project.read('perf-report/report.md')).toContain('| work 2000 |')
      // Real time under jest.useFakeTimers(), which also fakes performance.now() and process.hrtime.
      expect(byName(report, 'under fake timers').stats.medianMs).toBeGreaterThan(0.01)
      // The machine reference times the machine, not Jest's sandboxed global lookups: ~10 µs (0.2–0.4 ms when it read
      // the global Math in a loop), and of one order for every measurement of the run. Not tighter: it is meant to see
      // the machine's speed states, which moved it 1.4–2× between measurements of one run here (a loaded machine has
      // short phases of 10×: one reference read 0.26 ms while five e2e files ran on the 2 cores), so the median of the
      // run's references: a global lookup in the loop would put every one of them at 0.2–0.4 ms.
      const references = report.measurements.flatMap((m) => (m.referenceMixMs === undefined ? [] : [m.referenceMixMs]))
      expect(references.length).toBeGreaterThanOrEqual(8)
      const middle = [...references].sort((a, b) => a - b)[Math.floor(references.length / 2)] as number
      expect(middle).toBeLessThan(0.1)
      const near = references.filter((r) => r < middle * 3 && r > middle / 3)
      const listed = report.measurements.map((m) => `${m.name}: ${m.referenceMixMs}`).join(', ')
      expect(near.length / references.length, listed).toBeGreaterThanOrEqual(0.75)
    })
  }

  it('attributes test.concurrent measurements to their own test and marks them concurrent', async () => {
    const project = createFixtureProject('jest-basic')
    const run = await project.jest(['test/concurrent.test.js'])
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expectConcurrentAttribution(report)
  })

  it('lists failed tests when it is the only reporter, and only then', async () => {
    const project = createFixtureProject('jest-basic')
    project.write('test/broken.test.js', "test('adds up', () => { expect(1 + 1).toBe(3) })\n")
    const config = (reporters: string): string =>
      `module.exports = { testEnvironment: 'node', setupFilesAfterEnv: ['perf-sentinel/jest/setup'], reporters: ${reporters} }\n`
    project.write('jest.config.js', config("['perf-sentinel/jest/reporter']"))
    const alone = await project.jest(['test/broken.test.js'])
    expect(alone.exitCode).not.toBe(0)
    expect(alone.output).toContain('1 failure(s)')
    expect(alone.output).toMatch(/FAIL test\/broken\.test\.js > adds up: .*expect\(received\)\.toBe\(expected\)/)
    project.write('jest.config.js', config("['default', 'perf-sentinel/jest/reporter']"))
    const withDefault = await project.jest(['test/broken.test.js'])
    expect(withDefault.exitCode).not.toBe(0)
    expect(withDefault.output).not.toContain('failure(s) (add')
  })

  it('without the setup file: a measure() is not lost silently and a matcher call says what to add', async () => {
    const project = createFixtureProject('jest-basic')
    project.write('jest.config.js', "module.exports = { testEnvironment: 'node', reporters: ['default', 'perf-sentinel/jest/reporter'] }\n")
    project.write(
      'test/bench.test.js',
      "const { measure } = require('perf-sentinel')\ntest('benches', async () => { await measure('sum', () => 1 + 1, { timeMs: 20 }) })\n",
    )
    const measured = await project.jest(['--runInBand', 'test/bench.test.js'])
    expect(measured.exitCode, measured.output).not.toBe(0)
    expect(measured.output).toContain('1 measurement(s) in 1 test file(s) were taken but not recorded')
    expect(measured.output).toContain('"sum" in test/bench.test.js')
    expect(measured.output).toContain("add setupFilesAfterEnv: ['perf-sentinel/jest/setup']")
    const matcher = await project.jest(['--maxWorkers=2', 'test/subjects.test.js', 'test/bench.test.js'])
    expect(matcher.exitCode).not.toBe(0)
    expect(matcher.output).toContain(
      'test/subjects.test.js called `toCompleteWithin`, but its Jest config loads no perf-sentinel setup file',
    )
    expect(matcher.output).not.toContain('from a module it imports')
  })

  it('fails fast on an invalid reporter option', async () => {
    const project = createFixtureProject('jest-basic')
    project.write(
      'jest.config.js',
      `module.exports = { testEnvironment: 'node', setupFilesAfterEnv: ['perf-sentinel/jest/setup'], reporters: ['default', ['perf-sentinel/jest/reporter', { outputDri: 'x' }]] }\n`,
    )
    const run = await project.jest([])
    expect(run.exitCode).not.toBe(0)
    expect(run.output).toContain('unknown reporter option "outputDri"')
    // The error's class keeps its name in the CommonJS build (not `_class [PerfSentinelError]`).
    expect(run.output).toContain('PerfSentinelError: An error occurred while adding the reporter')
    expect(run.output).not.toMatch(/_class\d* \[PerfSentinelError\]|^\s*_class\d*:/m)
  })
})
