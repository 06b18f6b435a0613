import { describe, expect, it } from 'vitest'
import type { PerfReport, ReportMeasurement } from '../../src/model/report.js'
import type { FixtureProject } from './fixtureProject.js'
import { createFixtureProject } from './fixtureProject.js'

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
      p.vitest(['run', 'test/load.test.ts', ...args, '--reporter=json', '--reporter=perf', '--outputFile.json=results.json']),
  },
  {
    name: 'Jest',
    fixture: 'jest-load',
    run: (p: FixtureProject, args: string[]) => p.jest(['test/load.test.js', ...args, '--json', '--outputFile=results.json']),
  },
]

function byName(report: PerfReport, name: string): ReportMeasurement {
  const found = report.measurements.find((m) => m.name === name)
  if (!found) throw new Error(`no measurement "${name}" in ${report.measurements.map((m) => m.name).join(', ')}`)
  return found
}

for (const runner of runners) {
  describe(`${runner.name}: load()`, () => {
    it('reports throughput, corrected and uncorrected percentiles and errors, fails a missed budget, and gets a baseline', async () => {
      const project = createFixtureProject(runner.fixture)
      const first = await runner.run(project, [])
      expect(first.exitCode, first.output).not.toBe(0)
      const results = project.readJson<{ testResults: Array<{ assertionResults: AssertionResult[] }> }>('results.json')
      const assertions = results.testResults.flatMap((file) => file.assertionResults)
      const statuses = Object.fromEntries(assertions.map((a) => [a.title, a.status]))
      expect(statuses).toEqual({
        'http load': 'passed',
        'sustains load': 'passed',
        'closed model': 'passed',
        stall: 'passed',
        'budget missed': 'failed',
      })
      const missed = assertions.find((a) => a.title === 'budget missed')?.failureMessages.join('\n') ?? ''
      expect(missed).toMatch(/toSustainLoad\(options\)/)
      expect(missed).toMatch(/Failed: no operation succeeded \(error rate 100% > 1%\)/)
      expect(missed).toMatch(/errors: 20 non-2xx/)

      const report = project.readJson<PerfReport>('perf-report/report.json')
      const http = byName(report, 'GET / at 100/s')
      expect(http.kind).toBe('measure')
      expect(http.load).toMatchObject({ model: 'open', target: 'http', rate: 100, scheduled: 100, succeeded: 100, errorRate: 0 })
      expect(http.load?.throughputPerSecond).toBeGreaterThan(60)
      expect(http.load?.timeline.reduce((sum, b) => sum + b.completed, 0)).toBe(100)
      // The measurement's statistics are the corrected latencies, so the baseline and the verdict work on them.
      expect(http.stats.p95Ms).toBe(http.load?.latency.p95Ms)
      expect(http.stats.n).toBe(100)
      expect(http.samplesMs).toHaveLength(100)

      const stall = byName(report, 'stall')
      expect(stall.load?.latency.p95Ms).toBeGreaterThan(5 * (stall.load?.uncorrectedLatency.p95Ms ?? Number.POSITIVE_INFINITY))
      expect(stall.load?.lateStarts).toBeGreaterThan(50)

      expect(byName(report, 'closed loop').load).toMatchObject({ model: 'closed', concurrency: 4, succeeded: 400 })
      const sustained = byName(report, 'toSustainLoad #1')
      // On a machine too busy for the generator, a run that cannot be judged is recorded as inconclusive, unbudgeted.
      if (sustained.budget === undefined) expect(sustained.load?.inconclusive).toMatch(/^load generator saturated: /)
      else expect(sustained.budget).toMatchObject({ matcher: 'toSustainLoad', statistic: 'p95Ms', limit: 250, withinBudget: true })
      const missedRecord = byName(report, 'missing page')
      expect(missedRecord.budget?.withinBudget).toBe(false)
      expect(missedRecord.load?.errorsByClass['non-2xx']).toBe(20)

      // A second run compares the load measurement with the baseline the first run wrote.
      const second = await runner.run(project, ['-t', 'http load'])
      expect(second.exitCode, second.output).toBe(0)
      const compared = byName(project.readJson<PerfReport>('perf-report/report.json'), 'GET / at 100/s')
      expect(compared.comparison?.verdict).toMatch(/^(unchanged|improved|inconclusive)$/)
      expect(compared.baselineSamplesMs?.length).toBeGreaterThan(0)
    })
  })
}
