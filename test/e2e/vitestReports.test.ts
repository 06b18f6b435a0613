import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/model/report.js'
import { createFixtureProject } from './fixtureProject.js'
import { byName, expectConcurrentAttribution } from './reportChecks.js'

describe('Vitest: measurements reach the perf reports', () => {
  it('writes report.json and report.md and prints the table, with 2 workers', async () => {
    const project = createFixtureProject('vitest-basic')
    const run = await project.vitest(['run', '--reporter', 'default', '--reporter', 'perf', '--maxWorkers=2'])
    expect(run.exitCode, run.output).toBe(0)
    expect(run.stdout).toContain('perf-sentinel')
    expect(run.stdout).toMatch(/subjects > bench hook > work 2000\s+[\d.]+ (µs|ms)/)
    expect(run.stdout).toContain('wrote perf-report/report.json')

    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(report.schemaVersion).toBe(2)
    expect(report.run.runner.name).toBe('vitest')
    expect(report.run.runner.version).toMatch(/^4\./)
    expect(report.run.git.notes.join(' ')).toContain('not a git repository')
    expect(report.run.git.commit).toBeUndefined()

    const bench = byName(report, 'work 2000')
    expect(bench.id).toBe('test/subjects.test.ts > subjects > bench hook > work 2000')
    expect(bench.kind).toBe('measure')
    expect(bench.stats.n).toBeGreaterThanOrEqual(10)
    expect(bench.stats.medianMs).toBeGreaterThan(0.001)
    expect(bench.stats.medianMs).toBeLessThan(50)
    expect(bench.samplesMs.length).toBeGreaterThan(0)
    expect(bench.samplesMs.length).toBeLessThanOrEqual(256)

    const matcher = byName(report, 'toCompleteWithin #1')
    expect(matcher.kind).toBe('matcher')
    expect(matcher.budget).toMatchObject({
      matcher: 'toCompleteWithin',
      statistic: 'medianMs',
      limit: 50,
      withinBudget: true,
      negated: false,
    })
    expect(byName(report, 'sync generator').subject).toBe('generator')
    const asyncGenerator = byName(report, 'async generator')
    expect(asyncGenerator.subject).toBe('async-generator')
    expect(asyncGenerator.perYield?.n).toBeGreaterThan(0)

    const durations = report.measurements.filter((m) => m.kind === 'test-duration')
    expect(durations).toHaveLength(7)

    const markdown = project.read('perf-report/report.md')
    expect(markdown).toContain('## ⏱️ perf-sentinel')
    expect(markdown).toContain('| work 2000 |')
  })

  it('attributes measurements of concurrent tests to their own test and marks them concurrent', async () => {
    const project = createFixtureProject('vitest-basic')
    const run = await project.vitest(['run', 'test/concurrent.test.ts', '--reporter', 'perf'])
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expectConcurrentAttribution(report)
  })

  it('measures real time under fully faked timers', async () => {
    const project = createFixtureProject('vitest-basic')
    const run = await project.vitest(['run', 'test/fakeTimers.test.ts', '--reporter', 'perf'])
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    // work(20 000) takes ~0.1–1 ms here; a frozen clock would give 0.
    expect(byName(report, 'under fake timers').stats.medianMs).toBeGreaterThan(0.01)
    expect(byName(report, 'budget under fake timers').stats.medianMs).toBeGreaterThan(0.01)
  })

  it('keeps the measurements through --shard and --merge-reports', async () => {
    const project = createFixtureProject('vitest-basic')
    for (const shard of ['1/2', '2/2']) {
      const run = await project.vitest(['run', `--shard=${shard}`, '--reporter=blob'])
      expect(run.exitCode, run.output).toBe(0)
    }
    expect(project.exists('perf-report')).toBe(false)
    const merged = await project.vitest(['--merge-reports', '--reporter', 'perf'])
    expect(merged.exitCode, merged.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    const names = report.measurements.filter((m) => m.kind !== 'test-duration').map((m) => m.name)
    expect(names).toEqual(expect.arrayContaining(['work 2000', 'light work', 'heavy work', 'under fake timers']))
    expect(names).toHaveLength(11)
  })

  it('takes the output directory from --outputFile.perf and options from the config', async () => {
    const project = createFixtureProject('vitest-basic')
    // CI=true: no baseline is written, so the later runs of this project are not gated against this one's timings.
    const run = await project.vitest(['run', 'test/subjects.test.ts', '--reporter', 'perf', '--outputFile.perf=out/perf'], { CI: 'true' })
    expect(run.exitCode, run.output).toBe(0)
    expect(project.exists('out/perf/report.json')).toBe(true)
    expect(project.exists('out/perf/report.md')).toBe(true)
    expect(run.output).not.toContain('failure(s)')

    // Alone, the perf reporter still says what failed: nothing else would.
    project.write('test/broken.test.ts', "import { test, expect } from 'vitest'\ntest('adds up', () => { expect(1 + 1).toBe(3) })\n")
    const failing = await project.vitest(['run', 'test/subjects.test.ts', 'test/broken.test.ts', '--reporter', 'perf'], { CI: 'true' })
    expect(failing.exitCode).not.toBe(0)
    expect(failing.output).toContain('1 failure(s)')
    expect(failing.output).toMatch(/FAIL test\/broken\.test\.ts > adds up: AssertionError: expected 2 to be 3/)
    rmSync(join(project.dir, 'test/broken.test.ts'))

    project.write(
      'vitest.config.ts',
      `import { defineConfig } from 'vitest/config'
import { perfSentinel } from 'perf-sentinel/vitest'
export default defineConfig({ plugins: [perfSentinel()], test: { reporters: ['default', ['perf', { outputDir: 'custom', formats: ['json'] }]] } })
`,
    )
    const configured = await project.vitest(['run', 'test/subjects.test.ts'], { CI: 'true' })
    expect(configured.exitCode, configured.output).toBe(0)
    expect(project.exists('custom/report.json')).toBe(true)
    expect(project.exists('custom/report.md')).toBe(false)
  })

  it('loads the reporter by module path without the plugin', async () => {
    const project = createFixtureProject('vitest-basic')
    project.write(
      'vitest.config.ts',
      `import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { setupFiles: ['perf-sentinel/vitest/setup'] } })
`,
    )
    const run = await project.vitest(['run', 'test/subjects.test.ts', '--reporter', 'perf-sentinel/vitest/reporter'])
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(byName(report, 'work 2000').kind).toBe('measure')
  })

  it('fails fast on an invalid reporter option, naming the key, the value and what is accepted', async () => {
    const project = createFixtureProject('vitest-basic')
    project.write(
      'vitest.config.ts',
      `import { defineConfig } from 'vitest/config'
import { perfSentinel } from 'perf-sentinel/vitest'
export default defineConfig({ plugins: [perfSentinel({ formats: ['pdf'] })] })
`,
    )
    const run = await project.vitest(['run', '--reporter', 'perf'])
    expect(run.exitCode).not.toBe(0)
    expect(run.output).toContain('reporter option "formats" is ["pdf"]')
    expect(run.output).toContain("a non-empty array of distinct formats among 'json', 'markdown', 'html'")
    // Checked when perfSentinel() is called: the message names it.
    expect(run.output).toContain('perfSentinel(): reporter option')
    expect(run.output).toContain('PerfSentinelError:')
    expect(run.output).not.toMatch(/_class\d* \[PerfSentinelError\]|^\s*_class\d*:/m)
    // The same option in a ['perf', { … }] entry: the error names the entry.
    project.write(
      'vitest.config.ts',
      `import { defineConfig } from 'vitest/config'
import { perfSentinel } from 'perf-sentinel/vitest'
export default defineConfig({ plugins: [perfSentinel()], test: { reporters: ['default', ['perf', { formats: ['pdf'] }]] } })
`,
    )
    const entry = await project.vitest(['run'])
    expect(entry.exitCode).not.toBe(0)
    expect(entry.output).toContain("reporters: [['perf', { … }]] options")
    expect(entry.output).toContain('reporter option "formats" is ["pdf"]')
    expect(entry.output).not.toMatch(/_class\d* \[PerfSentinelError\]|^\s*_class\d*:/m)
  })

  it('reports an unwritable output directory clearly and leaves the test results alone', async () => {
    const project = createFixtureProject('vitest-basic')
    project.write('blocked', 'a file where the output directory should be')
    const run = await project.vitest([
      'run',
      'test/subjects.test.ts',
      '--reporter',
      'default',
      '--reporter',
      'perf',
      '--outputFile.perf=blocked/reports',
    ])
    expect(run.output).toMatch(/4 passed/)
    expect(run.output).toContain('blocked/reports')
    expect(run.output).toMatch(/could not create the report directory .*blocked\/reports: .*(ENOTDIR|EEXIST)/)
    // Said once, not once per report format.
    expect(run.output.match(/could not create the report directory/g)).toHaveLength(1)
    // The reports were asked for and not written: the run fails, the tests themselves still passed.
    expect(run.exitCode).not.toBe(0)
  })
})
