/**
 * The report of an A/B run: the usual `PerfReport` (built by the pipeline's `buildReport`, so every renderer
 * reads it as any other run) plus the `ab` section. Each measurement's samples are the head's per-process medians
 * and its baseline samples the base's, the values the verdict was decided on. Pure.
 */
import type { AbRow, AbSection } from '../../reporters/render/sections/abSection.js'
import type { PerfReport } from '../model/report.js'
import type { Comparison, EnvironmentFingerprint, GitInfo, MeasurementRecord } from '../model/types.js'
import { keepMeasurementId } from '../model/types.js'
import { buildReport } from '../pipeline/buildReport.js'
import { median, summarize } from '../stats/summarize.js'
import type { ResolvedBase } from './resolveBase.js'
import type { AbOptions } from './options.js'
import type { AbEngineResult } from './sampleAb.js'

/** A compare report: a `PerfReport` with the A/B section. */
export type AbReport = PerfReport & { ab: AbSection }

/** What the report is built from besides the engine's result. */
export interface AbReportInput {
  engine: AbEngineResult
  options: AbOptions
  base: ResolvedBase
  git: GitInfo
  environment: EnvironmentFingerprint
  runner: { name: 'vitest' | 'jest'; version: string }
  startedAt: Date
  durationMs: number
  ci: boolean
  command: AbSection['command']
  prepare: AbSection['prepare']
  notes: readonly string[]
}

/** Builds the report. */
export function buildAbReport(input: AbReportInput): AbReport {
  const { engine, base } = input
  // The medians the verdicts were decided on: those of each measurement's usual machine state.
  const sampling = engine.usualSampling
  const records: MeasurementRecord[] = []
  const baselineSamplesMs = new Map<string, number[]>()
  const comparisons = new Map<string, Comparison>()
  const removed: PerfReport['removed'] = []
  for (const [id, comparison] of engine.final.comparisons) {
    const series = sampling.get(id)
    if (series === undefined) continue
    const baseMedians = [...series.base, ...series.control]
    // Each comparison names the base commit, as a stored-baseline comparison names its baseline's.
    const named = comparison.verdict === 'new' ? comparison : { ...comparison, baselineCommit: base.commit }
    if (comparison.verdict === 'removed') {
      const { file, testName, name, kind } = series.meta
      removed.push({ id, file, testName, name, kind, baselineMedianMs: median(baseMedians) })
      continue
    }
    const { meta } = series
    const result = {
      ...summarize(series.head),
      name: meta.name,
      subject: meta.subject,
      samplesMs: [...series.head],
      batchSize: meta.batchSize,
      operations: 0,
      warmupOperations: 0,
      sampledForMs: 0,
    }
    // The id the rounds' reports gave it (project, escaped titles), not one rebuilt from the joined names.
    records.push(
      keepMeasurementId(
        { file: meta.file, testName: meta.testName, name: meta.name, kind: meta.kind, concurrent: meta.concurrent, result },
        id,
      ),
    )
    comparisons.set(id, named)
    if (baseMedians.length > 0) baselineSamplesMs.set(id, baseMedians)
  }
  const report = buildReport({
    run: {
      startedAt: input.startedAt.toISOString(),
      durationMs: input.durationMs,
      runner: input.runner,
      ci: input.ci,
      git: input.git,
      environment: input.environment,
      notes: [...input.notes],
      // The rounds measured at this factor of every measurement's time (`--time-scale`), as a scaled run says.
      ...(input.options.timeScale === 1 ? {} : { timeScale: input.options.timeScale }),
    },
    records,
    comparisons,
    baselineSamplesMs,
    removed,
  })
  return { ...report, ab: abSection(input) }
}

function abSection(input: AbReportInput): AbSection {
  const { engine, options } = input
  const count = (phase: string): number => engine.rounds.filter((r) => r.phase === phase).length
  // The head's tests failing fails the compare as it fails the test run it stands in for (on pull requests the
  // generated workflows run compare instead of the tests). The base's failures are not the change's.
  const headFailure = engine.rounds.find((r) => r.arm === 'head' && r.failure !== undefined)?.failure
  const regressed = [...engine.final.comparisons.values()].some((c) => c.verdict === 'regressed')
  const exitCode = regressed || headFailure !== undefined ? 1 : 0
  return {
    base: { ref: input.base.ref, commit: input.base.commit, how: input.base.how },
    head: {
      ...(input.git.commit === undefined ? {} : { commit: input.git.commit }),
      ...(input.git.dirty === undefined ? {} : { dirty: input.git.dirty }),
    },
    command: input.command,
    prepare: input.prepare,
    stop: engine.stop,
    budgetMs: options.budgetMs,
    samplingMs: engine.samplingMs,
    confirmationMs: engine.confirmationMs,
    rounds: { discovery: count('discovery'), sampling: count('sampling'), confirmation: count('confirmation') },
    gate: {
      failThresholdPercent: options.compare.failThresholdPercent,
      warnThresholdPercent: options.compare.warnThresholdPercent,
      absoluteFloorMs: options.compare.absoluteFloorMs,
      confidenceLevel: options.compare.confidenceLevel,
      familyAlpha: options.compare.familyAlpha,
      minNoiseFloorPercent: options.compare.noiseFloor.defaultFloorPercent,
    },
    control: { kind: engine.control.kind, summary: engine.control.summary, rounds: engine.control.rounds },
    rows: [...engine.final.comparisons].map(([id, c]) => abRow(id, c, input)),
    ...(headFailure === undefined ? {} : { headFailure }),
    exitCode,
  }
}

function abRow(id: string, c: Comparison, input: AbReportInput): AbRow {
  const { engine } = input
  const series = engine.usualSampling.get(id)
  const baseMedians = series ? [...series.base, ...series.control] : []
  const row: AbRow = { id, verdict: c.verdict, baseRounds: baseMedians.length, headRounds: series?.head.length ?? 0 }
  if (baseMedians.length > 0) row.baseMedianMs = median(baseMedians)
  if (series && series.head.length > 0) row.headMedianMs = median(series.head)
  if (c.changePercent !== undefined) row.changePercent = c.changePercent
  if (c.intervalPercent !== undefined) row.intervalPercent = c.intervalPercent
  const confirmation = engine.final.confirmations.get(id)
  if (confirmation !== undefined) {
    const again = confirmation.comparison
    row.confirmation = {
      confirmed: confirmation.kind === 'confirmed',
      rounds: engine.confirmation.get(id)?.head.length ?? 0,
      ...(again?.changePercent === undefined ? {} : { changePercent: again.changePercent }),
      ...(again?.intervalPercent === undefined ? {} : { intervalPercent: again.intervalPercent }),
      ...(again?.confidenceLevel === undefined ? {} : { confidenceLevel: again.confidenceLevel }),
    }
  }
  const control = engine.control.comparisons.get(id)
  if (control !== undefined && control.changePercent !== undefined) {
    row.control = {
      moved: engine.control.kind === 'unstable' && (control.verdict === 'regressed' || control.verdict === 'improved'),
      changePercent: control.changePercent,
      ...(control.intervalPercent === undefined ? {} : { intervalPercent: control.intervalPercent }),
    }
  }
  return row
}
