import { execFile } from 'node:child_process'
import { cpSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BaselineFile } from '../../src/stores/baseline/index.js'
import type { PerfReport } from '../../src/model/report.js'
import { trendPoints } from '../../src/model/trend.js'
import type { FixtureProject } from './fixtureProject.js'
import { commitAll, createFixtureProject, REPO_ROOT } from './fixtureProject.js'

interface Runner {
  fixture: string
  run(project: FixtureProject, env?: NodeJS.ProcessEnv, args?: string[]): ReturnType<FixtureProject['vitest']>
  id: string
  /** A test of the fixture other than the measured one, for filtered runs (-t). */
  otherTest: string
  /** The line of `test('parser', …)` in the fixture: GitHub annotations point at it. */
  parserLine: number
}

const runners: Runner[] = [
  {
    fixture: 'vitest-regression',
    run: (p, env, args = []) => p.vitest(['run', ...args], env),
    id: 'test/parser.test.ts > parser > parse',
    otherTest: 'steady',
    parserLine: 5,
  },
  {
    fixture: 'jest-regression',
    run: (p, env, args = []) => p.jest(args, env),
    id: 'test/parser.test.js > parser > parse',
    otherTest: 'other',
    parserLine: 4,
  },
]

for (const runner of runners) {
  describe(`${runner.fixture}: baseline per commit and the regression gate`, () => {
    it('writes the baseline on the first run, passes an identical run, fails a 10× slowdown naming the change', async () => {
      const project = createFixtureProject(runner.fixture)
      const commit = await commitAll(project)

      const first = await runner.run(project)
      expect(first.exitCode, first.output).toBe(0)
      const baseline = project.readJson<BaselineFile>('perf-baseline.json')
      const entry = baseline.entries[runner.id]
      expect(entry?.git.commit).toBe(commit)
      expect(entry?.git.branch).toBe('main')
      expect(entry?.git.dirty).toBe(false)
      expect(entry?.environment.hard.cores).toBeGreaterThan(0)
      expect(entry?.samplesMs.length).toBeGreaterThan(5)
      // The machine reference timed around the measurement travels from the worker into the baseline.
      expect(entry?.referenceMixMs).toBeGreaterThan(0)
      expect(project.readJson<PerfReport>('perf-report/report.json').summary.byVerdict.new).toBeGreaterThan(0)
      const baselineBytes = project.read('perf-baseline.json')

      const second = await runner.run(project)
      expect(second.exitCode, second.output).toBe(0)
      const secondReport = project.readJson<PerfReport>('perf-report/report.json')
      const compared = secondReport.measurements.find((m) => m.id === runner.id)?.comparison
      expect(compared?.verdict).not.toBe('regressed')
      expect(compared?.baselineCommit).toBe(commit)
      expect(compared?.machineChangePercent).toEqual(expect.any(Number))
      expect(project.read('perf-baseline.json')).toBe(baselineBytes)

      // A code change that makes the work 10× slower, committed as a developer would.
      project.write('test/work.js', project.read('test/work.js').replace("PERF_FIXTURE_FACTOR ?? '1'", "PERF_FIXTURE_FACTOR ?? '10'"))
      await commitAll(project, 'slower parser')
      const summary = join(project.dir, '..', 'step-summary.md')
      const slow = await runner.run(project, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary })
      expect(slow.exitCode).not.toBe(0)
      // Under GitHub Actions: an ::error annotation, and the Markdown report appended to the step summary.
      const testFile = runner.id.slice(0, runner.id.indexOf(' > '))
      expect(slow.stdout).toContain(
        `::error file=${testFile},line=${runner.parserLine},title=Performance regression::Performance regression: ${runner.id}`,
      )
      expect(readFileSync(summary, 'utf8')).toContain('🔴 Regressed (1)')
      expect(readFileSync(summary, 'utf8')).toContain('Full report with charts: `perf-report/report.html`')
      expect(slow.output).toContain(`Performance regression: ${runner.id} is +`)
      expect(slow.output).toMatch(/99% interval \+\d+\.\d% … \+\d+\.\d%/)
      expect(slow.output).toContain(`against baseline ${commit.slice(0, 7)}`)
      if (runner.fixture === 'jest-regression') {
        // Jest prints its summary ("Tests: 2 passed") after every reporter: the run's last line says why it failed.
        expect(slow.output.trimEnd().split('\n').at(-1)).toBe(
          "perf-sentinel failed this run (exit code 1): 1 performance regression(s) — see its messages above Jest's summary.",
        )
      }
      const report = project.readJson<PerfReport>('perf-report/report.json')
      expect(report.measurements[0]?.id).toBe(runner.id)
      expect(report.measurements[0]?.comparison?.verdict).toBe('regressed')
      expect(report.measurements[0]?.comparison?.changePercent).toBeGreaterThan(100)
      expect(report.summary.failed).toBe(true)
      // The trend marks the baseline on the latest earlier run at the baseline commit, not on this run; test
      // durations have no baseline to mark.
      const compact = report.measurements[0]?.trend
      const trend = compact === undefined ? [] : trendPoints(report.trendRuns, compact)
      expect(trend.length).toBeGreaterThanOrEqual(2)
      expect(trend.map((p) => p.isBaseline === true)).toEqual(trend.map((_, i) => i === trend.length - 2))
      expect(trend.at(-2)?.commit).toBe(commit)
      for (const m of report.measurements.filter((m) => m.kind === 'test-duration')) {
        expect(m.trend?.baseline).toBeUndefined()
      }
      // A regression never rewrites the baseline.
      expect(project.read('perf-baseline.json')).toBe(baselineBytes)
      expect(project.read('perf-report/report.md')).toContain('Regressed (1)')

      // Re-running the red job does not turn it green: the slow run now in the history is not the baseline's code
      // (another commit), so it does not widen the noise floor.
      const again = await runner.run(project)
      expect(again.exitCode, again.output).not.toBe(0)
      const againReport = project.readJson<PerfReport>('perf-report/report.json')
      expect(againReport.measurements.find((m) => m.id === runner.id)?.comparison?.verdict).toBe('regressed')
    })

    it('writes no baseline with CI=true and reports every measurement as new without failing', async () => {
      const project = createFixtureProject(runner.fixture)
      await commitAll(project)
      const run = await runner.run(project, { CI: 'true' })
      expect(run.exitCode, run.output).toBe(0)
      expect(project.exists('perf-baseline.json')).toBe(false)
      const report = project.readJson<PerfReport>('perf-report/report.json')
      expect(report.run.ci).toBe(true)
      expect(report.measurements.find((m) => m.id === runner.id)?.comparison?.verdict).toBe('new')
      if (runner.fixture === 'jest-regression') {
        // Jest's own --ci flag counts as CI too, as it does for snapshots.
        const flagged = await runner.run(project, {}, ['--ci'])
        expect(flagged.exitCode, flagged.output).toBe(0)
        expect(project.exists('perf-baseline.json')).toBe(false)
      }
    })

    it('rewrites the baseline only on an explicit update, pruning removed entries', async () => {
      const project = createFixtureProject(runner.fixture)
      await commitAll(project)
      expect((await runner.run(project)).exitCode).toBe(0)
      // A stale entry from a measurement that no longer exists:
      const file = project.readJson<BaselineFile>('perf-baseline.json')
      const stale = structuredClone(file.entries[runner.id]!)
      stale.name = 'gone'
      const first = stale.git.commit
      stale.git.commit = 'f'.repeat(40)
      file.entries[runner.id.replace(/parse$/, 'gone')] = stale
      project.write('perf-baseline.json', JSON.stringify(file))
      const second = await commitAll(project, 'second commit')

      const plain = await runner.run(project)
      expect(plain.exitCode, plain.output).toBe(0)
      const report = project.readJson<PerfReport>('perf-report/report.json')
      expect(report.removed.map((r) => r.name)).toEqual(['gone'])
      // Entries from two commits: no single baseline commit is claimed; each comparison names its own.
      expect(report.run.baseline?.commit).toBeUndefined()
      expect(report.run.notes.join('\n')).toContain('recorded at 2 different commits')
      expect(report.measurements.find((m) => m.id === runner.id)?.comparison?.baselineCommit).toBe(first)
      expect(project.read('perf-report/report.md')).toContain('baseline `perf-baseline.json`')
      expect(project.read('perf-report/report.md')).toContain('recorded at 2 different commits')
      expect(Object.keys(project.readJson<BaselineFile>('perf-baseline.json').entries)).toHaveLength(Object.keys(file.entries).length)

      // The runner's own update flag (-u) is an explicit update, like for snapshots.
      const updated = await runner.run(project, {}, ['-u'])
      expect(updated.exitCode, updated.output).toBe(0)
      const after = project.readJson<BaselineFile>('perf-baseline.json')
      expect(Object.keys(after.entries).some((id) => id.endsWith('gone'))).toBe(false)
      expect(after.entries[runner.id]?.git.commit).toBe(second)

      const third = await commitAll(project, 'third commit')
      const viaEnv = await runner.run(project, { PERF_SENTINEL_UPDATE: '1' })
      expect(viaEnv.exitCode, viaEnv.output).toBe(0)
      expect(project.readJson<BaselineFile>('perf-baseline.json').entries[runner.id]?.git.commit).toBe(third)

      // An update filtered to another test (-t) keeps the skipped test's entry, like snapshots, and does not call
      // it removed; neither does a filtered run without update.
      for (const args of [
        ['-t', runner.otherTest],
        ['-u', '-t', runner.otherTest],
      ]) {
        const filtered = await runner.run(project, {}, args)
        expect(filtered.exitCode, filtered.output).toBe(0)
        expect(project.readJson<PerfReport>('perf-report/report.json').removed).toEqual([])
        expect(project.readJson<BaselineFile>('perf-baseline.json').entries[runner.id]?.git.commit).toBe(third)
      }
    })

    it('reports a corrupt baseline with its path and the fix, fails, and leaves the file untouched', async () => {
      const project = createFixtureProject(runner.fixture)
      await commitAll(project)
      const corrupt = '{ "schemaVersion": 1, "entries": { oops'
      project.write('perf-baseline.json', corrupt)
      const run = await runner.run(project, { PERF_SENTINEL_UPDATE: '1' })
      expect(run.exitCode).not.toBe(0)
      expect(run.output).toContain(join(project.dir, 'perf-baseline.json'))
      expect(run.output).toContain('Fix:')
      expect(readFileSync(join(project.dir, 'perf-baseline.json'), 'utf8')).toBe(corrupt)
      expect(run.output).toContain('delete it and run the tests again')
      // Following the hint works: without the broken file an update records a new baseline.
      rmSync(join(project.dir, 'perf-baseline.json'))
      const fixed = await runner.run(project, { PERF_SENTINEL_UPDATE: '1' })
      expect(fixed.exitCode, fixed.output).toBe(0)
      expect(project.readJson<BaselineFile>('perf-baseline.json').entries[runner.id]).toBeDefined()
    })
  })
}

describe('git edge cases never break the run', () => {
  it('works in a repository without commits, on a detached HEAD and in a shallow clone', async () => {
    const project = createFixtureProject('vitest-regression')
    await project.git(['init', '-q', '-b', 'main'])
    const noCommits = await project.vitest(['run'])
    expect(noCommits.exitCode, noCommits.output).toBe(0)
    expect(project.readJson<PerfReport>('perf-report/report.json').run.git.notes.join(' ')).toMatch(/no commits/i)

    await commitAll(project)
    await project.git(['checkout', '-q', '--detach', 'HEAD'])
    const detached = await project.vitest(['run'], { GITHUB_HEAD_REF: 'feature/x' })
    expect(detached.exitCode, detached.output).toBe(0)
    const git = project.readJson<PerfReport>('perf-report/report.json').run.git
    expect(git.detached).toBe(true)
    expect(git.branch).toBe('feature/x')

    const clone = join(project.dir, '..', 'shallow')
    await project.git(['clone', '-q', '--depth', '1', `file://${project.dir}`, clone])
    cpSync(join(project.dir, 'node_modules'), join(clone, 'node_modules'), { recursive: true })
    const shallow = await new Promise<number>((resolve) => {
      execFile(
        process.execPath,
        [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run'],
        { cwd: clone, env: { PATH: process.env.PATH, HOME: process.env.HOME } },
        (error) => resolve(error ? 1 : 0),
      )
    })
    expect(shallow).toBe(0)
    const shallowReport = JSON.parse(readFileSync(join(clone, 'perf-report', 'report.json'), 'utf8')) as PerfReport
    expect(shallowReport.run.git.shallow).toBe(true)
    expect(shallowReport.run.git.commit).toMatch(/^[0-9a-f]{40}$/)
  })

  it('compares with the recorded runs of a base ref (PERF_SENTINEL_BASE)', async () => {
    const project = createFixtureProject('vitest-regression')
    const base = await commitAll(project)
    expect((await project.vitest(['run'], { CI: 'true' })).exitCode).toBe(0)
    project.write('test/extra.txt', 'a change on the branch')
    await project.git(['checkout', '-q', '-b', 'feature'])
    await commitAll(project, 'feature work')
    const run = await project.vitest(['run'], { CI: 'true', PERF_SENTINEL_BASE: 'main', PERF_FIXTURE_FACTOR: '10' })
    expect(run.exitCode, run.output).not.toBe(0)
    expect(run.output).toContain(`against baseline ${base.slice(0, 7)}`)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(report.run.baseline).toMatchObject({ source: 'history', ref: 'main', commit: base })
  })
})
