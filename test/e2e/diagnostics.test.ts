import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TestCallStats } from '../../src/model/diagnostics.js'
import type { PerfReport } from '../../src/model/report.js'
import type { FixtureProject, RunResult } from './fixtureProject.js'
import { createFixtureProject } from './fixtureProject.js'

interface AssertionResult {
  title: string
  status: string
  failureMessages: string[]
  meta?: { perfSentinelCalls?: TestCallStats[] }
}

/** What each failing test must say: the blocking function and where, the hot function of the blown budget. */
const EXPECTED_FAILURES: Record<string, RegExp[]> = {
  'blocking async function': [
    /\.not\.toBlockEventLoop\(options\)/,
    /Expected: longest synchronous slice ≤ 20\.0 ms/,
    /Received: longest synchronous slice [\d.]+ ms \(1 run; [1-9] slices? over 20\.0 ms/,
    // busyWait itself, or the line of blocksTheLoop that calls it when V8 had already inlined it.
    /Where: (busyWait \(test\/work\.js:[67]:\d+\)|blocksTheLoop \(test\/work\.js:12:\d+\)) was running/,
    /CPU profile of a replay \(\d+ operations?, [\d.]+ ms\): perf-report\/profiles\/failing-test-[jt]s-blocking-async-function-toblockeventloop-[0-9a-f]{8}\.cpuprofile/,
  ],
  'blown budget': [
    /Expected: median per operation ≤ 1\.00 µs/,
    /CPU profile of a replay .*: perf-report\/profiles\/failing-test-[jt]s-blown-budget-tocompletewithin-[0-9a-f]{8}\.cpuprofile/,
    /Top self time:\n +\d+\.\d% +hotSqrtLoop \(test\/work\.js:23\)/,
  ],
  'slow instrumented calls': [
    /\.toHaveCallsWithin\(\)/,
    /Expected: every call \(max\) of slowCall ≤ 2\.00 ms/,
    /Received: max [\d.]+ ms \([12] of 2 calls over 2\.00 ms\)/,
  ],
}

interface Runner {
  name: string
  fixture: string
  ext: 'ts' | 'js'
  run(project: FixtureProject, file: string, env?: NodeJS.ProcessEnv): Promise<RunResult>
  /** Per test title: the perfTiming calls the worker handed to the reporter. */
  calls(project: FixtureProject): Map<string, TestCallStats[]>
}

function vitest(pool: 'forks' | 'threads'): Runner {
  return {
    name: `Vitest (${pool})`,
    fixture: 'vitest-diagnostics',
    ext: 'ts',
    run: (project, file, env) =>
      project.vitest(
        ['run', file, `--pool=${pool}`, '--reporter=default', '--reporter=json', '--outputFile.json=results.json', '--reporter=perf'],
        env,
      ),
    calls: (project) => {
      const results = project.readJson<{ testResults: Array<{ assertionResults: AssertionResult[] }> }>('results.json')
      const assertions = results.testResults.flatMap((file) => file.assertionResults)
      return new Map(assertions.map((a) => [a.title, a.meta?.perfSentinelCalls ?? []]))
    },
  }
}

const jest: Runner = {
  name: 'Jest',
  fixture: 'jest-diagnostics',
  ext: 'js',
  run: (project, file, env) => project.jest([file, '--json', '--outputFile=results.json'], env),
  calls: (project) => {
    // Jest results carry no per-test data: sidecarProbe.js kept what the workers wrote for the perf reporter.
    const sidecars = project.readJson<Array<{ calls?: Array<{ testName: string; calls: TestCallStats[] }> }>>('sidecars.json')
    return new Map(sidecars.flatMap((s) => s.calls ?? []).map((c) => [c.testName, c.calls]))
  },
}

function assertionsOf(project: FixtureProject): AssertionResult[] {
  const results = project.readJson<{ testResults: Array<{ assertionResults: AssertionResult[] }> }>('results.json')
  return results.testResults.flatMap((file) => file.assertionResults)
}

for (const runner of [vitest('forks'), vitest('threads'), jest]) {
  describe(`${runner.name}: why is it slow`, () => {
    it('fails a blocking function, a blown budget and slow instrumented calls, naming the hot code and writing profiles', async () => {
      const project = createFixtureProject(runner.fixture)
      const run = await runner.run(project, `test/failing.test.${runner.ext}`)
      expect(run.exitCode, run.output).not.toBe(0)
      const assertions = assertionsOf(project)
      expect(assertions.map((a) => a.title).sort()).toEqual(Object.keys(EXPECTED_FAILURES).sort())
      for (const assertion of assertions) {
        expect(assertion.status, assertion.title).toBe('failed')
        const message = assertion.failureMessages.join('\n')
        for (const pattern of EXPECTED_FAILURES[assertion.title] ?? []) expect(message, assertion.title).toMatch(pattern)
      }
      // The blown budget's profile parses as a .cpuprofile and its hottest frame is the subject's function.
      const profiles = readdirSync(join(project.dir, 'perf-report', 'profiles'))
      expect(profiles).toHaveLength(2)
      const budgetProfile = profiles.find((f) => f.includes('blown-budget')) ?? ''
      const profile = project.readJson<{
        nodes: Array<{ id: number; callFrame: { functionName: string } }>
        samples: number[]
        startTime: number
        endTime: number
      }>(`perf-report/profiles/${budgetProfile}`)
      expect(profile.endTime).toBeGreaterThan(profile.startTime)
      const hotIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === 'hotSqrtLoop').map((n) => n.id))
      expect(profile.samples.filter((id) => hotIds.has(id)).length / profile.samples.length).toBeGreaterThan(0.5)
      // The report carries the blocking column and the profile summary of each measurement.
      const report = project.readJson<PerfReport>('perf-report/report.json')
      const blocking = report.measurements.find((m) => m.blocking)
      expect(blocking?.blocking).toMatchObject({ thresholdMs: 20, withinThreshold: false, negated: true, runs: 1 })
      expect(blocking?.blocking?.where?.file).toBe('test/work.js')
      const budget = report.measurements.find((m) => m.budget?.matcher === 'toCompleteWithin')
      expect(budget?.profile?.top[0]).toMatchObject({ functionName: 'hotSqrtLoop', file: 'test/work.js', line: 23 })
      expect(budget?.profile?.path).toBe(`perf-report/profiles/${budgetProfile}`)
      expect(budget?.profile?.subjectSharePercent).toBeGreaterThanOrEqual(90)
      // The report sections: blocking and profiles in Markdown and HTML, the profile linked from the report's folder.
      const markdown = project.read('perf-report/report.md')
      expect(markdown).toContain('### Event-loop blocking')
      expect(markdown).toContain(`](profiles/${budgetProfile})`)
      expect(project.read('perf-report/report.html')).toContain(`<a href="profiles/${budgetProfile}" download>`)
      // The slow instrumented calls are a warning of the "Instrumented functions" section.
      expect(report.instrumented?.find((f) => f.name === 'slowCall')).toMatchObject({ thresholdMs: 2, stats: { count: 2 } })
      expect(markdown).toMatch(/> ⚠️ slowCall: [12] of 2 calls over its 2\.00 ms threshold/)
    })

    it('passes when the calls stay within budget and nothing blocks; records per-yield times and per-test calls', async () => {
      const project = createFixtureProject(runner.fixture)
      const run = await runner.run(project, `test/passing.test.${runner.ext}`, { PERF_SENTINEL_LOG: '1' })
      expect(run.exitCode, run.output).toBe(0)
      // Passing and on-failure profiling: nothing was profiled.
      expect(project.exists('perf-report/profiles')).toBe(false)
      const calls = runner.calls(project)
      const pages = calls.get('an instrumented async generator records per-yield times')?.find((c) => c.name === 'pages')
      expect(pages).toMatchObject({ type: 'async_generator', count: 1, overThreshold: 0 })
      expect(pages?.perYield?.count).toBe(4)
      expect(calls.get('instrumented calls stay within their budget')?.find((c) => c.name === 'hotSqrtLoop')?.count).toBe(20)
      const report = project.readJson<PerfReport>('perf-report/report.json')
      expect(report.measurements.find((m) => m.blocking)?.blocking).toMatchObject({ withinThreshold: true, negated: true, runs: 3 })
      // Calls made while the tests ran, in the report: whole-run statistics and the tests that made them.
      expect(report.instrumented?.find((f) => f.name === 'pages')).toMatchObject({
        type: 'async_generator',
        stats: { count: 1 },
        perYield: { count: 4 },
      })
      expect(report.instrumented?.find((f) => f.name === 'hotSqrtLoop')?.tests).toEqual([
        {
          file: `test/passing.test.${runner.ext}`,
          testName: 'instrumented calls stay within their budget',
          count: 20,
          maxMs: expect.any(Number),
          overThreshold: 0,
        },
      ])
      expect(project.read('perf-report/report.md')).toContain('### Instrumented functions')
      // PERF_SENTINEL_LOG=1: one JSON line per call, with the original field names, that `grep | jq` can read.
      const lines = run.output
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.includes('"level":"PERF"'))
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(entries.filter((e) => e.operation === 'hotSqrtLoop')).toHaveLength(20)
      expect(entries.find((e) => e.operation === 'pages')).toMatchObject({
        level: 'PERF',
        type: 'async_generator',
        threshold_exceeded: false,
      })
      for (const entry of entries) {
        // (Not asserted false: a GC pause or the OS preempting a worker of this loaded machine can block for 20 ms.)
        expect(typeof entry.has_sync_blocking).toBe('boolean')
        expect(Object.keys(entry)).toEqual([
          'timestamp',
          'level',
          'operation',
          'type',
          'elapsed_ms',
          'has_sync_blocking',
          'threshold_exceeded',
        ])
        expect(new Date(entry.timestamp as string).toISOString()).toBe(entry.timestamp)
      }
    })
  })
}
