import type { CompareInputBase, CompareInputHead, CompareOptions, RunComparison } from '../compare/index.js'
import { compareRun, resolveCompareOptions } from '../compare/index.js'
import { attachNoiseHistory } from '../compare/noiseHistory.js'
import type { ResolvedConfig } from '../config/configSchema.js'
import { compareOptionsFor, measurementKey } from '../config/measurementFilter.js'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import type { PerfReport } from '../model/report.js'
import type { EnvironmentFingerprint, MeasurementRecord } from '../model/types.js'
import { legacyMeasurementId, measurementId } from '../model/types.js'
import type { HistoryReadResult, HistoryRun } from '../stores/history/index.js'
import type { LoadedBase } from './loadBase.js'
import { loadBase } from './loadBase.js'
import type { RunScope } from './scope.js'
import { dropOutOfScope } from './scope.js'

export type { RunScope } from './scope.js'

/** The comparison step's result: the verdicts and what they were made from. */
export interface BaselineComparison extends Omit<LoadedBase, 'bases' | 'testOf' | 'recordedDirty'> {
  comparison: RunComparison
  history: HistoryRun[]
  /** Compares other measurements of the same ids with the same bases (a confirmation re-run). */
  recompare(records: readonly MeasurementRecord[]): RunComparison
  /** How many history runs of the base's own code a measurement's noise floor was learned from (not its processes). */
  historyRunsOf(id: string): number
}

/**
 * Baselines written before ids named the project and escaped titles hold the old id: a head whose new id has no
 * base takes the base of its old id, when that old id is its alone.
 */
export function migrateLegacyIds(bases: Map<string, CompareInputBase>, records: readonly MeasurementRecord[]): void {
  const byLegacy = new Map<string, string[]>()
  for (const record of records) {
    const legacy = legacyMeasurementId(record)
    byLegacy.set(legacy, [...(byLegacy.get(legacy) ?? []), measurementId(record)])
  }
  for (const [legacy, ids] of byLegacy) {
    const [id] = ids
    if (ids.length !== 1 || id === undefined || id === legacy || bases.has(id)) continue
    const base = bases.get(legacy)
    if (base === undefined) continue
    bases.set(id, base)
    bases.delete(legacy)
  }
}

/** The compare options of each measurement: the run's, with a `thresholds` override applied where a glob matches. */
function perMeasurementOptions(
  options: CompareStepInput['options'],
  records: readonly MeasurementRecord[],
  runOptions: CompareOptions,
): (id: string) => CompareOptions {
  const thresholds = options.thresholds ?? {}
  if (Object.keys(thresholds).length === 0) return () => runOptions
  const byId = new Map<string, CompareOptions>()
  for (const record of records) {
    const compare = compareOptionsFor({ compare: options.compare, thresholds }, measurementKey(record))
    byId.set(measurementId(record), compare === options.compare ? runOptions : resolveCompareOptions(compare))
  }
  return (id) => byId.get(id) ?? runOptions
}

/** Everything the comparison step reads. */
export interface CompareStepInput {
  /** The gated measurements of this run. */
  records: readonly MeasurementRecord[]
  environment: EnvironmentFingerprint
  rootDir: string
  options: ResolvedReporterOptions & Partial<Pick<ResolvedConfig, 'thresholds'>>
  historyRead: Promise<HistoryReadResult>
  scope?: RunScope | undefined
  ci: boolean
}

/**
 * Loads the base (baseline file, or the recorded runs of `options.base`), keeps what this run could have measured,
 * gives each base its noise history, and compares every gated measurement. A corrupt baseline throws (the caller
 * reports it and writes nothing); unreadable history files are skipped with a note.
 */
export async function compareWithBaseline(input: CompareStepInput): Promise<BaselineComparison> {
  const read = await input.historyRead
  const loaded = await loadBase({ rootDir: input.rootDir, options: input.options, history: read.runs, ci: input.ci })
  const { bases, testOf, recordedDirty, ...rest } = loaded
  const headsOf = (records: readonly MeasurementRecord[]): Map<string, CompareInputHead> =>
    new Map(
      records.map((record) => [
        measurementId(record),
        {
          samplesMs: record.result.samplesMs,
          medianMs: record.result.medianMs,
          environment: input.environment.hard,
          referenceMixMs: record.result.referenceMixMs,
        },
      ]),
    )
  const heads = headsOf(input.records)
  migrateLegacyIds(bases, input.records)
  if (input.scope !== undefined) dropOutOfScope(bases, new Set(heads.keys()), testOf, input.scope)
  const processMedians = new Map([...bases].map(([id, base]) => [id, base.historyMediansMs?.length ?? 0]))
  attachNoiseHistory(bases, read.runs, input.environment, recordedDirty)
  const historyRunsOf = (id: string): number => (bases.get(id)?.historyMediansMs?.length ?? 0) - (processMedians.get(id) ?? 0)
  const options = resolveCompareOptions(input.options.compare)
  const optionsFor = perMeasurementOptions(input.options, input.records, options)
  const comparison = compareRun(heads, bases, options, optionsFor)
  // A load run whose generator saturated measured the generator, not the code: never a verdict either way.
  for (const record of input.records) {
    const id = measurementId(record)
    const c = comparison.comparisons.get(id)
    if (record.load?.inconclusive && c && c.verdict !== 'new')
      comparison.comparisons.set(id, { ...c, verdict: 'inconclusive', reason: `inconclusive: ${record.load.inconclusive}` })
  }
  const recompare = (records: readonly MeasurementRecord[]): RunComparison => {
    const again = headsOf(records)
    return compareRun(again, new Map([...bases].filter(([id]) => again.has(id))), options, optionsFor)
  }
  return { ...rest, notes: [...read.problems, ...rest.notes], comparison, history: read.runs, recompare, historyRunsOf }
}

/** Baseline entries this run did not produce, with what the report shows of them. */
export function removedEntries(compared: BaselineComparison): PerfReport['removed'] {
  return compared.comparison.removed.flatMap((id) => {
    const entry = compared.baselineFile?.entries[id]
    if (!entry) return []
    return [{ id, file: entry.file, testName: entry.testName, name: entry.name, kind: entry.kind, baselineMedianMs: entry.stats.medianMs }]
  })
}
