/**
 * Stored reports for the commands that work without running tests (`merge`, `report`): finding and reading
 * `report.json` files, rebuilding a report from one (same order and summary as the run end), `--format` lists.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import * as v from 'valibot'
import { renderers } from '../../reporters/render/index.js'
import type { ReportFormat } from '../config/reporterOptions.js'
import { asError, isMissingFile, PerfSentinelError } from '../errors.js'
import type { PerfReport, ReportMeasurement, TrendPoint } from '../model/report.js'
import { REPORT_SCHEMA_VERSION } from '../model/report.js'
import type { ReportTrends } from '../model/trend.js'
import { compactTrends } from '../model/trend.js'
import type { Comparison, MeasurementRecord } from '../model/types.js'
import { keepMeasurementId } from '../model/types.js'
import { buildReport } from '../pipeline/buildReport.js'
import type { BuildReportInput } from '../pipeline/buildReport.js'
import { formatSchemaIssues } from '../stores/schemaIssues.js'
import { profileLinkFrom } from '../diagnostics/profileDir.js'

/** The file name the JSON renderer writes. */
export const REPORT_JSON: string = renderers.json.fileName

/** The oldest report.json shape this version reads: 1 had a point object per trend point (converted on reading). */
const OLDEST_READ_VERSION = 1

// Only what the commands rely on is checked; the rest passes through untouched (newer writers may add fields).
const trendSchema = v.looseObject({
  runs: v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
  // Non-finite figures are written as null, as everywhere in report.json.
  medianMs: v.array(v.nullable(v.number())),
  p95Ms: v.array(v.nullable(v.number())),
})
const pointSchema = v.looseObject({ commit: v.string(), time: v.string(), medianMs: v.nullable(v.number()), p95Ms: v.nullable(v.number()) })
const reportSchema = v.looseObject({
  schemaVersion: v.union([v.literal(OLDEST_READ_VERSION), v.literal(REPORT_SCHEMA_VERSION)]),
  tool: v.looseObject({ name: v.literal('perf-sentinel') }),
  run: v.looseObject({ startedAt: v.string(), durationMs: v.number(), notes: v.array(v.string()) }),
  summary: v.looseObject({}),
  measurements: v.array(
    v.looseObject({
      id: v.string(),
      file: v.string(),
      testName: v.string(),
      name: v.string(),
      kind: v.string(),
      stats: v.looseObject({ medianMs: v.nullable(v.number()) }),
      trend: v.optional(v.union([trendSchema, v.array(pointSchema)])),
    }),
  ),
  removed: v.array(v.looseObject({ id: v.string() })),
  trendRuns: v.optional(v.array(v.looseObject({ commit: v.string(), time: v.string() }))),
})

/** Reads and checks one `report.json`; a missing or malformed file is an `E_READ` error naming it. */
export async function readReportFile(path: string): Promise<PerfReport> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    const fix = isMissingFile(error)
      ? 'run the tests with the perf reporter first, or pass the right path'
      : 'regenerate it by running the tests'
    throw new PerfSentinelError('E_READ', `cannot read report ${path}: ${asError(error).message}`, { fix, cause: error })
  }
  const parsed = v.safeParse(reportSchema, json)
  const problem = parsed.success ? trendProblem(json as PerfReport) : formatSchemaIssues(parsed.issues)
  if (problem !== undefined) {
    throw new PerfSentinelError(
      'E_READ',
      `${path} is not a perf-sentinel report (schemaVersion ${OLDEST_READ_VERSION} to ${REPORT_SCHEMA_VERSION}):\n${problem}`,
      {
        fix: 'pass report.json files written by the perf reporter of this perf-sentinel version',
      },
    )
  }
  if ((json as { schemaVersion: number }).schemaVersion === OLDEST_READ_VERSION) return fromVersion1(json as ReportV1)
  const report = json as PerfReport
  // A report without trends may leave the run table out.
  return report.trendRuns === undefined ? { ...report, trendRuns: [] } : report
}

/** A version-1 report: trends as point objects, no run table. */
type ReportV1 = Omit<PerfReport, 'schemaVersion' | 'trendRuns' | 'measurements'> & {
  schemaVersion: typeof OLDEST_READ_VERSION
  measurements: Array<Omit<ReportMeasurement, 'trend'> & { trend?: TrendPoint[] }>
}

/** Version 1 in today's shape: each trend's points as indices into one run table. */
function fromVersion1(report: ReportV1): PerfReport {
  const points = new Map<string, TrendPoint[]>()
  for (const m of report.measurements) if (m.trend !== undefined) points.set(m.id, m.trend)
  const trends = compactTrends(points)
  const measurements = report.measurements.map(({ trend: _points, ...m }): ReportMeasurement => {
    const trend = trends.byId.get(m.id)
    return trend === undefined ? m : { ...m, trend }
  })
  return { ...report, schemaVersion: REPORT_SCHEMA_VERSION, measurements, trendRuns: trends.runs }
}

/** What is wrong with a report's trends (a version's own shape, runs that exist, arrays of one length), if anything. */
function trendProblem(report: PerfReport): string | undefined {
  const compact = report.schemaVersion === REPORT_SCHEMA_VERSION
  const runCount = report.trendRuns?.length ?? 0
  for (const m of report.measurements) {
    const trend = m.trend as unknown
    if (trend === undefined) continue
    if (Array.isArray(trend) === compact) return `measurement ${m.id}: trend is not in the shape of schemaVersion ${report.schemaVersion}`
    if (!compact) continue
    const { runs, medianMs, p95Ms } = trend as NonNullable<ReportMeasurement['trend']>
    if (medianMs.length !== runs.length || p95Ms.length !== runs.length)
      return `measurement ${m.id}: trend runs, medianMs and p95Ms differ in length`
    if (runs.some((run) => run >= runCount)) return `measurement ${m.id}: trend refers to a run that trendRuns (${runCount}) does not have`
  }
  return undefined
}

/** Every `report.json` under the given folders and files (folders searched recursively, skipping node_modules). */
export async function findReportFiles(inputs: readonly string[], cwd: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) await walk(join(dir, entry.name))
      else if (entry.isFile() && entry.name === REPORT_JSON) found.push(join(dir, entry.name))
    }
  }
  for (const input of inputs) {
    const path = resolve(cwd, input)
    const info = await stat(path).catch((error: unknown) => {
      throw new PerfSentinelError('E_READ', `cannot read ${path}: ${asError(error).message}`, {
        fix: 'pass folders or report.json files that exist',
        cause: error,
      })
    })
    if (info.isDirectory()) await walk(path)
    else found.push(path)
  }
  return [...new Set(found)]
}

/** A report measurement as the record it was built from (the fields `buildReport` and the history read). */
export function toRecord(m: ReportMeasurement): MeasurementRecord {
  return keepMeasurementId(toRecordFields(m), m.id)
}

function toRecordFields(m: ReportMeasurement): MeasurementRecord {
  return {
    file: m.file,
    testName: m.testName,
    ...(m.project === undefined ? {} : { project: m.project }),
    name: m.name,
    kind: m.kind,
    concurrent: m.concurrent,
    result: {
      ...m.stats,
      name: m.name,
      subject: m.subject,
      samplesMs: m.samplesMs,
      batchSize: m.batchSize,
      operations: m.stats.n * m.batchSize,
      warmupOperations: 0,
      sampledForMs: 0,
      ...(m.perYield ? { perYield: m.perYield } : {}),
      ...(m.referenceMixMs === undefined ? {} : { referenceMixMs: m.referenceMixMs }),
    },
    ...(m.budget ? { budget: m.budget } : {}),
  }
}

/**
 * Rebuilds a report from measurements taken from stored reports: `buildReport` orders them and counts the
 * summary as the run end does; fields it does not know (profiles, diagnostics) are carried over as they were.
 * `trends` replaces the measurements' own (whose run indices belong to the reports they came from): a measurement
 * without one there has no trend.
 */
export function rebuildReport(
  run: BuildReportInput['run'],
  measurements: readonly ReportMeasurement[],
  removed: PerfReport['removed'],
  trends: ReportTrends,
  sections: Pick<PerfReport, 'instrumented' | 'resources'> = {},
): PerfReport {
  const comparisons = new Map<string, Comparison>()
  const baselineSamplesMs = new Map<string, number[]>()
  for (const m of measurements) {
    if (m.comparison) comparisons.set(m.id, m.comparison)
    if (m.baselineSamplesMs) baselineSamplesMs.set(m.id, m.baselineSamplesMs)
  }
  const built = buildReport({ run, records: measurements.map(toRecord), comparisons, baselineSamplesMs, trends, removed })
  const original = new Map(measurements.map((m) => [m.id, m]))
  return {
    ...built,
    measurements: built.measurements.map((m) => {
      const { trend: _stale, ...kept } = original.get(m.id) ?? m
      return { ...kept, ...m }
    }),
    // The sections of the run that no measurement holds: a regenerated or merged report keeps them.
    ...(sections.resources && sections.resources.length > 0 ? { resources: sections.resources } : {}),
    ...(sections.instrumented && sections.instrumented.length > 0 ? { instrumented: sections.instrumented } : {}),
  }
}

/**
 * Measurements of a report read from `fromReport` (its report.json), their CPU-profile links (`profilePath`, relative
 * to the report's folder) re-pointed for a report written to `toDir`. The file is looked for next to the report it
 * came from (a shard's downloaded folder), then at the project path the profile was taken to (`profile.path`,
 * relative to `rootDir`); when neither exists the link follows the report's own folder.
 */
export function relinkProfiles(
  measurements: readonly ReportMeasurement[],
  fromReport: string,
  toDir: string,
  rootDir: string,
): ReportMeasurement[] {
  const fromDir = dirname(resolve(rootDir, fromReport))
  const target = resolve(rootDir, toDir)
  if (fromDir === target) return [...measurements]
  return measurements.map((m) => {
    if (m.profilePath === undefined) return m
    const besideReport = resolve(fromDir, m.profilePath)
    const taken = m.profile?.path === undefined ? undefined : resolve(rootDir, m.profile.path)
    const file = existsSync(besideReport) || taken === undefined || !existsSync(taken) ? besideReport : taken
    return { ...m, profilePath: profileLinkFrom(target, file) }
  })
}

/** `--format html,json` as report formats; anything else is a usage error listing the accepted ones. */
export function parseFormats(text: string | undefined, fallback: readonly ReportFormat[]): ReportFormat[] {
  if (text === undefined) return [...fallback]
  const accepted: readonly ReportFormat[] = ['json', 'markdown', 'html']
  const formats = text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
  const bad = formats.filter((f) => !accepted.includes(f as ReportFormat))
  if (formats.length === 0 || bad.length > 0) {
    throw new PerfSentinelError(
      'E_USAGE',
      `--format ${JSON.stringify(text)}: ${bad.length > 0 ? `unknown format ${bad.map((b) => `"${b}"`).join(', ')}` : 'no format'}`,
      {
        fix: `pass a comma-separated list among ${accepted.join(', ')}`,
      },
    )
  }
  return [...new Set(formats)] as ReportFormat[]
}
