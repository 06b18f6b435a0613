import { describe, expect, it } from 'vitest'
import type { BuildReportInput } from '../../src/pipeline/buildReport.js'
import { buildReport } from '../../src/pipeline/buildReport.js'
import { REPORT_SCHEMA_VERSION } from '../../src/model/report.js'
import type { Trend } from '../../src/model/report.js'
import { summarize } from '../../src/stats/summarize.js'
import type { BudgetOutcome, Comparison, MeasurementKind, MeasurementRecord, Verdict } from '../../src/model/types.js'
import { measurementId } from '../../src/model/types.js'
import { pluginVersion } from '../../src/env/version.js'

const RUN: BuildReportInput['run'] = {
  startedAt: '2025-01-06T09:00:00.000Z',
  durationMs: 1234,
  runner: { name: 'vitest', version: '4.1.12' },
  ci: false,
  git: { commit: 'a'.repeat(40), shortCommit: 'aaaaaaa', branch: 'main', notes: [] },
  environment: {
    hard: {
      os: 'linux',
      arch: 'x64',
      cpuModel: 'cpu',
      cores: 2,
      totalMemoryGiB: 8,
      node: 'v20.20.2',
      v8: '11.3',
      runner: 'vitest',
      runnerVersion: '4.1.12',
      pluginVersion: '0.1.0',
      flags: [],
    },
    soft: { loadAverage1m: 0.1, cpuSpeedMHz: 2000 },
  },
}

function record(
  testName: string,
  name: string,
  kind: MeasurementKind = 'measure',
  extra: Partial<MeasurementRecord> = {},
): MeasurementRecord {
  const samplesMs = [1, 2, 3]
  return {
    file: 'test/a.perf.test.ts',
    testName,
    name,
    kind,
    concurrent: false,
    result: {
      name,
      subject: 'sync',
      ...summarize(samplesMs),
      samplesMs,
      batchSize: 4,
      operations: 12,
      warmupOperations: 7,
      sampledForMs: 9,
    },
    ...extra,
  }
}

function comparison(verdict: Verdict): Comparison {
  return { verdict, changePercent: 1, reason: `${verdict} because` } as Comparison
}

function budget(withinBudget: boolean, negated: boolean): BudgetOutcome {
  return { matcher: 'toCompleteWithin', statistic: 'medianMs', limit: 5, actual: 2, withinBudget, negated }
}

/** Records of every verdict, scrambled, with the comparisons that give them their verdicts. */
function mixedInput(): BuildReportInput {
  const records = [
    record('t', 'u2'),
    record('t', 'new2'),
    record('durations', 'duration b', 'test-duration'),
    record('t', 'imp'),
    record('t', 'reg2'),
    record('t', 'u1'),
    record('durations', 'duration a', 'test-duration'),
    record('t', 'new1'),
    record('t', 'inc'),
    record('t', 'reg1'),
  ]
  const verdicts: Record<string, Verdict> = {
    u1: 'unchanged',
    u2: 'unchanged',
    imp: 'improved',
    reg1: 'regressed',
    reg2: 'regressed',
    inc: 'inconclusive',
  }
  const comparisons = new Map<string, Comparison>()
  for (const r of records) {
    const verdict = verdicts[r.name]
    if (verdict) comparisons.set(measurementId(r), comparison(verdict))
  }
  return { run: RUN, records, comparisons }
}

describe('buildReport()', () => {
  it('orders measurements for reading: regressed, inconclusive, improved, unchanged, new, then test durations', () => {
    const report = buildReport(mixedInput())
    expect(report.measurements.map((m) => m.name)).toEqual([
      'reg1',
      'reg2',
      'inc',
      'imp',
      'u1',
      'u2',
      'new1',
      'new2',
      'duration a',
      'duration b',
    ])
  })

  it('orders by id inside a group (file, then test, then name)', () => {
    const records = [
      record('b test', 'x'),
      { ...record('a test', 'y'), file: 'test/z.perf.test.ts' },
      record('a test', 'y'),
      record('a test', 'x'),
    ]
    const ids = buildReport({ run: RUN, records }).measurements.map((m) => m.id)
    expect(ids).toEqual([
      'test/a.perf.test.ts > a test > x',
      'test/a.perf.test.ts > a test > y',
      'test/a.perf.test.ts > b test > x',
      'test/z.perf.test.ts > a test > y',
    ])
  })

  it('puts test durations last even when they carry a comparison', () => {
    const duration = record('slow', 'duration', 'test-duration')
    const gated = record('z', 'last by id')
    const report = buildReport({
      run: RUN,
      records: [duration, gated],
      comparisons: new Map([[measurementId(duration), comparison('regressed')]]),
    })
    expect(report.measurements.map((m) => m.kind)).toEqual(['measure', 'test-duration'])
  })

  it('does not reorder the input records', () => {
    const input = mixedInput()
    const before = input.records.map((r) => r.name)
    buildReport(input)
    expect(input.records.map((r) => r.name)).toEqual(before)
  })

  it('counts measurements by verdict, without test durations', () => {
    const { summary } = buildReport(mixedInput())
    expect(summary.total).toBe(8)
    expect(summary.byVerdict).toEqual({ regressed: 2, inconclusive: 1, improved: 1, unchanged: 2, new: 2, removed: 0 })
  })

  it('counts removed measurements in byVerdict but not in total, and lists them', () => {
    const removed = [
      { id: 'test/old.ts > t > gone', file: 'test/old.ts', testName: 't', name: 'gone', kind: 'measure' as const, baselineMedianMs: 3 },
    ]
    const report = buildReport({ run: RUN, records: [record('t', 'x')], removed })
    expect(report.summary.byVerdict.removed).toBe(1)
    expect(report.summary.total).toBe(1)
    expect(report.removed).toEqual(removed)
  })

  it('defaults removed to an empty list', () => {
    expect(buildReport({ run: RUN, records: [] }).removed).toEqual([])
  })

  it('fails the run iff at least one measurement regressed', () => {
    expect(buildReport(mixedInput()).summary.failed).toBe(true)
    const notRegressed = mixedInput()
    notRegressed.comparisons = new Map([...(notRegressed.comparisons ?? [])].filter(([, c]) => c.verdict !== 'regressed'))
    expect(buildReport(notRegressed).summary.failed).toBe(false)
  })

  it('does not fail the run for a regressed test duration (not gated)', () => {
    const duration = record('slow', 'duration', 'test-duration')
    const report = buildReport({
      run: RUN,
      records: [duration],
      comparisons: new Map([[measurementId(duration), comparison('regressed')]]),
    })
    expect(report.summary.byVerdict.regressed).toBe(0)
    expect(report.summary.failed).toBe(false)
  })

  it('does not fail the run for inconclusive, improved, new or missed budgets alone', () => {
    const records = [record('t', 'a', 'matcher', { budget: budget(false, false) }), record('t', 'b'), record('t', 'c')]
    const comparisons = new Map([
      [measurementId(records[1] as MeasurementRecord), comparison('inconclusive')],
      [measurementId(records[2] as MeasurementRecord), comparison('improved')],
    ])
    const { summary } = buildReport({ run: RUN, records, comparisons })
    expect(summary.failed).toBe(false)
    expect(summary.budgetsFailed).toBe(1)
  })

  it('counts as failed the budgets whose withinBudget equals negated', () => {
    const records = [
      record('t', 'missed', 'matcher', { budget: budget(false, false) }), // toCompleteWithin not met
      record('t', 'met', 'matcher', { budget: budget(true, false) }),
      record('t', 'not-missed', 'matcher', { budget: budget(true, true) }), // .not.toCompleteWithin, but it was within
      record('t', 'not-met', 'matcher', { budget: budget(false, true) }),
      record('t', 'none'),
    ]
    expect(buildReport({ run: RUN, records }).summary.budgetsFailed).toBe(2)
  })

  it('attaches comparisons, baseline samples and trends by measurement id', () => {
    const a = record('t', 'a')
    const b = record('t', 'b')
    const trend: Trend = { runs: [0], medianMs: [1], p95Ms: [2] }
    const runs = [{ commit: 'c1', time: '2025-01-01T00:00:00.000Z' }]
    const report = buildReport({
      run: RUN,
      records: [a, b],
      comparisons: new Map([[measurementId(a), comparison('unchanged')]]),
      baselineSamplesMs: new Map([[measurementId(a), [1, 1.5]]]),
      trends: {
        runs,
        byId: new Map([
          [measurementId(a), trend],
          [measurementId(b), { runs: [], medianMs: [], p95Ms: [] }],
        ]),
      },
    })
    const [ma, mb] = report.measurements
    expect(ma?.id).toBe(measurementId(a))
    expect(ma?.comparison).toEqual(comparison('unchanged'))
    expect(ma?.baselineSamplesMs).toEqual([1, 1.5])
    expect(ma?.trend).toEqual(trend)
    expect(mb).not.toHaveProperty('comparison')
    expect(mb).not.toHaveProperty('baselineSamplesMs')
    expect(mb).not.toHaveProperty('trend') // an empty trend is left out
    expect(report.trendRuns).toEqual(runs)
  })

  it('ignores comparisons whose id matches no record', () => {
    const report = buildReport({ run: RUN, records: [record('t', 'a')], comparisons: new Map([['other > id', comparison('regressed')]]) })
    expect(report.measurements[0]).not.toHaveProperty('comparison')
    expect(report.summary.failed).toBe(false)
  })

  it('copies the record fields and keeps only the statistics in stats', () => {
    const perYield = summarize([0.1, 0.2])
    const r = record('suite > case', 'parse', 'matcher', { concurrent: true, budget: budget(true, false) })
    r.result.perYield = perYield
    r.result.yieldsPerOperation = 2
    const [m] = buildReport({ run: RUN, records: [r] }).measurements
    expect(m).toEqual({
      id: 'test/a.perf.test.ts > suite > case > parse',
      file: 'test/a.perf.test.ts',
      testName: 'suite > case',
      name: 'parse',
      kind: 'matcher',
      concurrent: true,
      subject: 'sync',
      stats: summarize([1, 2, 3]),
      batchSize: 4,
      samplesMs: [1, 2, 3],
      perYield,
      budget: budget(true, false),
    })
  })

  it('stamps the schema version, the tool and the run, with notes defaulting to none', () => {
    const report = buildReport({ run: RUN, records: [] })
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION)
    expect(report.tool).toEqual({ name: 'perf-sentinel', version: pluginVersion() })
    expect(report.run).toEqual({ ...RUN, notes: [] })
    expect(buildReport({ run: { ...RUN, notes: ['n1'] }, records: [] }).run.notes).toEqual(['n1'])
  })

  it('summarizes an empty run as nothing measured and not failed', () => {
    expect(buildReport({ run: RUN, records: [] }).summary).toEqual({
      total: 0,
      byVerdict: { regressed: 0, improved: 0, unchanged: 0, inconclusive: 0, new: 0, removed: 0 },
      budgetsFailed: 0,
      failed: false,
    })
  })
})
