/**
 * The configuration file and the PERF_SENTINEL_* variables reach real test runs, in Vitest and Jest alike:
 * `perf-sentinel.config.json` (outputDir, exclude, failThresholdPercent, per-glob budgets) under the plugin /
 * reporter options, the variables over both — the same values `perf-sentinel config` prints — and a bad value
 * fails the run at start-up, before any test runs, naming the source, the key, the value and what is accepted.
 */
import type { Server } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/model/report.js'
import type { FixtureProject, RunResult } from './fixtureProject.js'
import { createFixtureProject } from './fixtureProject.js'

interface Runner {
  name: 'vitest' | 'jest'
  run(project: FixtureProject, files: string[], env?: NodeJS.ProcessEnv): Promise<RunResult>
  ext: string
}

const runners: Runner[] = [
  { name: 'vitest', run: (p, files, env) => p.vitest(['run', ...files], env), ext: 'ts' },
  { name: 'jest', run: (p, files, env) => p.jest(files, env), ext: 'js' },
]

function cli(project: FixtureProject, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return project.run(process.execPath, [join(project.dir, 'node_modules/perf-sentinel/dist/cli.js'), ...args], env)
}

function measurement(report: PerfReport, name: string): PerfReport['measurements'][number] {
  const found = report.measurements.find((m) => m.name === name)
  if (!found) throw new Error(`no measurement "${name}" in ${report.measurements.map((m) => m.name).join(', ')}`)
  return found
}

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

/** A webhook on 127.0.0.1 that answers 200 and keeps the title of each alert posted to it. */
async function webhook(): Promise<{ url: string; titles: string[] }> {
  const titles: string[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      titles.push((JSON.parse(body) as { alert: { title: string } }).alert.title)
      response.writeHead(200).end()
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, titles }
}

function count(text: string, part: string): number {
  return text.split(part).length - 1
}

describe.each(runners)('perf-sentinel.config.json in a real $name run', (runner) => {
  const parser = [`test/parser.test.${runner.ext}`]

  it('applies outputDir, exclude and failThresholdPercent from the file; a PERF_SENTINEL_* variable overrides the file', async () => {
    const project = createFixtureProject(`config-${runner.name}`)
    project.write(
      'perf-sentinel.config.json',
      JSON.stringify({
        outputDir: 'perf-out',
        exclude: ['ignored*'],
        compare: { failThresholdPercent: 100_000, warnThresholdPercent: 50 },
      }),
    )
    const first = await runner.run(project, parser)
    expect(first.exitCode, first.output).toBe(0)
    expect(project.exists('perf-report')).toBe(false)
    const recorded = project.readJson<PerfReport>('perf-out/report.json')
    // `exclude` leaves the scratch measurement out of the report and the baseline; it was measured all the same.
    expect(recorded.measurements.map((m) => m.name)).toEqual(['parse'])
    expect(project.read('perf-baseline.json')).not.toContain('ignored scratch')

    // 20× the work (+1900%: far past the noise of a loaded 2-core machine) stays under the file's +100000% gate…
    const slow = { CI: 'true', PERF_FIXTURE_FACTOR: '20', PERF_SENTINEL_CONFIRM: '0' }
    const passed = await runner.run(project, parser, slow)
    expect(passed.exitCode, passed.output).toBe(0)
    const tolerated = measurement(project.readJson<PerfReport>('perf-out/report.json'), 'parse').comparison
    expect(tolerated?.verdict, JSON.stringify(tolerated)).not.toBe('regressed')
    expect(tolerated?.changePercent).toBeGreaterThan(100)

    // …and fails the +100% gate a variable sets over the file; another variable moves the reports.
    const overridden = { ...slow, PERF_SENTINEL_FAIL_THRESHOLD_PERCENT: '100', PERF_SENTINEL_OUTPUT_DIR: 'env-out' }
    const failed = await runner.run(project, parser, overridden)
    expect(failed.exitCode, failed.output).not.toBe(0)
    expect(measurement(project.readJson<PerfReport>('env-out/report.json'), 'parse').comparison?.verdict).toBe('regressed')
    // The regression's detail is printed once, as the failure message; the table keeps its `regressed` row.
    expect(count(failed.output, 'Performance regression:'), failed.output).toBe(1)
    expect(failed.output).not.toContain('✗ REGRESSION')
    expect(failed.output).toMatch(/regressed +parser > parse/)
    expect(failed.output).toMatch(/perf-sentinel: Performance regression: test\/parser\.test\.(ts|js) > parser > parse is \+/)

    // `perf-sentinel config` prints what the run used.
    const shown = await cli(project, ['config', '--json'], overridden)
    const json = JSON.parse(shown.stdout) as {
      options: { outputDir: string; exclude: string[]; compare: { failThresholdPercent: number } }
    }
    expect(json.options).toMatchObject({ outputDir: 'env-out', exclude: ['ignored*'], compare: { failThresholdPercent: 100 } })
  })

  it('keeps only what `include` matches (here the full id of one test), from a TypeScript or CommonJS config file', async () => {
    const project = createFixtureProject(`config-${runner.name}`)
    const include = JSON.stringify({ include: ['**/parser.test.* > scratch > *'] })
    // Read synchronously at start-up: .ts through the project's TypeScript, .js through require().
    if (runner.name === 'vitest') project.write('perf-sentinel.config.ts', `const config: object = ${include}\nexport default config\n`)
    else project.write('perf-sentinel.config.js', `module.exports = ${include}\n`)
    const run = await runner.run(project, parser)
    expect(run.exitCode, run.output).toBe(0)
    expect(project.readJson<PerfReport>('perf-report/report.json').measurements.map((m) => m.name)).toEqual(['ignored scratch'])
    expect(project.read('perf-baseline.json')).not.toContain('"parse"')
  })

  it('applies thresholds[glob].budgetMs where the matcher decides, in the test workers', async () => {
    const project = createFixtureProject(`config-${runner.name}`)
    const hook = await webhook()
    project.write(
      'perf-sentinel.config.json',
      JSON.stringify({
        thresholds: { loosened: { budgetMs: 100_000 }, tightened: { budgetMs: 0.000001 } },
        // The config file's notifiers reach the run end too: the blown budget is posted to a local webhook.
        alerts: { notifiers: [{ type: 'webhook', url: hook.url }], stateDir: false },
      }),
    )
    const run = await runner.run(project, [`test/budget.test.${runner.ext}`])
    expect(hook.titles).toEqual([expect.stringMatching(/^Budget blown: tightened .*\(limit 1\.00 ns\)$/)])
    expect(run.exitCode, run.output).not.toBe(0)
    // The test whose own budget (10 s) cannot fail failed against the configured one, and says where it came from…
    expect(run.output).toContain('toCompleteWithin(10000 → 0.000001 (thresholds["tightened"].budgetMs))')
    expect(run.output).toMatch(/(FAIL|✗|×|✕) .*tightened/)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(measurement(report, 'tightened').budget).toMatchObject({ limit: 0.000001, withinBudget: false })
    // …and the one whose own budget (1 ns) cannot pass passed against the configured 100 s.
    expect(measurement(report, 'loosened').budget).toMatchObject({ limit: 100_000, withinBudget: true })
    expect(run.output).toMatch(/1 failed/)
  })

  it('fails at start-up on an invalid value, naming the source, the key, the value and what is accepted', async () => {
    const project = createFixtureProject(`config-${runner.name}`)
    const notStarted = (result: RunResult): void => {
      expect(result.exitCode, result.output).not.toBe(0)
      expect(result.output).not.toMatch(/Tests:|Test Files/)
      expect(project.exists('perf-report')).toBe(false)
      expect(project.exists('perf-baseline.json')).toBe(false)
      // The key, the value and the fix, without stack frames inside perf-sentinel or the message printed twice.
      expect(result.output).not.toMatch(/(\bat |❯ )(optionError|checkOptions|readEnvOverrides|loadConfigSync|loadRunConfig)\b/)
      expect(result.output).not.toMatch(/Serialized Error|problem: '/)
    }
    project.write('perf-sentinel.config.json', JSON.stringify({ compare: { failThresholdPercent: 'lots' } }))
    const badFile = await runner.run(project, parser)
    notStarted(badFile)
    expect(badFile.output).toContain('perf-sentinel.config.json: option "compare.failThresholdPercent" is "lots"')
    expect(badFile.output).toContain('"compare.failThresholdPercent" must be a percentage ≥ 0')

    project.write('perf-sentinel.config.json', JSON.stringify({ outputDir: 'perf-out' }))
    const badVariable = await runner.run(project, parser, { PERF_SENTINEL_FORMATS: 'pdf' })
    notStarted(badVariable)
    expect(badVariable.output).toContain('environment variable PERF_SENTINEL_FORMATS: option "formats" is "pdf"')
    expect(badVariable.output).toContain("a non-empty array of distinct formats among 'json', 'markdown', 'html'")

    // Alert notifiers are checked at the start too, not when the first alert is sent after the whole run.
    project.write('perf-sentinel.config.json', JSON.stringify({ alerts: { notifiers: [{ type: 'webhook', url: 'not a url' }] } }))
    const badAlerts = await runner.run(project, parser)
    notStarted(badAlerts)
    expect(badAlerts.output).toMatch(/perf-sentinel\.config\.json: option "alerts\.notifiers\[0\]\.url" is "not a url"/)
    project.write('perf-sentinel.config.json', '{}')
    const badAlertVariable = await runner.run(project, parser, {
      PERF_SENTINEL_ALERT_DIR: 'alerts',
      PERF_SENTINEL_ALERT_WINDOW_DAYS: 'ten',
    })
    notStarted(badAlertVariable)
    expect(badAlertVariable.output).toMatch(
      /alert variables \(PERF_SENTINEL_ALERT_DIR, PERF_SENTINEL_ALERT_WINDOW_DAYS\): option "alerts\.windowDays" is "ten"/,
    )
  })
})
