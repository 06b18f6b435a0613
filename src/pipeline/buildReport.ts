import type { InstrumentedFunction } from '../model/diagnostics.js'
import type { PerfReport, ReportMeasurement } from '../model/report.js'
import type { ReportTrends } from '../model/trend.js'
import { REPORT_SCHEMA_VERSION } from '../model/report.js'
import type { Comparison, MeasurementRecord, Verdict } from '../model/types.js'
import { budgetMissed, measurementId } from '../model/types.js'
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
  /** The run table and each measurement's trend (pipeline/trends.ts). */
  trends?: ReportTrends
  /** `perfTiming` functions called during the run (src/diagnostics/instrumentedSection.ts). */
  instrumented?: InstrumentedFunction[]
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
    const m = toReportMeasurement(record, input)
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
      budgetsFailed: measurements.filter((m) => budgetMissed(m.budget)).length,
      failed: byVerdict.regressed > 0,
    },
    measurements,
    removed,
    trendRuns: input.trends?.runs ?? [],
    ...(input.instrumented && input.instrumented.length > 0 ? { instrumented: input.instrumented } : {}),
  }
}

function rank(m: ReportMeasurement): number {
  // Test durations come after every gated measurement.
  return isGated(m) ? VERDICT_ORDER.indexOf(verdictOf(m)) : VERDICT_ORDER.length
}

function toReportMeasurement(record: MeasurementRecord, input: BuildReportInput): ReportMeasurement {
  const id = measurementId(record)
  const {
    samplesMs,
    perYield,
    referenceMixMs,
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
  if (record.project) m.project = record.project
  if (perYield) m.perYield = perYield
  if (referenceMixMs !== undefined) m.referenceMixMs = referenceMixMs
  if (record.budget) m.budget = record.budget
  if (record.load) m.load = record.load
  if (record.memory) m.memory = record.memory
  if (record.blocking) m.blocking = record.blocking
  if (record.profile) m.profile = record.profile
  if (record.profile?.path !== undefined && input.reportDir !== undefined)
    m.profilePath = profileLinkFrom(input.reportDir, record.profile.path)
  const comparison = input.comparisons?.get(id)
  if (comparison) m.comparison = comparison
  const baselineSamples = input.baselineSamplesMs?.get(id)
  if (baselineSamples) m.baselineSamplesMs = baselineSamples
  const trend = input.trends?.byId.get(id)
  if (trend && trend.runs.length > 0) m.trend = trend
  return m
}
