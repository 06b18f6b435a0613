import { describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/model/report.js'
import { createFixtureProject } from './fixtureProject.js'

interface AssertionResult {
  title: string
  status: string
  failureMessages: string[]
}

/** What each test in failing.test.* must fail with (both runners print the same matcher messages). */
const EXPECTED_FAILURES: Record<string, RegExp[]> = {
  'sync budget missed': [
    /toCompleteWithin\(0\.001\)/,
    /Expected: median per operation ≤ 1\.00 µs/,
    /Received: median per operation [\d.]+ (µs|ms)/,
    /Statistics of \d+ warmed-up samples × 1 operation, sync subject/,
    /p99 +[\d.]+/,
    /outliers? flagged, none dropped/,
  ],
  'async budget missed': [/Expected: p95 per operation ≤ 1\.00 µs/, /async subject/],
  'not: budget met': [/\.not\.toCompleteWithin\(1000\)/, /Expected: median per operation > 1\.00 s/],
  'subject throws': [/toCompleteWithin: the measured function threw, so nothing was timed/, /RangeError: boom from the subject/],
  'subject rejects': [/the measured function threw, so nothing was timed/, /rejected in the subject/],
  'bad budget': [/toCompleteWithin: the budget \(first argument\) must be a finite number of milliseconds ≥ 0, received -1/],
  'bad subject': [/the received value must be a function to measure.*received 42/],
  'unknown option': [/unknown option "sampels" \(value 5\)\s+Fix: use one of: timeMs/],
  'not awaited': [/still running when the test ended\. Add `await`/],
  'percentile missed': [/toHavePercentileWithin\(99, 0\.001\)/, /Expected: p99 per operation ≤ 1\.00 µs/],
  'throughput missed': [/Expected: throughput ≥ 1000\.00M ops\/s/],
  'single shot missed': [/Expected: single call per operation ≤ 1\.00 µs/, /Statistics of 1 cold sample × 1 operation/],
}

const runners = [
  {
    name: 'Vitest',
    fixture: 'vitest-budgets',
    file: 'test/failing.test.ts',
    run: (p: ReturnType<typeof createFixtureProject>, args: string[]) =>
      p.vitest(['run', ...args, '--reporter=json', '--reporter=perf', '--outputFile.json=results.json']),
  },
  {
    name: 'Jest',
    fixture: 'jest-budgets',
    file: 'test/failing.test.js',
    run: (p: ReturnType<typeof createFixtureProject>, args: string[]) => p.jest([...args, '--json', '--outputFile=results.json']),
  },
]

for (const runner of runners) {
  describe(`${runner.name}: timing matchers`, () => {
    it('fail with the statistics, the argument at fault, or the subject’s own error', async () => {
      const project = createFixtureProject(runner.fixture)
      const run = await runner.run(project, [runner.file])
      expect(run.exitCode).not.toBe(0)
      const results = project.readJson<{ testResults: Array<{ assertionResults: AssertionResult[] }> }>('results.json')
      const assertions = results.testResults.flatMap((file) => file.assertionResults)
      expect(assertions.map((a) => a.title).sort()).toEqual(Object.keys(EXPECTED_FAILURES).sort())
      for (const assertion of assertions) {
        expect(assertion.status, assertion.title).toBe('failed')
        const message = assertion.failureMessages.join('\n')
        for (const pattern of EXPECTED_FAILURES[assertion.title] ?? []) expect(message, assertion.title).toMatch(pattern)
      }
    })

    it('pass when budgets hold, sync and async, with .not', async () => {
      const project = createFixtureProject(runner.fixture)
      const run = await runner.run(project, [runner.file.replace('failing', 'passing')])
      expect(run.exitCode, run.output).toBe(0)
      const report = project.readJson<PerfReport>('perf-report/report.json')
      const matchers = report.measurements.filter((m) => m.kind === 'matcher')
      expect(matchers.map((m) => m.budget?.matcher).sort()).toEqual([
        'toAchieveThroughput',
        'toCompleteOnceWithin',
        'toCompleteWithin',
        'toCompleteWithin',
        'toCompleteWithin',
        'toHavePercentileWithin',
      ])
      const negated = matchers.find((m) => m.budget?.negated)
      expect(negated?.budget?.withinBudget).toBe(false)
      expect(matchers.find((m) => m.budget?.matcher === 'toCompleteOnceWithin')?.stats.n).toBe(1)
      expect(report.summary.budgetsFailed).toBe(0)
    })
  })
}
