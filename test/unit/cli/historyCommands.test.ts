import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/main.js'
import type { PerfReport, ReportMeasurement, TrendPoint } from '../../../src/model/report.js'
import { trendPoints } from '../../../src/model/trend.js'
import type { Comparison, MeasurementRecord } from '../../../src/model/types.js'
import { buildReport } from '../../../src/pipeline/buildReport.js'
import { testDurationRecord } from '../../../src/record/testDurationRecord.js'
import { renderJson } from '../../../reporters/render/json.js'
import { appendRun, buildHistoryRun, readRuns } from '../../../src/stores/history/index.js'
import { environment, record } from '../stores/fixtures.js'

const PARSE = record('test/parse.test.ts', 'parser', 'parse 1 KB', 1)
const SORT = record('test/sort.test.ts', 'sorts', 'sort 10k', 2)

async function cli(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { cwd, env: { NO_COLOR: '1', ...env }, out: (l) => out.push(l), err: (l) => err.push(l) })
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

function withMedian(r: MeasurementRecord, medianMs: number): MeasurementRecord {
  return {
    ...r,
    result: { ...r.result, medianMs, p95Ms: medianMs * 1.1, samplesMs: r.result.samplesMs.map((s) => (s * medianMs) / r.result.medianMs) },
  }
}

const sha = (i: number): string => i.toString(16).padStart(7, '0').repeat(6).slice(0, 40)

/**
 * A project whose history has 20 commits a day apart (the newest yesterday): "parse 1 KB" at 1.00 ms, then from
 * commit 10 on at 1.153 ms (+15.3%); "sort 10k" flat with ±1% wobble.
 */
async function projectWithHistory(): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), 'perf-sentinel-history-cmd-'))
  const dir = join(cwd, '.perf-sentinel/history')
  const day = 86_400_000
  const start = Date.now() - 21 * day + day / 2
  for (let i = 0; i < 20; i++) {
    const wobble = [1, 1.01, 0.99][i % 3] as number
    const records = [withMedian(PARSE, (i < 10 ? 1 : 1.153) * wobble), withMedian(SORT, 2 * wobble)]
    const run = buildHistoryRun({
      records,
      git: { commit: sha(i + 1), branch: 'main', dirty: false },
      environment,
      time: new Date(start + i * day),
      runId: `run-${i}`,
    })
    await appendRun(dir, run)
  }
  return cwd
}

describe('perf-sentinel trend', () => {
  it('prints per measurement the baseline, the slope and the change point at the slow commit', async () => {
    const cwd = await projectWithHistory()
    const text = await cli(cwd, ['trend'])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('Trend over 30 days (20 runs):')
    const parseLine = text.stdout.split('\n').find((line) => line.includes('parse 1 KB')) ?? ''
    expect(parseLine).toContain(`${sha(11).slice(0, 7)} +15.3%`)
    expect(text.stdout.split('\n').find((line) => line.includes('sort 10k'))).toContain('—')
    const json = await cli(cwd, ['trend', '--json', '--name', 'parse*'])
    const parsed = JSON.parse(json.stdout) as {
      measurements: Array<{ name: string; points: unknown[]; changePoints: Array<{ commit: string; changePercent: number }> }>
    }
    expect(parsed.measurements.map((m) => m.name)).toEqual(['parse 1 KB'])
    expect(parsed.measurements[0]?.points).toHaveLength(20)
    expect(parsed.measurements[0]?.changePoints[0]?.commit).toBe(sha(11))
    const markdown = await cli(cwd, ['trend', '--markdown', '--days', '5'])
    expect(markdown.stdout).toMatch(/^### Performance trend \(5 days, 4 runs\)/)
    expect(markdown.stdout).toContain('| measurement | file | commits |')
  })

  it('names a test duration by its test, and says when --name matches nothing or --days is below 1', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perf-sentinel-durations-'))
    for (let i = 0; i < 4; i++) {
      const records = [testDurationRecord('test/parse.test.ts', 'parser > parses a header', 12 + i), withMedian(PARSE, 1)]
      const git = { commit: sha(i + 1), branch: 'main', dirty: false }
      await appendRun(
        join(cwd, '.perf-sentinel/history'),
        buildHistoryRun({ records, git, environment, time: new Date(Date.now() - (4 - i) * 3_600_000), runId: `r${i}` }),
      )
    }
    const rows = (await cli(cwd, ['trend'])).stdout.split('\n')
    expect(rows.find((line) => line.includes('(test duration)'))).toMatch(
      /^ *parser > parses a header \(test duration\) +test\/parse\.test\.ts/,
    )
    const none = await cli(cwd, ['trend', '--name', 'nomatch'])
    expect(none.stdout).toBe('No measurement matches --name "nomatch" (2 in the history of the last 30 days).')
    expect((await cli(cwd, ['audit', '--name', 'nomatch'])).stdout).toContain('(none matches --name "nomatch").')
    // Markdown says it too, instead of an empty table.
    expect((await cli(cwd, ['trend', '--markdown', '--name', 'nomatch'])).stdout).toBe(
      '### Performance trend (30 days, 4 runs)\n\nNo measurement matches --name "nomatch" (2 in the history of the last 30 days).',
    )
    // Four commits: too few for the audit to judge, and it says so.
    expect((await cli(cwd, ['audit'])).stdout).toContain('2 measurement(s) have fewer than 6 commits in the history: too few to judge.')
    for (const command of ['trend', 'audit']) {
      const both = await cli(cwd, [command, '--json', '--markdown'])
      expect(both.code).toBe(2)
      expect(both.stderr).toContain('--json and --markdown were both given')
    }
    const negative = await cli(cwd, ['trend', '--days', '-1'])
    expect(negative.code).toBe(2)
    expect(negative.stderr).toContain('--days needs a whole number ≥ 1, received "-1"')
  })

  it('says so when there is no history', async () => {
    const empty = await cli(mkdtempSync(join(tmpdir(), 'perf-sentinel-empty-')), ['trend'])
    expect(empty.code).toBe(0)
    expect(empty.stdout).toContain('No measurements in the history of the last 30 days (no runs recorded).')
  })
})

describe('perf-sentinel audit', () => {
  it('lists regressions as "<test> > <name>: N% slower since <commit>" and exits 1', async () => {
    const cwd = await projectWithHistory()
    const result = await cli(cwd, ['audit', '--threshold', '10'])
    expect(result.code).toBe(1)
    expect(result.stdout.split('\n')[0]).toBe(`parser > parse 1 KB: 15.3% slower since ${sha(11).slice(0, 7)}`)
    expect(result.stdout).toContain('1 regression(s) above 10% in 2 measurement(s) over 20 run(s).')
    const json = JSON.parse((await cli(cwd, ['audit', '--json'])).stdout) as {
      findings: Array<{ message: string; thresholdPercent: number }>
    }
    expect(json.findings.map((f) => [f.message, f.thresholdPercent])).toEqual([
      [`parser > parse 1 KB: 15.3% slower since ${sha(11).slice(0, 7)}`, 10],
    ])
    const markdown = await cli(cwd, ['audit', '--markdown'])
    expect(markdown.stdout).toContain(`| parser > parse 1 KB | 15.3% | ${sha(11).slice(0, 7)} |`)
  })

  it('exits 0 when nothing exceeds the threshold, and uses per-glob thresholds from the config file', async () => {
    const cwd = await projectWithHistory()
    expect((await cli(cwd, ['audit', '--threshold', '20'])).code).toBe(0)
    writeFileSync(join(cwd, 'perf-sentinel.config.json'), JSON.stringify({ thresholds: { 'parse*': { failThresholdPercent: 25 } } }))
    const result = await cli(cwd, ['audit'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('No regressions above the configured thresholds')
    expect((await cli(cwd, ['audit'], { PERF_SENTINEL_EXCLUDE: 'sort*' })).stdout).toContain('in 1 measurement(s)')
  })

  it('rejects a bad --threshold with exit 2', async () => {
    const result = await cli(mkdtempSync(join(tmpdir(), 'perf-sentinel-empty-')), ['audit', '--threshold', 'ten'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--threshold needs a number ≥ 0, received "ten"')
  })
})

function report(records: MeasurementRecord[], comparisons: Record<string, Comparison>, startedAt: string): PerfReport {
  return buildReport({
    run: {
      startedAt,
      durationMs: 1000,
      runner: { name: 'jest', version: '30.0.0' },
      ci: true,
      git: { commit: sha(30), notes: [] },
      environment,
      notes: ['shard note'],
    },
    records,
    comparisons: new Map(Object.entries(comparisons)),
    removed: [],
  })
}

const id = (r: MeasurementRecord): string => `${r.file} > ${r.testName} > ${r.name}`
const regressed: Comparison = {
  verdict: 'regressed',
  reason: 'slower',
  changePercent: 15,
  intervalPercent: [12, 18],
  confidenceLevel: 0.99,
  pValue: 0.001,
  noiseFloorPercent: 5,
  baseN: 21,
  headN: 21,
  absoluteChangeMs: 0.15,
  baselineMedianMs: 1,
}
const unchanged: Comparison = { ...regressed, verdict: 'unchanged', reason: 'same', changePercent: 0.5, intervalPercent: [-1, 2] }

describe('perf-sentinel merge', () => {
  it('combines shard reports into one report and verdict, exiting 1 for a regression as the runner would', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perf-sentinel-merge-'))
    for (const [shard, r, c] of [
      [1, PARSE, regressed],
      [2, SORT, unchanged],
    ] as const) {
      mkdirSync(join(cwd, `shards/perf-report-${shard}`), { recursive: true })
      writeFileSync(
        join(cwd, `shards/perf-report-${shard}/report.json`),
        renderJson(report([r], { [id(r)]: c }, `2025-01-01T00:0${shard}:00.000Z`)),
      )
    }
    const result = await cli(cwd, ['merge', 'shards', '--json'])
    expect(result.code).toBe(1)
    const summary = JSON.parse(result.stdout) as { inputs: string[]; written: string[]; summary: PerfReport['summary']; failures: string[] }
    expect(summary.inputs).toHaveLength(2)
    expect(summary.summary.byVerdict).toMatchObject({ regressed: 1, unchanged: 1 })
    expect(summary.failures[0]).toContain('test/parse.test.ts > parser > parse 1 KB')
    expect(summary.written).toEqual(['perf-report/report.json', 'perf-report/report.md', 'perf-report/report.html'])
    const merged = JSON.parse(readFileSync(join(cwd, 'perf-report/report.json'), 'utf8')) as PerfReport
    expect(merged.measurements.map((m) => m.name)).toEqual(['parse 1 KB', 'sort 10k'])
    expect(merged.run.startedAt).toBe('2025-01-01T00:01:00.000Z')
    expect(merged.run.durationMs).toBe(61_000)
    expect(merged.run.notes[0]).toContain('Merged from 2 shard report(s)')
    // A note both shards wrote is listed once, with how many wrote it (its counts are per shard).
    expect(merged.run.notes).toContain('shard note (in each of 2 shards)')
    // Without the regressed shard the verdict passes; failOnRegression: false never fails.
    expect((await cli(cwd, ['merge', 'shards/perf-report-2', '--out', 'only2'])).code).toBe(0)
    expect(existsSync(join(cwd, 'only2/report.md'))).toBe(true)
    expect((await cli(cwd, ['merge', 'shards'], { PERF_SENTINEL_FAIL_ON_REGRESSION: 'false' })).code).toBe(0)
  })

  it('with --record, appends the merged run to the history as the unsharded run would have', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perf-sentinel-merge-'))
    for (const [shard, r] of [
      [1, PARSE],
      [2, SORT],
    ] as const) {
      mkdirSync(join(cwd, `shards/${shard}`), { recursive: true })
      writeFileSync(
        join(cwd, `shards/${shard}/report.json`),
        renderJson(report([r], { [id(r)]: unchanged }, `2025-01-01T00:0${shard}:00.000Z`)),
      )
    }
    const merged = await cli(cwd, ['merge', 'shards', '--record'])
    expect(merged.code, merged.stderr).toBe(0)
    expect(merged.stderr).toContain('recorded the merged run in .perf-sentinel/history')
    const { runs } = await readRuns(join(cwd, '.perf-sentinel/history'))
    expect(runs).toHaveLength(1)
    expect(Object.keys(runs[0]?.measurements ?? {}).sort()).toEqual([id(PARSE), id(SORT)])
    expect(runs[0]?.git.commit).toBe(sha(30))
    expect(runs[0]?.time).toBe('2025-01-01T00:01:00.000Z')
  })

  it('re-indexes each shard’s trends into one run table, and reads a shard written as schemaVersion 1', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perf-sentinel-merge-'))
    const at = (minute: number): string => `2025-01-01T00:0${minute}:00.000Z`
    // Shard 1 (schemaVersion 2): runs [A, C]; shard 2 (schemaVersion 1, one point object per run): runs C, B, C.
    const first = report([PARSE], { [id(PARSE)]: unchanged }, at(1))
    first.trendRuns = [
      { commit: sha(1), branch: 'main', time: at(0) },
      { commit: sha(3), time: at(3) },
    ]
    ;(first.measurements[0] as ReportMeasurement).trend = { runs: [0, 1], medianMs: [1, 1.1], p95Ms: [1.2, 1.3], changePoints: [1] }
    const second = report([SORT], { [id(SORT)]: unchanged }, at(2)) as unknown as Record<string, unknown> & { measurements: object[] }
    second.schemaVersion = 1
    delete second.trendRuns
    second.measurements[0] = {
      ...second.measurements[0],
      trend: [
        { commit: sha(3), time: at(3), medianMs: 2, p95Ms: 2.4 },
        { commit: sha(2), branch: 'main', time: at(2), medianMs: 2.1, p95Ms: 2.5, isBaseline: true },
        // A run whose median was not finite: version 1 wrote it as null, as JSON requires.
        { commit: sha(4), time: at(4), medianMs: null, p95Ms: null },
      ],
    }
    for (const [shard, json] of [
      [1, renderJson(first)],
      [2, JSON.stringify(second)],
    ] as const) {
      mkdirSync(join(cwd, `shards/${shard}`), { recursive: true })
      writeFileSync(join(cwd, `shards/${shard}/report.json`), json)
    }
    const result = await cli(cwd, ['merge', 'shards', '--format', 'json'])
    expect(result.code, result.stderr).toBe(0)
    const merged = JSON.parse(readFileSync(join(cwd, 'perf-report/report.json'), 'utf8')) as PerfReport
    expect(merged.schemaVersion).toBe(2)
    // Run C, named by both shards, is listed once; a run is its commit, branch and time, nothing of a point's.
    expect(merged.trendRuns).toEqual([
      { commit: sha(1), branch: 'main', time: at(0) },
      { commit: sha(3), time: at(3) },
      { commit: sha(2), branch: 'main', time: at(2) },
      { commit: sha(4), time: at(4) },
    ])
    const pointsOf = (name: string): TrendPoint[] => {
      const trend = merged.measurements.find((m) => m.name === name)?.trend
      return trend === undefined ? [] : trendPoints(merged.trendRuns, trend)
    }
    expect(pointsOf('parse 1 KB')).toEqual([
      { commit: sha(1), branch: 'main', time: at(0), medianMs: 1, p95Ms: 1.2 },
      { commit: sha(3), time: at(3), medianMs: 1.1, p95Ms: 1.3, isChangePoint: true },
    ])
    expect(pointsOf('sort 10k')).toEqual([
      { commit: sha(3), time: at(3), medianMs: 2, p95Ms: 2.4 },
      { commit: sha(2), branch: 'main', time: at(2), medianMs: 2.1, p95Ms: 2.5, isBaseline: true },
      { commit: sha(4), time: at(4), medianMs: Number.NaN, p95Ms: Number.NaN },
    ])
  })

  it('rejects a trend that refers to a run the report does not list, naming the measurement', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perf-sentinel-merge-'))
    const broken = report([PARSE], { [id(PARSE)]: unchanged }, '2025-01-01T00:01:00.000Z')
    ;(broken.measurements[0] as ReportMeasurement).trend = { runs: [0, 1], medianMs: [1, 1], p95Ms: [1, 1] }
    broken.trendRuns = [{ commit: sha(1), time: '2025-01-01T00:00:00.000Z' }]
    writeFileSync(join(cwd, 'report.json'), renderJson(broken))
    const result = await cli(cwd, ['merge', 'report.json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`measurement ${id(PARSE)}: trend refers to a run that trendRuns (1) does not have`)
  })

  it('exits 2 when no report is found or one is not a report', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perf-sentinel-merge-'))
    mkdirSync(join(cwd, 'empty'))
    const none = await cli(cwd, ['merge', 'empty'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no report.json found in empty')
    writeFileSync(join(cwd, 'report.json'), '{"schemaVersion": 7}')
    const bad = await cli(cwd, ['merge', 'report.json'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('is not a perf-sentinel report')
  })
})

describe('perf-sentinel report', () => {
  it('regenerates the report files from report.json and the history, without running tests', async () => {
    const cwd = await projectWithHistory()
    mkdirSync(join(cwd, 'perf-report'))
    writeFileSync(
      join(cwd, 'perf-report/report.json'),
      renderJson(report([PARSE, SORT], { [id(PARSE)]: regressed, [id(SORT)]: unchanged }, new Date().toISOString())),
    )
    const result = await cli(cwd, ['report', '--format', 'markdown,html'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('Regenerated 2 measurement(s)')
    expect(result.stdout).toContain('with 20 history run(s)')
    expect(result.stdout).toContain('perf-report/report.md')
    expect(readFileSync(join(cwd, 'perf-report/report.html'), 'utf8')).toContain('parse 1 KB')
    const json = await cli(cwd, ['report', '--json', '--out', 'again', '--format', 'json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ historyRuns: 20, measurements: 2, written: ['again/report.json'] })
    const regenerated = JSON.parse(readFileSync(join(cwd, 'again/report.json'), 'utf8')) as PerfReport
    expect(regenerated.schemaVersion).toBe(2)
    const trend = regenerated.measurements.find((m) => m.name === 'parse 1 KB')?.trend
    expect(trend?.runs).toHaveLength(21)
    expect(trend?.runs.every((run) => regenerated.trendRuns[run] !== undefined)).toBe(true)
    expect(trend?.changePoints?.[0]).toBe(10)
    expect(regenerated.summary.byVerdict.regressed).toBe(1)
  })

  it('rejects an unknown format and a missing report with exit 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perf-sentinel-report-'))
    const format = await cli(cwd, ['report', '--format', 'pdf'])
    expect(format.code).toBe(2)
    const missing = await cli(cwd, ['report'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('cannot read report')
    expect(missing.stderr).toContain('Fix: run the tests with the perf reporter first')
  })
})
