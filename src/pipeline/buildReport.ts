import type { InstrumentedFunction } from '../model/diagnostics.js'
import type { PerfReport, PreparedLookup, ReportMeasurement, TrendPoint } from '../model/report.js'
import { REPORT_SCHEMA_VERSION } from '../model/report.js'
import type { Comparison, MeasurementRecord, Verdict } from '../model/types.js'
import { measurementId } from '../model/types.js'
import { isGated, VERDICT_ORDER, verdictOf } from '../model/comparison.js'
import { pluginVersion } from '../env/version.js'
import { profileLinkFrom } from '../diagnostics/profileDir.js'

/** Everything a report is made of, gathered by the runner adapter and the comparison step. */
export interface BuildReportInput {
  run: Omit<PerfReport['run'], 'notes'> & { notes?: string[] }
  records: readonly MeasurementRecord[]
  comparisons?: ReadonlyMap<string, Comparison>
  removed?: PerfReport['removed']
  baselineSamplesMs?: ReadonlyMap<string, number[]>
  trends?: ReadonlyMap<string, TrendPoint[]>
  /** `perfTiming` functions called during the run (src/diagnostics/instrumentedSection.ts). */
  instrumented?: InstrumentedFunction[]
  /** Test durations made while the tests ran (preparedDurations.ts): their entries are used as they are. */
  prepared?: PreparedLookup
  /**
   * The folder the reports are written to (absolute, or relative to the working directory like profile paths):
   * each profiled measurement gets `profilePath`, its profile relative to the reports, for their links.
   */
  reportDir?: string
}

/** Assembles the report (pure): measurements in reading order — regressions first — and the summary counts. */
export function buildReport(input: BuildReportInput): PerfReport {
  // Ranked once per measurement, not per comparison of the sort (2,000 test durations make ~25,000 comparisons).
  const ranked = input.records.map((record) => {
    const m = preparedEntry(record, input) ?? toReportMeasurement(record, reportExtras(record, input))
    return { m, rank: rank(m) }
  })
  ranked.sort((a, b) => a.rank - b.rank || (a.m.id < b.m.id ? -1 : a.m.id > b.m.id ? 1 : 0))
  const measurements = ranked.map((r) => r.m)
  const removed = input.removed ?? []
  const byVerdict: Record<Verdict, number> = { regressed: 0, improved: 0, unchanged: 0, inconclusive: 0, new: 0, removed: removed.length }
  for (const m of measurements) if (isGated(m)) byVerdict[verdictOf(m)]++
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'perf-sentinel', version: pluginVersion() },
    run: { ...input.run, notes: input.run.notes ?? [] },
    summary: {
      total: measurements.filter(isGated).length,
      byVerdict,
      budgetsFailed: measurements.filter((m) => m.budget && m.budget.withinBudget === m.budget.negated).length,
      failed: byVerdict.regressed > 0,
    },
    measurements,
    removed,
    ...(input.instrumented && input.instrumented.length > 0 ? { instrumented: input.instrumented } : {}),
  }
}

function rank(m: ReportMeasurement): number {
  // Test durations come after every gated measurement.
  return isGated(m) ? VERDICT_ORDER.indexOf(verdictOf(m)) : VERDICT_ORDER.length
}

/** A prepared test duration's entry, when the run end adds nothing to it: the trend it was made with, no comparison. */
function preparedEntry(record: MeasurementRecord, input: BuildReportInput): ReportMeasurement | undefined {
  const ready = input.prepared?.lookup(record)
  if (ready === undefined) return undefined
  const id = measurementId(record)
  const unchanged = input.trends?.get(id) === ready.trend && !input.comparisons?.has(id) && !input.baselineSamplesMs?.has(id)
  return unchanged && record.profile === undefined ? ready.measurement : undefined
}

/** What the run end adds to a measurement's record: its comparison, its baseline's samples, its trend. */
export interface ReportExtras {
  comparison?: Comparison | undefined
  baselineSamplesMs?: number[] | undefined
  trend?: TrendPoint[] | undefined
  /** See `BuildReportInput.reportDir`. */
  reportDir?: string | undefined
}

function reportExtras(record: MeasurementRecord, input: BuildReportInput): ReportExtras {
  const id = measurementId(record)
  return {
    comparison: input.comparisons?.get(id),
    baselineSamplesMs: input.baselineSamplesMs?.get(id),
    trend: input.trends?.get(id),
    reportDir: input.reportDir,
  }
}

/** A record as the report shows it. */
export function toReportMeasurement(record: MeasurementRecord, extras: ReportExtras): ReportMeasurement {
  const id = measurementId(record)
  const {
    samplesMs,
    perYield,
    referenceMs,
    name: _name,
    subject,
    batchSize,
    operations: _o,
    warmupOperations: _w,
    sampledForMs: _s,
    yieldsPerOperation: _y,
    ...stats
  } = record.result
  const m: ReportMeasurement = {
    id,
    file: record.file,
    testName: record.testName,
    name: record.name,
    kind: record.kind,
    concurrent: record.concurrent,
    subject,
    stats,
    batchSize,
    samplesMs,
  }
  if (perYield) m.perYield = perYield
  if (referenceMs !== undefined) m.referenceMs = referenceMs
  if (record.budget) m.budget = record.budget
  if (record.load) m.load = record.load
  if (record.memory) m.memory = record.memory
  if (record.blocking) m.blocking = record.blocking
  if (record.profile) m.profile = record.profile
  if (record.profile?.path !== undefined && extras.reportDir !== undefined)
    m.profilePath = profileLinkFrom(extras.reportDir, record.profile.path)
  if (extras.comparison) m.comparison = extras.comparison
  if (extras.baselineSamplesMs) m.baselineSamplesMs = extras.baselineSamplesMs
  if (extras.trend && extras.trend.length > 0) m.trend = extras.trend
  return m
}
