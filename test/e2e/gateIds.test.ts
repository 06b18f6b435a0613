// Issue 9 A.1: ids that collide. One file run by two projects, holding `describe('a > b') > test('c')` and
// `describe('a') > describe('b') > test('c')` (and, in Jest, two tests whose space-joined names are equal): every
// measurement gets its own baseline entry, and a 20× slowdown of one of them is caught as that one's regression.
import { describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/model/report.js'
import type { BaselineFile } from '../../src/stores/baseline/index.js'
import type { FixtureProject, RunResult, Toolchain } from './fixtureProject.js'
import { commitAll, createFixtureProject, toolchainAvailable } from './fixtureProject.js'

interface Runner {
  fixture: string
  toolchain: Toolchain
  run(project: FixtureProject, env?: NodeJS.ProcessEnv): Promise<RunResult>
  file: string
  /** Test keys (as `work()` names them) → the title path of the test, id-escaped. */
  tests: Record<string, string>
}

const runners: Runner[] = [
  {
    fixture: 'gate-ids-vitest',
    toolchain: 'main',
    run: (p, env) => p.vitest(['run', '--maxWorkers=1'], env),
    file: 'test/ids.test.ts',
    tests: { flat: 'a \\> b > c', nested: 'a > b > c' },
  },
  {
    // Vitest 3.2's reporter tree (TestCase.parent) names the suites the same way.
    fixture: 'gate-ids-vitest',
    toolchain: 'vitest3',
    run: (p, env) => p.vitest(['run', '--maxWorkers=1'], env),
    file: 'test/ids.test.ts',
    tests: { flat: 'a \\> b > c', nested: 'a > b > c' },
  },
  {
    fixture: 'gate-ids-jest',
    toolchain: 'main',
    run: (p, env) => p.jest(['--runInBand'], env),
    file: 'test/ids.test.js',
    tests: { flat: 'a \\> b > c', nested: 'a > b > c', spaced: 'x y > z', joined: 'x > y z' },
  },
]

function idOf(runner: Runner, project: string, test: string): string {
  return `[${project}] > ${runner.file} > ${runner.tests[test]} > m`
}

function gated(report: PerfReport): PerfReport['measurements'] {
  return report.measurements.filter((m) => m.kind !== 'test-duration')
}

for (const runner of runners) {
  const skip = runner.toolchain !== 'main' && !toolchainAvailable(runner.toolchain) && !process.env.CI
  describe(`${runner.fixture} (${runner.toolchain}): one id per test and project`, () => {
    it.skipIf(skip)('keeps a baseline entry per measurement and catches a slowdown of one of them', async () => {
      const project = createFixtureProject(runner.fixture, { toolchain: runner.toolchain })
      await commitAll(project)
      const expectedIds = ['first', 'second'].flatMap((p) => Object.keys(runner.tests).map((t) => idOf(runner, p, t))).sort()

      const first = await runner.run(project)
      expect(first.exitCode, first.output).toBe(0)
      expect(first.output).not.toContain('share the id')
      const baseline = project.readJson<BaselineFile>('perf-baseline.json')
      expect(Object.keys(baseline.entries).sort()).toEqual(expectedIds)
      // Test durations are ids too: one per test and project, none reported as a duplicate.
      const durations = project.readJson<PerfReport>('perf-report/report.json').measurements.filter((m) => m.kind === 'test-duration')
      expect(new Set(durations.map((m) => m.id)).size).toBe(expectedIds.length)

      project.write('CHANGE.md', 'the nested test of the second project does 20× the work\n')
      await commitAll(project, 'slower nested test in the second project')
      const slow = await runner.run(project, { PERF_GATE_SLOW: 'second:nested' })
      expect(slow.exitCode, slow.output).not.toBe(0)
      const report = project.readJson<PerfReport>('perf-report/report.json')
      const verdicts = Object.fromEntries(gated(report).map((m) => [m.id, m.comparison?.verdict]))
      expect(Object.keys(verdicts).sort()).toEqual(expectedIds)
      expect(verdicts[idOf(runner, 'second', 'nested')]).toBe('regressed')
      const others = expectedIds.filter((id) => id !== idOf(runner, 'second', 'nested'))
      for (const id of others) expect(verdicts[id], id).not.toBe('regressed')
      expect(slow.output).toContain(`Performance regression: ${idOf(runner, 'second', 'nested')} is +`)
    })
  })
}

describe('two measurements with one id (two tests of the same name)', () => {
  it('reports them as not compared, and leaves their baseline entry alone: not removed, not pruned by -u', async () => {
    const project = createFixtureProject('vitest-regression')
    const dup = (tests: number): string =>
      `import { test } from 'vitest'\nimport { measure } from 'perf-sentinel'\n${Array.from(
        { length: tests },
        () => "test('same', async () => { await measure('m', () => JSON.stringify({ a: [1, 2, 3] }), { timeMs: 50 }) })\n",
      ).join('')}`
    project.write('test/dup.test.ts', dup(1))
    await commitAll(project)
    const id = 'test/dup.test.ts > same > m'
    const first = await project.vitest(['run', 'test/dup.test.ts'])
    expect(first.exitCode, first.output).toBe(0)
    const recorded = project.readJson<BaselineFile>('perf-baseline.json').entries[id]
    expect(recorded).toBeDefined()

    project.write('test/dup.test.ts', dup(2))
    for (const env of [{}, { PERF_SENTINEL_UPDATE: '1' }]) {
      const run = await project.vitest(['run', 'test/dup.test.ts'], env)
      expect(run.exitCode, run.output).toBe(0)
      expect(run.output).toContain(`2 measurements share the id "${id}"`)
      const report = project.readJson<PerfReport>('perf-report/report.json')
      const rows = report.measurements.filter((m) => m.id === id)
      expect(rows.map((m) => m.comparison?.verdict)).toEqual(['inconclusive', 'inconclusive'])
      expect(rows[0]?.comparison?.reason).toContain('Not compared: 2 measurements of this run share this id')
      expect(report.removed).toEqual([])
      // The entry recorded when the id was one test's is still there, unchanged.
      expect(project.readJson<BaselineFile>('perf-baseline.json').entries[id]).toEqual(recorded)
    }
  })
})
