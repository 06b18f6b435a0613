// Loaded by the tests and, bundled with esbuild, by bench/html.mjs and scripts/screenshots.mjs.
import type { PerfReport, ReportMeasurement, Trend } from '../../src/model/report.js'
import type { BudgetOutcome, Comparison, MeasurementKind, Statistics, Verdict } from '../../src/model/types.js'
import { detectChangePoints } from '../../src/stats/changePoints.js'
import type { TrendPoint } from '../../src/model/report.js'
import { compactTrends, TrendRunTable } from '../../src/model/trend.js'
import { measurementId } from '../../src/model/types.js'
import { buildReport } from '../../src/pipeline/buildReport.js'
import { testDurationRecord } from '../../src/record/testDurationRecord.js'
import { normalDraw, seededRandom } from './seededRandom.js'

/** Hostile and non-Latin names every renderer must show exactly as written, and never execute. */
export const TRICKY_NAMES = {
  xss: '</script><img src=x onerror=alert(1)>',
  quotes: `say "hi" & 'bye' \`tick\` {{mustache}}`,
  backslash: 'C:\\temp\\new \\u003c \\\\ end\\',
  nonLatin: '日本語のテスト 🚀 Привет, мир',
  separators: 'line\u2028separator\u2029paragraph <!-- comment',
} as const

export interface SampleReportOptions {
  /** Measurements in the report. @default 20 */
  measurements?: number
  /** History points per measurement trend (the last one is the current run). @default 30 */
  trendPoints?: number
  /** Retained samples per measurement, and per baseline. @default 60 */
  samples?: number
  /** Put `TRICKY_NAMES` on the first measurements (name, test name or file). @default true */
  trickyNames?: boolean
  /** Seed of the deterministic random generator. @default 1 */
  seed?: number
}

/** Verdict pattern repeated over the measurements: mostly unchanged, some of everything else. */
const VERDICT_CYCLE: readonly Verdict[] = [
  'regressed',
  'improved',
  'unchanged',
  'inconclusive',
  'unchanged',
  'new',
  'unchanged',
  'unchanged',
  'unchanged',
  'unchanged',
]
const OPERATIONS = [
  'parse 1 kB JSON',
  'render invoice table',
  'sort 10k rows',
  'tokenize markdown',
  'diff two trees',
  'hash 64 kB',
  'resolve config',
  'validate schema',
  'format currency',
  'gzip 1 MB',
  'route lookup',
  'build SQL query',
  'load plugin graph',
]
const FILES = [
  'test/parser.perf.test.ts',
  'test/render.perf.test.ts',
  'test/collections.perf.test.ts',
  'test/config.perf.test.ts',
  'src/router.test.ts',
]
const TESTS = [
  'parser > large payloads',
  'table > renders 1k rows',
  'sorting > stable sort',
  'config > cold start',
  'router > matches routes',
]
/** Reading order of a report (see `PerfReport.measurements`). */
const VERDICT_ORDER: Record<Verdict, number> = { regressed: 0, inconclusive: 1, improved: 2, unchanged: 3, new: 4, removed: 5 }
const RUN_START = Date.UTC(2025, 0, 6, 9, 0, 0)

/**
 * Builds a realistic, deterministic `PerfReport`: mixed verdicts and kinds, budgets, concurrent measurements,
 * baselines, trends with a baseline point and change points, a profile link, two removed measurements.
 * Fast enough for 5,000 measurements × 200 trend points (a few hundred ms).
 */
export function buildSampleReport(options: SampleReportOptions = {}): PerfReport {
  const { measurements: count = 20, trendPoints = 30, samples = 60, trickyNames = true, seed = 1 } = options
  const random = seededRandom(seed)
  const commits = Array.from({ length: Math.max(trendPoints, 1) }, () => randomSha(random))
  const times = commits.map((_, j) => new Date(RUN_START + j * 3_600_000).toISOString())
  const measurements: ReportMeasurement[] = []
  for (let i = 0; i < count; i++) {
    measurements.push(buildMeasurement(i, { random, commits, times, trendPoints, samples, trickyNames }))
  }
  measurements.sort((a, b) => verdictRank(a) - verdictRank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const removed = [
    {
      id: 'test/legacy.perf.test.ts > legacy > parse v1',
      file: 'test/legacy.perf.test.ts',
      testName: 'legacy',
      name: 'parse v1',
      kind: 'measure' as const,
      baselineMedianMs: 0.84,
    },
    {
      id: 'test/legacy.perf.test.ts > legacy > Удалено 🗑',
      file: 'test/legacy.perf.test.ts',
      testName: 'legacy',
      name: 'Удалено 🗑',
      kind: 'matcher' as const,
      baselineMedianMs: 12.5,
    },
  ]
  const byVerdict: Record<Verdict, number> = { regressed: 0, improved: 0, unchanged: 0, inconclusive: 0, new: 0, removed: removed.length }
  for (const m of measurements) byVerdict[m.comparison?.verdict ?? 'new']++
  const head = commits[commits.length - 1] ?? 'f'.repeat(40)
  const baseCommit = commits[commits.length - 2]
  return {
    schemaVersion: 2,
    tool: { name: 'perf-sentinel', version: '0.1.0' },
    run: {
      startedAt: new Date(RUN_START + (trendPoints - 1) * 3_600_000).toISOString(),
      durationMs: 48_213,
      runner: { name: 'vitest', version: '4.1.12' },
      ci: false,
      git: { commit: head, shortCommit: head.slice(0, 7), branch: 'feature/faster-parser', dirty: true, notes: [] },
      environment: {
        hard: {
          os: 'linux 6.8.0',
          arch: 'x64',
          cpuModel: 'AMD EPYC 7763 64-Core Processor',
          cores: 4,
          totalMemoryGiB: 16,
          node: '20.19.4',
          v8: '11.3.244.8-node.30',
          runner: 'vitest',
          runnerVersion: '4.1.12',
          pluginVersion: '0.1.0',
          flags: ['--expose-gc'],
        },
        soft: { loadAverage1m: 0.42, cpuSpeedMHz: 2445 },
      },
      ...(baseCommit === undefined ? {} : { baseline: { source: 'history' as const, ref: 'main', commit: baseCommit } }),
      notes: ['Working tree has uncommitted changes.', `Baseline from history at main (${baseCommit?.slice(0, 7) ?? 'none'}).`],
    },
    summary: {
      total: measurements.length,
      byVerdict,
      budgetsFailed: measurements.filter((m) => m.budget !== undefined && m.budget.withinBudget === m.budget.negated).length,
      failed: byVerdict.regressed > 0,
    },
    measurements,
    removed,
    // Every trend's runs: the commits in order, the last one this run's branch.
    trendRuns: commits.map((commit, j) => ({
      commit,
      branch: j === commits.length - 1 ? 'feature/faster-parser' : 'main',
      time: times[j] ?? '',
    })),
  }
}

interface BuildContext {
  random: () => number
  commits: string[]
  times: string[]
  trendPoints: number
  samples: number
  trickyNames: boolean
}

function buildMeasurement(i: number, ctx: BuildContext): ReportMeasurement {
  const { random } = ctx
  const verdict = VERDICT_CYCLE[i % VERDICT_CYCLE.length] ?? 'unchanged'
  const kind: MeasurementKind = i % 7 === 6 ? 'test-duration' : i % 3 === 0 ? 'matcher' : 'measure'
  const tricky = ctx.trickyNames ? Object.values(TRICKY_NAMES)[i] : undefined
  const file = i === 2 && tricky !== undefined ? `test/${tricky}.perf.test.ts` : (FILES[i % FILES.length] ?? 'test/x.perf.test.ts')
  const testName = i === 1 && tricky !== undefined ? `suite > ${tricky}` : (TESTS[(i + (i >> 2)) % TESTS.length] ?? 'suite > case')
  const operation = `${OPERATIONS[i % OPERATIONS.length] ?? 'operation'}${i >= OPERATIONS.length ? ` #${i}` : ''}`
  const name = kind === 'test-duration' ? `test duration #${i}` : i !== 1 && i !== 2 && tricky !== undefined ? tricky : operation
  // Medians from 1 µs to 100 ms, log-uniform, so every time unit shows up.
  const baseMs = kind === 'test-duration' ? 20 + random() * 400 : 10 ** (random() * 5 - 3)
  const factor = verdict === 'regressed' ? 1.25 : verdict === 'improved' ? 0.8 : verdict === 'inconclusive' ? 1.06 : 1
  const sampleCount = kind === 'test-duration' ? 1 : ctx.samples
  const samplesMs = noisySamples(random, baseMs * factor, sampleCount)
  const stats = statistics(samplesMs)
  const baselineSamplesMs = verdict === 'new' || kind === 'test-duration' ? undefined : noisySamples(random, baseMs, ctx.samples)
  const measurement: ReportMeasurement = {
    id: `${file} > ${testName} > ${name}`, // same format as `measurementId`
    file,
    testName,
    name,
    kind,
    concurrent: i % 6 === 4,
    subject: i % 5 === 2 ? 'async' : 'sync',
    stats,
    batchSize: baseMs < 0.01 ? 100 : 1,
    samplesMs,
  }
  if (kind === 'matcher') measurement.budget = budget(stats, i)
  if (baselineSamplesMs !== undefined) {
    measurement.baselineSamplesMs = baselineSamplesMs
    measurement.comparison = comparison(verdict, stats, statistics(baselineSamplesMs), ctx.commits[ctx.commits.length - 2], i)
  }
  if (verdict !== 'new' && ctx.trendPoints > 1) measurement.trend = trend(random, ctx, baseMs, factor, verdict, i)
  if (i % 8 === 0) measurement.profilePath = `profiles/measurement-${i}.cpuprofile`
  return measurement
}

/**
 * A measurement's history: this run's level (`factor` for regressed and improved) only at the last point, as when
 * a change is first measured; every third measurement also had an earlier lasting shift (×1.3 from two thirds of
 * the way) so there are change points to see. Change points come from the real detector, as in finishRun.
 */
function trend(random: () => number, ctx: BuildContext, baseMs: number, factor: number, verdict: Verdict, i: number): Trend {
  const { commits } = ctx
  const last = commits.length - 1
  const changeAt = verdict === 'regressed' || verdict === 'improved' ? last : -1
  const earlierShiftAt = i % 3 === 0 && last >= 12 ? Math.floor((last * 2) / 3) : -1
  const trend: Trend = { runs: [], medianMs: [], p95Ms: [], baseline: last - 1 }
  for (let j = 0; j <= last; j++) {
    const level = (j >= changeAt && changeAt >= 0 ? factor : 1) * (earlierShiftAt >= 0 && j >= earlierShiftAt ? 1.3 : 1)
    const medianMs = baseMs * level * (1 + (random() - 0.5) * 0.08)
    trend.runs.push(j)
    trend.medianMs.push(medianMs)
    trend.p95Ms.push(medianMs * 1.2)
  }
  const changePoints = detectChangePoints(trend.medianMs)
  if (changePoints.length > 0) trend.changePoints = changePoints
  return trend
}

function comparison(verdict: Verdict, head: Statistics, base: Statistics, baselineCommit: string | undefined, i: number): Comparison {
  const changePercent = (head.medianMs / base.medianMs - 1) * 100
  const halfWidth = verdict === 'inconclusive' ? 9 : 2.5
  const result: Comparison = {
    verdict,
    changePercent,
    intervalPercent: [changePercent - halfWidth, changePercent + halfWidth],
    confidenceLevel: 0.99,
    pValue: verdict === 'unchanged' || verdict === 'inconclusive' ? 0.41 : 0.0004,
    baseN: base.n,
    headN: head.n,
    noiseFloorPercent: 3,
    absoluteChangeMs: head.medianMs - base.medianMs,
    baselineMedianMs: base.medianMs,
    reason: `${verdict}: the 99% interval of the change is ${changePercent.toFixed(1)}% ± ${halfWidth}%.`,
  }
  if (baselineCommit !== undefined) result.baselineCommit = baselineCommit
  if (verdict === 'inconclusive') result.minDetectablePercent = 12
  if (verdict === 'unchanged' && i % 20 === 9) result.warning = true
  return result
}

function budget(stats: Statistics, i: number): BudgetOutcome {
  if (i % 2 === 1) {
    const limit = Math.round(stats.opsPerSecond * 0.5)
    return {
      matcher: 'toAchieveOpsPerSecond',
      statistic: 'opsPerSecond',
      limit,
      actual: stats.opsPerSecond,
      withinBudget: true,
      negated: false,
    }
  }
  const limit = i % 4 === 0 ? stats.p95Ms * 2 : stats.p95Ms * 0.9
  return { matcher: 'toCompleteWithin', statistic: 'p95Ms', limit, actual: stats.p95Ms, withinBudget: stats.p95Ms <= limit, negated: false }
}

function noisySamples(random: () => number, medianMs: number, count: number): number[] {
  const out = new Array<number>(count)
  for (let k = 0; k < count; k++) {
    // Right-skewed like real timings: mostly ±5%, one sample in 20 is a 1.5–3× outlier.
    const noise = 1 + normalDraw(random) * 0.05
    out[k] = medianMs * Math.max(noise, 0.7) * (random() < 0.05 ? 1.5 + random() * 1.5 : 1)
  }
  return out
}

function statistics(samplesMs: number[]): Statistics {
  const sorted = Float64Array.from(samplesMs).sort()
  const n = sorted.length
  const at = (q: number): number => sorted[Math.min(n - 1, Math.floor(q * (n - 1)))] ?? 0
  const meanMs = samplesMs.reduce((s, x) => s + x, 0) / n
  const sdMs = n > 1 ? Math.sqrt(samplesMs.reduce((s, x) => s + (x - meanMs) ** 2, 0) / (n - 1)) : 0
  const medianMs = at(0.5)
  const deviations = Float64Array.from(samplesMs, (x) => Math.abs(x - medianMs)).sort()
  const madMs = deviations[Math.floor((n - 1) / 2)] ?? 0
  return {
    n,
    minMs: at(0),
    maxMs: at(1),
    meanMs,
    medianMs,
    p75Ms: at(0.75),
    p90Ms: at(0.9),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    sdMs,
    madMs,
    rmePercent: n > 1 ? ((1.96 * sdMs) / Math.sqrt(n) / meanMs) * 100 : 0,
    opsPerSecond: 1000 / meanMs,
    outliers: madMs === 0 ? 0 : samplesMs.filter((x) => Math.abs((0.6745 * (x - medianMs)) / madMs) > 3.5).length,
  }
}

function verdictRank(m: ReportMeasurement): number {
  return VERDICT_ORDER[m.comparison?.verdict ?? 'new']
}

function randomSha(random: () => number): string {
  let sha = ''
  while (sha.length < 40)
    sha += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0')
  return sha
}

/**
 * `base` with `count` plain test durations after its measurements, as a real run's report ends: some in files or
 * tests with `TRICKY_NAMES`, some with ids that are not `file > test > name` (a project, a title holding " > "), a
 * three-run trend on every third (in one run table with the base's trends), a baseline point on some of those; some p95s apart from the median, some medians in µs or s.
 */
export function withTestDurations(base: PerfReport, count: number): PerfReport {
  const names = Object.values(TRICKY_NAMES)
  const records = Array.from({ length: count }, (_, i) => {
    const file = i % 5 === 0 ? `test/${names[i % names.length]}/x.test.ts` : `test/unit/f${i % 9}.test.ts`
    const record = testDurationRecord(file, `suite > ${i % 7 === 0 ? `${names[i % names.length]} #${i}` : `case ${i}`}`, 0.25 + i * 1.7)
    // Some p95s apart from the median (a test retried), some durations below a millisecond or above a second.
    if (i % 6 === 1) record.result = { ...record.result, p95Ms: record.result.medianMs * 1.5 }
    if (i % 8 === 3) record.result = { ...record.result, medianMs: 0.4, p95Ms: 0.4, samplesMs: [0.4] }
    if (i % 8 === 7) record.result = { ...record.result, medianMs: 1234, p95Ms: 1234, samplesMs: [1234] }
    if (i % 11 === 4) return { ...record, project: 'web' }
    if (i % 13 === 5) return { ...record, testName: `a > b case ${i}`, testPath: ['a > b', `case ${i}`] }
    return record
  })
  const trend = (ms: number, i: number): TrendPoint[] =>
    [1.1, 0.9, 1].map((f, j) => ({
      commit: `${j}`.repeat(40),
      time: `2026-01-0${j + 1}T00:00:00Z`,
      medianMs: ms * f,
      p95Ms: ms * f,
      ...(i % 4 === 0 && j === 1 ? { isBaseline: true } : {}),
      ...(i % 9 === 0 && j === 2 ? { isChangePoint: true } : {}),
    }))
  const points = new Map(records.flatMap((r, i) => (i % 3 === 0 ? [[measurementId(r), trend(r.result.medianMs, i)] as const] : [])))
  // One run table for the base's trends and these: the base's runs first, as they are.
  const trends = compactTrends(points, new TrendRunTable(base.trendRuns))
  const durations = buildReport({ run: base.run, records, trends }).measurements
  return { ...base, measurements: [...base.measurements, ...durations], trendRuns: trends.runs }
}
