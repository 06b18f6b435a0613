import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PerfReport, ReportMeasurement } from '../../src/model/report.js'
import type { FixtureProject } from './fixtureProject.js'
import { createFixtureProject, toolchainNodeModules } from './fixtureProject.js'

interface AssertionResult {
  title: string
  status: string
  failureMessages: string[]
}

const runners = [
  {
    name: 'Vitest',
    fixture: 'vitest-load',
    run: (p: FixtureProject, args: string[]) =>
      p.vitest(['run', 'test/memory.test.ts', ...args, '--reporter=json', '--reporter=perf', '--outputFile.json=results.json']),
    // --expose-gc reaches Vitest workers with the forks pool and execArgv (runners.md).
    exposeGc: ['--pool=forks', '--execArgv=--expose-gc'],
  },
  {
    name: 'Jest',
    fixture: 'jest-load',
    run: (p: FixtureProject, args: string[], nodeArgs: string[] = []) =>
      p.run(process.execPath, [
        ...nodeArgs,
        join(toolchainNodeModules('main'), 'jest', 'bin', 'jest.js'),
        'test/memory.test.js',
        ...args,
        '--json',
        '--outputFile=results.json',
      ]),
    exposeGc: [],
  },
]

function byName(report: PerfReport, name: string): ReportMeasurement {
  const found = report.measurements.find((m) => m.name === name)
  if (!found) throw new Error(`no measurement "${name}" in ${report.measurements.map((m) => m.name).join(', ')}`)
  return found
}

for (const runner of runners) {
  describe(`${runner.name}: memory matchers`, () => {
    it('fail a leaking function and an allocation over budget, pass the clean ones, and report bytes per operation', async () => {
      const project = createFixtureProject(runner.fixture)
      const run = await runner.run(project, [])
      expect(run.exitCode, run.output).not.toBe(0)
      const results = project.readJson<{ testResults: Array<{ assertionResults: AssertionResult[] }> }>('results.json')
      const assertions = results.testResults.flatMap((file) => file.assertionResults)
      expect(Object.fromEntries(assertions.map((a) => [a.title, a.status]))).toEqual({
        'allocation within budget': 'passed',
        'allocation over budget': 'failed',
        'clean function does not leak': 'passed',
        'leaking function': 'failed',
      })
      const leakMessage = assertions.find((a) => a.title === 'leaking function')?.failureMessages.join('\n') ?? ''
      expect(leakMessage).toMatch(/Received: a leak: the post-GC heap grew \d+ B per iteration/)
      const snapshots = [...leakMessage.matchAll(/(perf-report\/heap\/\S+\.heapsnapshot)/g)].map((m) => m[1] as string)
      expect(snapshots).toHaveLength(2)
      for (const path of snapshots) expect(project.exists(path), path).toBe(true)
      const overBudget = assertions.find((a) => a.title === 'allocation over budget')?.failureMessages.join('\n') ?? ''
      expect(overBudget).toMatch(/Expected: at most 256 B allocated per operation\nReceived: 1\.0\d KiB per operation \(estimate/)

      const report = project.readJson<PerfReport>('perf-report/report.json')
      const bytes = byName(report, 'buildRow bytes')
      expect(bytes.memory?.allocation?.source).toBe('estimate')
      expect(bytes.memory?.allocation?.bytesPerOp).toBeGreaterThan(1000)
      expect(bytes.memory?.allocation?.bytesPerOp).toBeLessThan(1200)
      expect(bytes.memory?.budget).toMatchObject({ limitBytes: 2048, withinBudget: true })
      expect(bytes.memory?.gc).toBe('flag-free')
      expect(byName(report, 'fetchLike leak check').memory?.leak?.leaking).toBe(false)
      // The failed test's measurement is in the report too, with its heap snapshot pair.
      expect(byName(report, 'remember leak check').memory?.leak).toMatchObject({ leaking: true, snapshots: snapshots })
    })

    it('uses the exposed collector under --expose-gc, with the same figures', async () => {
      const project = createFixtureProject(runner.fixture)
      const run =
        runner.name === 'Vitest'
          ? await runner.run(project, ['-t', 'allocation within budget', ...runner.exposeGc])
          : await runner.run(project, ['-t', 'allocation within budget'], ['--expose-gc'])
      expect(run.exitCode, run.output).toBe(0)
      const bytes = byName(project.readJson<PerfReport>('perf-report/report.json'), 'buildRow bytes')
      expect(bytes.memory?.gc).toBe('exposed')
      expect(bytes.memory?.allocation?.bytesPerOp).toBeGreaterThan(1000)
      expect(bytes.memory?.allocation?.bytesPerOp).toBeLessThan(1200)
    })
  })
}
