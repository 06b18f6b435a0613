// Every Vitest config layout real projects use: inline `test.projects` (with and without `extends: true`, a function
// entry, a type-check-only project), projects from their own config files, function configs, mergeConfig wrappers
// and no config file at all. In each, `--reporter perf` (or the reporter's module path) starts, the matchers and
// measure() reach every project from one root `perfSentinel()`, and the report holds what was measured.
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/model/report.js'
import type { FixtureProject, RunResult } from './fixtureProject.js'
import { createFixtureProject, toolchainAvailable } from './fixtureProject.js'

const UNIT_IDS = ['test/unit/budget.test.ts > budget > bench hook > work 500', 'test/unit/budget.test.ts > budget > matcher > work budget']
const UNIT_TESTS = ['budget > matcher', 'budget > bench hook', 'adds', 'works']

/** Ids of a named project start with its name, so a filtered run (`--project`) keeps them (issue 9 A.1). */
function inProject(name: string, ids: readonly string[]): string[] {
  return ids.map((id) => `[${name}] > ${id}`)
}

function gatedIds(report: PerfReport): string[] {
  return report.measurements
    .filter((m) => m.kind !== 'test-duration')
    .map((m) => m.id)
    .sort()
}

function durationTests(report: PerfReport): string[] {
  return report.measurements
    .filter((m) => m.kind === 'test-duration')
    .map((m) => m.testName)
    .sort()
}

function expectRan(run: RunResult): void {
  expect(run.exitCode, run.output).toBe(0)
  expect(run.output).not.toContain('Failed to load custom Reporter')
}

async function runLayout(
  project: FixtureProject,
  config: string,
  reporters = ['--reporter=default', '--reporter=perf'],
): Promise<RunResult> {
  return project.vitest(['run', `--config=${config}`, ...reporters])
}

describe('Vitest config layouts', () => {
  it('inline projects without extends: --reporter perf starts with the plugin options, type-checked tests counted apart', async () => {
    const project = createFixtureProject('vitest-projects')
    const run = await runLayout(project, 'vitest.inline.config.ts')
    expectRan(run)
    // perfSentinel({ outputDir: 'perf-inline' }) at the root reached the reporter Vitest imported by name.
    expect(project.exists('perf-report/report.json')).toBe(false)
    const report = project.readJson<PerfReport>('perf-inline/report.json')
    expect(gatedIds(report)).toEqual(inProject('unit', UNIT_IDS))
    expect(durationTests(report)).toEqual([...UNIT_TESTS].sort())
    expect(run.output).toMatch(/perf-sentinel: 2 type-checked tests \(Vitest typecheck\) counted apart/)
  })

  it('inline projects with extends: true, a function entry and a type-check-only project', async () => {
    const project = createFixtureProject('vitest-projects')
    const run = await runLayout(project, 'vitest.extends.config.ts')
    expectRan(run)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(gatedIds(report)).toEqual(inProject('unit', UNIT_IDS))
    expect(durationTests(report)).toEqual([...UNIT_TESTS].sort())
    expect(run.output).toContain('2 type-checked tests')
  })

  it('a function config and a mergeConfig wrapper (plugin options from the merged Vite config)', async () => {
    const project = createFixtureProject('vitest-projects')
    const fn = await runLayout(project, 'vitest.function.config.ts')
    expectRan(fn)
    expect(gatedIds(project.readJson<PerfReport>('perf-report/report.json'))).toEqual(UNIT_IDS)

    const merged = await runLayout(createFixtureProject('vitest-projects'), 'vitest.merge.config.ts')
    expectRan(merged)
    // vite.shared.ts: perfSentinel({ formats: ['json'] }).
    expect(merged.output).toContain('wrote perf-report/report.json')
    expect(merged.output).not.toContain('report.md')
  })

  it('two projects running the same file: the ids and test names carry the project, so every id stays unique', async () => {
    const project = createFixtureProject('vitest-projects')
    const run = await runLayout(project, 'vitest.twice.config.ts')
    expectRan(run)
    expect(gatedIds(project.readJson<PerfReport>('perf-report/report.json'))).toEqual([
      '[first] > test/unit/budget.test.ts > budget > bench hook > work 500',
      '[first] > test/unit/budget.test.ts > budget > matcher > work budget',
      '[second] > test/unit/budget.test.ts > budget > bench hook > work 500',
      '[second] > test/unit/budget.test.ts > budget > matcher > work budget',
    ])
  })

  // Was: a --project run compared the other project's entries of the shared file as `removed`, and with -u deleted them.
  it('two projects running the same file: --project and -u leave the other project’s entries alone', async () => {
    const project = createFixtureProject('vitest-projects')
    expectRan(await runLayout(project, 'vitest.twice.config.ts'))
    const entries = (): string[] => Object.keys(project.readJson<{ entries: object }>('perf-baseline.json').entries).sort()
    const recorded = entries()
    expect(recorded).toHaveLength(4)
    const filtered = await runLayout(project, 'vitest.twice.config.ts', ['--reporter=default', '--reporter=perf', '--project=first'])
    expectRan(filtered)
    expect(filtered.output).not.toContain('removed')
    expectRan(await runLayout(project, 'vitest.twice.config.ts', ['--reporter=perf', '--project=first', '-u']))
    expect(entries()).toEqual(recorded)
  })

  it('projects with their own config files: the perf reporter sets up the one without the plugin', async () => {
    const project = createFixtureProject('vitest-projects')
    const run = await runLayout(project, 'vitest.files.config.ts')
    expectRan(run)
    expect(gatedIds(project.readJson<PerfReport>('perf-report/report.json'))).toEqual([
      '[with-plugin] > packages/with-plugin/test/with-plugin.test.ts > with-plugin budget > with-plugin work',
      '[without-plugin] > packages/without-plugin/test/without-plugin.test.ts > without-plugin budget > without-plugin work',
    ])
    expect(run.output).not.toContain('are not set up in project')
  })

  it('projects with their own config files, no perf reporter: one start-up line says what to add where', async () => {
    const project = createFixtureProject('vitest-projects')
    const run = await runLayout(project, 'vitest.files.config.ts', [])
    // The project without the plugin cannot use the matchers; the run says so before any test runs.
    expect(run.exitCode).not.toBe(0)
    const lines = run.output.split('\n').filter((line) => line.includes('are not set up in project'))
    expect(lines).toEqual([
      'perf-sentinel: the perf matchers and measure() are not set up in project "without-plugin" (packages/without-plugin/vitest.config.ts): ' +
        "add perfSentinel() to that config's plugins (or test.setupFiles: ['perf-sentinel/vitest/setup'], or extends: true).",
    ])
    expect(run.output.indexOf('are not set up in project')).toBeLessThan(run.output.indexOf('Invalid Chai property: toCompleteWithin'))
  })

  it('no config file: the reporter by module path brings the matchers along', async () => {
    const project = createFixtureProject('vitest-projects')
    const run = await project.vitest(['run', 'test/unit', '--reporter=default', '--reporter=perf-sentinel/vitest/reporter'])
    expectRan(run)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(gatedIds(report)).toEqual(UNIT_IDS)
    expect(durationTests(report)).toEqual([...UNIT_TESTS].sort())
  })

  // Vitest 3.2's workspace file (removed in Vitest 4), when the compatibility toolchain is installed.
  it.skipIf(!toolchainAvailable('vitest3') && !process.env.CI)('Vitest 3.2: a workspace file', async () => {
    const project = createFixtureProject('vitest-projects', { toolchain: 'vitest3' })
    project.write('vitest.workspace.ts', "export default [{ test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } }]\n")
    project.write('vitest.config.ts', "import { perfSentinel } from 'perf-sentinel/vitest'\nexport default { plugins: [perfSentinel()] }\n")
    const run = await project.vitest(['run', '--reporter=default', '--reporter=perf'])
    expectRan(run)
    expect(gatedIds(project.readJson<PerfReport>('perf-report/report.json'))).toEqual(inProject('unit', UNIT_IDS))
  })

  it("`vitest bench` with the plugin: its runner hands benchmark mode to Vitest's benchmark runner", async () => {
    const project = createFixtureProject('vitest-basic')
    project.write(
      'test/sum.bench.ts',
      "import { bench } from 'vitest'\nbench('sum', () => { let s = 0; for (let i = 0; i < 1000; i++) s += i })\n",
    )
    const run = await project.vitest(['bench', '--run'])
    expect(run.exitCode, run.output).toBe(0)
    expect(run.output).toMatch(/· sum\s+[\d,.]+/)
  })
  // Debian's Chromium, driven by Vitest's Playwright provider (no browser download).
  it.skipIf(!existsSync('/usr/bin/chromium'))(
    'a browser-mode project beside a Node one: its tests run without the Node-only setup, the Node project measures',
    async () => {
      const project = createFixtureProject('vitest-projects')
      const run = await runLayout(project, 'vitest.browser.config.ts')
      // Was: every browser test file failed to import perf-sentinel's setup file ("node:module" externalized).
      expectRan(run)
      expect(run.output).not.toContain('externalized for browser compatibility')
      expect(run.output).toContain(
        'perf-sentinel: project "browser (chromium)" runs in browser mode: its tests count as test durations, but measure() and the perf matchers work in Node projects only',
      )
      const report = project.readJson<PerfReport>('perf-report/report.json')
      expect(gatedIds(report)).toEqual(inProject('unit', UNIT_IDS))
      expect(durationTests(report)).toEqual([
        'budget > bench hook',
        'budget > matcher',
        'measure() and the matchers say they need Node',
        'perfTiming wraps app code in the browser',
        'renders a button',
        'runs in a real browser',
        'the perf matchers, registered by perf-sentinel in browser projects, say they need Node',
      ])

      // Browser mode turned on from the command line, after the plugin's config hook added its files.
      const cli = await project.vitest([
        'run',
        '--config=vitest.browser.config.ts',
        '--project=browser',
        '--browser.enabled',
        '--reporter=perf',
      ])
      expect(cli.exitCode, cli.output).toBe(0)
      expect(cli.output).toContain('5 test duration(s) recorded')
    },
    120_000,
  )

  // jsdom setups for Svelte or Solid resolve packages with the `browser` condition: perf-sentinel's browser entry
  // then runs in Node and hands over to the Node entry (was: measure() would say it needs Node).
  it('Node tests resolving the browser condition still measure', async () => {
    const project = createFixtureProject('vitest-projects')
    const run = await runLayout(project, 'vitest.conditions.config.ts')
    expectRan(run)
    expect(gatedIds(project.readJson<PerfReport>('perf-report/report.json'))).toEqual(UNIT_IDS)
  }, 120_000)
})
