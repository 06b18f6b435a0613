// Every Jest config layout real projects use: the "jest" key in package.json, ES module and TypeScript config files,
// `projects` (two projects running the same files) and a custom `testRunner`. In each, the matchers, measure() and
// the reporter work, and every run of a test file keeps its own measurements.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/model/report.js'
import type { FixtureProject } from './fixtureProject.js'
import { createFixtureProject, NODE22, REPO_ROOT, toolchainAvailable } from './fixtureProject.js'

const GATED = ['test/budget.test.js > budget > bench hook > work 500', 'test/budget.test.js > budget > matcher > work budget']
const TESTS = ['adds', 'budget > bench hook', 'budget > matcher', 'works']
const CONFIGS = ['jest.config.mjs', 'jest.config.ts', 'jest.projects.config.js', 'jest.runner.config.js']

/** The fixture with only `keep` among the config files (Jest refuses to choose between several). */
function layout(keep?: string): FixtureProject {
  const project = createFixtureProject('jest-layouts')
  for (const file of CONFIGS) if (file !== keep) rmSync(join(project.dir, file))
  if (keep !== undefined) {
    // Only one place may configure Jest: drop the package.json key when a config file is used.
    project.write('package.json', JSON.stringify({ name: 'fixture-jest-layouts', private: true }))
  }
  return project
}

function gated(report: PerfReport): string[] {
  return report.measurements
    .filter((m) => m.kind !== 'test-duration')
    .map((m) => m.id)
    .sort()
}

function durations(report: PerfReport): string[] {
  return report.measurements
    .filter((m) => m.kind === 'test-duration')
    .map((m) => m.testName)
    .sort()
}

describe('Jest config layouts', () => {
  it('the "jest" key in package.json, with reporter options', async () => {
    const project = layout()
    const run = await project.jest([])
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-pkg/report.json')
    expect(gated(report)).toEqual(GATED)
    expect(durations(report)).toEqual(TESTS)
  })

  // jest-environment-jsdom resolves packages with the `browser` condition: perf-sentinel's is the Node build there.
  it("the `browser` export condition (jsdom's), with 2 workers: measure() and the matchers still measure", async () => {
    const project = layout('jest.config.mjs')
    const config = project
      .read('jest.config.mjs')
      .replace("testEnvironment: 'node',", "testEnvironment: 'node',\n  testEnvironmentOptions: { customExportConditions: ['browser'] },")
    expect(config).toContain('customExportConditions')
    project.write('jest.config.mjs', config)
    const run = await project.jest(['--maxWorkers=2'])
    expect(run.exitCode, run.output).toBe(0)
    expect(gated(project.readJson<PerfReport>('perf-esm/report.json'))).toEqual(GATED)
  })

  it('an ES module config file, with 2 workers', async () => {
    const project = layout('jest.config.mjs')
    const run = await project.jest(['--maxWorkers=2'])
    expect(run.exitCode, run.output).toBe(0)
    expect(gated(project.readJson<PerfReport>('perf-esm/report.json'))).toEqual(GATED)
  })

  it.skipIf(!toolchainAvailable('vitest5') && !process.env.CI)('a TypeScript config file (Node 22 strips the types)', async () => {
    const project = layout('jest.config.ts')
    const run = await project.run(NODE22, [join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js')])
    expect(run.exitCode, run.output).toBe(0)
    expect(gated(project.readJson<PerfReport>('perf-ts/report.json'))).toEqual(GATED)
  })

  it('projects running the same files: each run of a file keeps its own measurements and durations', async () => {
    const project = layout('jest.projects.config.js')
    const run = await project.jest(['--config=jest.projects.config.js', '--maxWorkers=2'])
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    // Both projects measured both: the ids and test names carry the project, so every id stays unique.
    expect(gated(report)).toEqual([
      '[first] > test/budget.test.js > budget > bench hook > work 500',
      '[first] > test/budget.test.js > budget > matcher > work budget',
      '[second] > test/budget.test.js > budget > bench hook > work 500',
      '[second] > test/budget.test.js > budget > matcher > work budget',
    ])
    expect(durations(report)).toEqual([...TESTS.map((test) => `[first] ${test}`), ...TESTS.map((test) => `[second] ${test}`)])
  })

  // Was: a --selectProjects run compared the other project's entries as `removed`, and with -u deleted them.
  it('projects running the same files: --selectProjects and -u leave the other project’s entries alone', async () => {
    const project = layout('jest.projects.config.js')
    const config = ['--config=jest.projects.config.js', '--maxWorkers=2']
    expect((await project.jest(config)).exitCode).toBe(0)
    const entries = (): string[] => Object.keys(project.readJson<{ entries: object }>('perf-baseline.json').entries).sort()
    const recorded = entries()
    expect(recorded).toHaveLength(4)
    const filtered = await project.jest([...config, '--selectProjects=first'])
    expect(filtered.exitCode, filtered.output).toBe(0)
    expect(filtered.output).not.toContain('removed')
    const updated = await project.jest([...config, '--selectProjects=first', '-u'])
    expect(updated.exitCode, updated.output).toBe(0)
    expect(entries()).toEqual(recorded)
  })

  it('projects running the same files, one without the setup file: the measurements stay with the run that took them', async () => {
    const project = layout('jest.projects.config.js')
    project.write(
      'jest.projects.config.js',
      `const project = (displayName, setup) => ({ displayName, testEnvironment: 'node', testMatch: ['<rootDir>/test/**/*.test.js'], ` +
        `...(setup ? { setupFilesAfterEnv: ['perf-sentinel/jest/setup'] } : {}) })\n` +
        `module.exports = { projects: [project('with', true), project('missing', false)], reporters: ['default', 'perf-sentinel/jest/reporter'] }\n`,
    )
    // In band, the project without the setup finishes its run of the file first: it used to take the other's sidecar.
    const run = await project.jest(['--config=jest.projects.config.js', '--runInBand'])
    expect(run.exitCode, run.output).not.toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(gated(report)).toEqual([
      '[with] > test/budget.test.js > budget > bench hook > work 500',
      '[with] > test/budget.test.js > budget > matcher > work budget',
    ])
    expect(report.removed).toEqual([])
  })

  it('the setup file under setupFiles (too early for expect): one error saying where it belongs', async () => {
    const project = layout('jest.projects.config.js')
    project.write(
      'jest.projects.config.js',
      `module.exports = { testEnvironment: 'node', setupFiles: ['perf-sentinel/jest/setup'], reporters: ['default', 'perf-sentinel/jest/reporter'] }\n`,
    )
    const run = await project.jest(['--config=jest.projects.config.js'])
    expect(run.exitCode).not.toBe(0)
    expect(run.output).toContain("Fix: move 'perf-sentinel/jest/setup' from setupFiles to setupFilesAfterEnv")
    expect(run.output).not.toContain("reading 'getState'")
  })

  it('a custom testRunner wrapping jest-circus', async () => {
    const project = layout('jest.runner.config.js')
    const run = await project.jest(['--config=jest.runner.config.js', '--runInBand'])
    expect(run.exitCode, run.output).toBe(0)
    expect(gated(project.readJson<PerfReport>('perf-report/report.json'))).toEqual(GATED)
  })
})
