/**
 * The history, configuration and CI commands end to end: the built CLI (dist/cli.js) in temp git repositories
 * with real Vitest and Jest fixture projects — output, files written, exit codes, --help, a bad flag, --json.
 */
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { PerfReport } from '../../src/model/report.js'
import type { FixtureProject } from './fixtureProject.js'
import { commitAll, createFixtureProject } from './fixtureProject.js'

function cliOf(project: FixtureProject) {
  return (args: string[], env: NodeJS.ProcessEnv = {}) =>
    project.run(process.execPath, [join(project.dir, 'node_modules/perf-sentinel/dist/cli.js'), ...args], env)
}

const COMMANDS = ['config', 'init', 'merge', 'report', 'trend', 'audit', 'schedule']

describe('perf-sentinel config, trend, audit, report, init, schedule on a Vitest project', () => {
  it('records history over commits, then shows, audits and re-renders it without running tests', { timeout: 300_000 }, async () => {
    const project = createFixtureProject('vitest-regression')
    const cli = cliOf(project)
    // Eight commits: four at the normal speed, four with the parser 20× slower (a real, known slowdown, large
    // enough to stand out of the timing noise of a loaded 2-core machine even with four points a side).
    const commits: string[] = []
    for (let i = 0; i < 8; i++) {
      project.write('version.txt', `${i}\n`)
      commits.push(await commitAll(project, `commit ${i}`))
      const run = await project.vitest(['run'], { CI: 'true', PERF_FIXTURE_FACTOR: i < 4 ? '1' : '20' })
      // A slowed run may fail against the baseline (exit 1); either way it records history.
      expect([0, 1], run.output).toContain(run.exitCode)
    }

    const trend = await cli(['trend', '--json', '--name', 'parse'])
    expect(trend.exitCode, trend.output).toBe(0)
    const trendJson = JSON.parse(trend.stdout) as {
      runs: number
      measurements: Array<{ name: string; points: unknown[]; changePoints: Array<{ commit: string; changePercent: number }> }>
    }
    expect(trendJson.runs).toBe(8)
    expect(trendJson.measurements.map((m) => m.name)).toEqual(['parse'])
    expect(trendJson.measurements[0]?.points).toHaveLength(8)
    expect(trendJson.measurements[0]?.changePoints[0]?.commit, JSON.stringify(trendJson)).toBe(commits[4])
    expect(trendJson.measurements[0]?.changePoints[0]?.changePercent).toBeGreaterThan(100)
    const trendText = await cli(['trend'])
    expect(trendText.stdout).toContain('Trend over 30 days (8 runs):')
    expect(trendText.stdout).toMatch(new RegExp(`parse .*${commits[4]?.slice(0, 7)} \\+\\d+\\.\\d%`))

    const audit = await cli(['audit', '--threshold', '10'])
    expect(audit.exitCode, audit.output).toBe(1)
    expect(audit.stdout).toMatch(new RegExp(`^(.+ > )?parse: \\d+\\.\\d% slower since ${commits[4]?.slice(0, 7)}$`, 'm'))
    // The unchanged measurement stays out of a threshold above the machine's own swings: a CI machine moved this
    // 0.4 ms function by +87% between runs of one job (a busy phase), while the parser's change is 20×.
    const auditJson = JSON.parse((await cli(['audit', '--json', '--threshold', '300'])).stdout) as {
      findings: Array<{ name: string }>
      measurements: number
    }
    expect(auditJson.measurements).toBe(2)
    expect(auditJson.findings.map((f) => f.name)).toEqual(['parse'])
    expect((await cli(['audit', '--name', 'steady', '--threshold', '300'])).exitCode).toBe(0)

    const report = await cli(['report', '--format', 'markdown,json', '--out', 'regenerated'])
    expect(report.exitCode, report.output).toBe(0)
    expect(report.stdout).toContain('with 8 history run(s)')
    const regenerated = project.readJson<PerfReport>('regenerated/report.json')
    expect(regenerated.measurements.find((m) => m.name === 'parse')?.trend?.runs).toHaveLength(8)
    expect(project.read('regenerated/report.md')).toContain('parse')

    // Configuration: a file, an environment variable, and where each value came from.
    project.write('perf-sentinel.config.json', JSON.stringify({ outputDir: 'perf-out', exclude: ['steady'] }))
    const config = await cli(['config', '--json'], { PERF_SENTINEL_FAIL_THRESHOLD_PERCENT: '15' })
    expect(config.exitCode, config.output).toBe(0)
    const configJson = JSON.parse(config.stdout) as {
      options: { outputDir: string; compare: { failThresholdPercent: number } }
      sources: Record<string, string>
    }
    expect(configJson.options.outputDir).toBe('perf-out')
    expect(configJson.options.compare.failThresholdPercent).toBe(15)
    expect(configJson.sources).toMatchObject({
      outputDir: 'perf-sentinel.config.json',
      'compare.failThresholdPercent': 'env PERF_SENTINEL_FAIL_THRESHOLD_PERCENT',
      terminal: 'default',
    })
    const configText = await cli(['config'])
    expect(configText.stdout).toMatch(/outputDir +"perf-out" +perf-sentinel\.config\.json +PERF_SENTINEL_OUTPUT_DIR/)
    // The exclude glob applies to the history commands.
    expect(JSON.parse((await cli(['trend', '--json'])).stdout).measurements.map((m: { name: string }) => m.name)).toEqual(['parse'])
    const badEnv = await cli(['config'], { PERF_SENTINEL_FAIL_THRESHOLD_PERCENT: 'lots' })
    expect(badEnv.exitCode).toBe(2)
    expect(badEnv.stderr).toContain(
      'environment variable PERF_SENTINEL_FAIL_THRESHOLD_PERCENT: option "compare.failThresholdPercent" is "lots"',
    )
    expect(badEnv.stderr).toContain('Fix: "compare.failThresholdPercent" must be a percentage ≥ 0')

    // init --ci github: the workflow for this project (Vitest, npm).
    project.write('package-lock.json', '{}')
    const init = await cli(['init', '--ci', 'github'])
    expect(init.exitCode, init.output).toBe(0)
    const workflow = parse(project.read('.github/workflows/perf.yml')) as {
      jobs: { perf: { steps: Array<{ name: string; run?: string }> } }
    }
    // The fixture's vitest.config.ts lists the perf reporter, so the command keeps the configured reporters
    // (a --reporter flag would replace them) and init says why.
    expect(workflow.jobs.perf.steps.find((s) => s.name === 'Performance tests')?.run?.trim()).toBe('npx vitest run')
    expect(init.stderr).toContain('detected perf reporter: listed in vitest.config.ts')
    expect((await cli(['init', '--ci', 'github'])).exitCode).toBe(2)
    const gitlab = await cli(['init', '--ci', 'gitlab', '--shards', '2', '--json'])
    expect(JSON.parse(gitlab.stdout)).toMatchObject({ file: '.gitlab-ci.yml', runner: 'vitest', packageManager: 'npm', shards: 2 })

    // schedule: a hanging command is stopped by the timeout, slots during it are skipped, the audit runs after each
    // run, SIGTERM stops the schedule (exit 0), and the log and the state persist.
    // SIGTERM once a run ended (after its timeout) and a slot during it was skipped — not after a fixed time, which
    // a loaded machine can make too short.
    const stopWhen = (stdout: string): boolean => stdout.includes('"event":"run-end"') && stdout.includes('"event":"skipped"')
    const scheduled = await runScheduleUntil(project, stopWhen, [
      '--cron',
      '*/2 * * * * *',
      '--timeout',
      '0.05',
      '--json',
      '--',
      process.execPath,
      '-e',
      'setInterval(() => {}, 1000)',
    ])
    expect(scheduled.exitCode, scheduled.stderr).toBe(0)
    const log = project
      .read('.perf-sentinel/schedule.log')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(log[0]).toMatchObject({ event: 'start', cron: '*/2 * * * * *' })
    const end = log.find((e) => e.event === 'run-end')
    expect(end).toMatchObject({ timedOut: true })
    expect(log.some((e) => e.event === 'skipped')).toBe(true)
    expect(log[log.length - 1]).toMatchObject({ event: 'stop', reason: 'SIGTERM' })
    expect(
      scheduled.stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => JSON.parse(line)),
    ).toBeTruthy()
    expect(project.readJson<{ lastSlot: string; cron: string }>('.perf-sentinel/schedule-state.json').cron).toBe('*/2 * * * * *')
  })

  it('answers --help for every command without running anything, and rejects a bad flag with exit 2 naming the accepted ones', async () => {
    const project = createFixtureProject('vitest-regression')
    const cli = cliOf(project)
    for (const command of COMMANDS) {
      const help = await cli([command, '--help'])
      expect(help.exitCode, command).toBe(0)
      expect(help.stdout, command).toMatch(new RegExp(`^Usage: perf-sentinel ${command}`))
      expect(help.stdout).toContain('Exit codes: 0 success, 1 a finding')
      const bad = await cli([command, '--frobnicate'])
      expect(bad.exitCode, command).toBe(2)
      expect(bad.stderr, command).toContain('unknown flag --frobnicate')
      expect(bad.stderr, command).toMatch(/Fix: accepted flags: --/)
    }
    expect(existsSync(join(project.dir, '.github'))).toBe(false)
  })
})

describe('perf-sentinel merge on Jest shards', () => {
  it('merges per-shard reports into one report with the verdict and exit code the run would have had', async () => {
    const project = createFixtureProject('jest-basic')
    await commitAll(project)
    const cli = cliOf(project)
    const counts: number[] = []
    for (const shard of [1, 2]) {
      const run = await project.jest([`--shard=${shard}/2`], { CI: 'true' })
      expect(run.exitCode, run.output).toBe(0)
      counts.push(project.readJson<PerfReport>('perf-report/report.json').measurements.length)
      mkdirSync(join(project.dir, 'shards'), { recursive: true })
      renameSync(join(project.dir, 'perf-report'), join(project.dir, `shards/perf-report-${shard}`))
    }
    const merged = await cli(['merge', 'shards', '--json'])
    expect(merged.exitCode, merged.output).toBe(0)
    const summary = JSON.parse(merged.stdout) as { inputs: string[]; written: string[]; exitCode: number }
    expect(summary.inputs).toHaveLength(2)
    expect(summary.written).toContain('perf-report/report.html')
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(report.measurements).toHaveLength((counts[0] ?? 0) + (counts[1] ?? 0))
    expect(new Set(report.measurements.map((m) => m.file)).size).toBeGreaterThan(1)
    const text = await cli(['merge', 'shards/perf-report-1', 'shards/perf-report-2/report.json', '--out', 'merged', '--format', 'markdown'])
    expect(text.stdout).toContain(`Merged 2 report(s): `)
    expect(project.exists('merged/report.md')).toBe(true)
  })

  it('exits 1 when a merged shard regressed, as the Jest run itself did', async () => {
    const project = createFixtureProject('jest-regression')
    await commitAll(project)
    const cli = cliOf(project)
    expect((await project.jest([])).exitCode).toBe(0)
    const slow = await project.jest([], { CI: 'true', PERF_FIXTURE_FACTOR: '10' })
    expect(slow.exitCode, slow.output).toBe(1)
    cpSync(join(project.dir, 'perf-report'), join(project.dir, 'shard-a'), { recursive: true })
    const merged = await cli(['merge', 'shard-a', '--out', 'merged'])
    expect(merged.exitCode, merged.output).toBe(1)
    expect(merged.stdout).toContain('test/parser.test.js > parser > parse')
    const report = JSON.parse(readFileSync(join(project.dir, 'merged/report.json'), 'utf8')) as PerfReport
    expect(report.summary.byVerdict.regressed).toBe(1)
  })
})

/** Runs `perf-sentinel schedule` until `done(stdout)`, then sends SIGTERM; resolves with its exit code and output. */
function runScheduleUntil(
  project: FixtureProject,
  done: (stdout: string) => boolean,
  args: string[],
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(project.dir, 'node_modules/perf-sentinel/dist/cli.js'), 'schedule', ...args], {
      cwd: project.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
    })
    let stdout = ''
    let stderr = ''
    let stopped = false
    const stop = (): void => {
      if (stopped) return
      stopped = true
      child.kill('SIGTERM')
    }
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (done(stdout)) stop()
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    // A safety net only: the expectations after it say what was missing.
    const timer = setTimeout(stop, 60_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolvePromise({ exitCode: code, stdout, stderr })
    })
  })
}
