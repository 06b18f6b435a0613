import { join } from 'node:path'
import type { BaselineFile } from '../stores/baseline/index.js'
import { readBaseline } from '../stores/baseline/index.js'
import type { CompareInputBase, CompareInputHead, RunComparison } from '../compare/index.js'
import { compareRun, resolveCompareOptions } from '../compare/index.js'
import { resolveRef } from '../git/git.js'
import type { HistoryReadResult, HistoryRun } from '../stores/history/index.js'
import { readRuns, readRunsFromNotes } from '../stores/history/index.js'
import type { PerfReport } from '../model/report.js'
import type { EnvironmentFingerprint, MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'

/** Runs of history read for noise floors and trends: enough for a trend chart, bounded for speed. */
const HISTORY_RUNS_READ = 200

export interface BaselineComparison {
  comparison: RunComparison
  /** The baseline file as read (undefined when absent or when comparing against a git ref). */
  baselineFile: BaselineFile | undefined
  baseSamplesMs: Map<string, number[]>
  source: PerfReport['run']['baseline']
  history: HistoryRun[]
  notes: string[]
}

/** What a run covered: filtered runs (`-t`, file filters, shards) compare only what they could have measured. */
export interface RunScope {
  /** Test files that ran, relative to the root. */
  ranFiles: readonly string[]
  /** Tests that exist but were skipped, as `file > full test name`. */
  skippedTests: readonly string[]
}

/** Whether the measurement `id` (`file > test > name`) belongs to a file that ran and a test that was not skipped. */
function inScope(id: string, test: string | undefined, ranFiles: ReadonlySet<string>, skipped: ReadonlySet<string>): boolean {
  const fileEnd = id.indexOf(' > ')
  if (fileEnd < 0 || !ranFiles.has(id.slice(0, fileEnd))) return false
  // Known test (baseline file entries): exact, as the baseline update prunes.
  if (test !== undefined) return !skipped.has(test)
  // The test name may itself contain " > " (describe blocks): try every prefix that ends at one.
  for (let at = id.indexOf(' > ', fileEnd + 3); at >= 0; at = id.indexOf(' > ', at + 3)) {
    if (skipped.has(id.slice(0, at))) return false
  }
  return true
}

function hardMatches(a: EnvironmentFingerprint['hard'], b: EnvironmentFingerprint['hard']): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Reads the history the comparison uses (nothing when history is off). Never rejects. */
export function readHistory(rootDir: string, options: ResolvedReporterOptions): Promise<HistoryReadResult> {
  if (options.history === false) return Promise.resolve({ runs: [], problems: [] })
  return readRuns(join(rootDir, options.history), { limit: HISTORY_RUNS_READ }).catch((error: unknown) => ({
    runs: [],
    problems: [`History not read: ${error instanceof Error ? error.message : String(error)}`],
  }))
}

/**
 * Loads the baseline (the baseline file, or the recorded runs of `options.base`), the history for noise floors
 * and trends, and compares every gated measurement. A corrupt baseline throws (the caller reports it and writes
 * nothing); unreadable history files are skipped with a note.
 */
export async function compareWithBaseline(
  records: readonly MeasurementRecord[],
  environment: EnvironmentFingerprint,
  rootDir: string,
  options: ResolvedReporterOptions,
  historyRead: Promise<HistoryReadResult> = readHistory(rootDir, options),
  scope?: RunScope,
): Promise<BaselineComparison> {
  const notes: string[] = []
  const read = await historyRead
  const history: HistoryRun[] = read.runs
  notes.push(...read.problems)
  const bases = new Map<string, CompareInputBase>()
  const baseSamplesMs = new Map<string, number[]>()
  // From the baseline file: each entry's exact test (`file > test name`), and entries recorded on a dirty tree.
  const testOf = new Map<string, string>()
  const recordedDirty = new Set<string>()
  let baselineFile: BaselineFile | undefined
  let source: PerfReport['run']['baseline']
  if (options.base !== undefined) {
    const commit = await resolveRef(rootDir, options.base)
    if (commit === undefined) {
      notes.push(`--base ${options.base}: this ref could not be resolved in git, so every measurement is new.`)
    } else {
      source = { source: 'history', ref: options.base, commit }
      const fromNotes = options.gitNotes ? await readRunsFromNotes(rootDir, [commit]) : { runs: [], problems: [] }
      notes.push(...fromNotes.problems)
      const runs = [...history.filter((run) => run.git.commit === commit), ...fromNotes.runs]
      if (runs.length === 0) notes.push(`No recorded runs of ${options.base} (${commit.slice(0, 7)}): every measurement is new.`)
      for (const [id, base] of basesFromRuns(runs)) {
        bases.set(id, base)
        baseSamplesMs.set(id, [...base.samplesMs])
      }
    }
  } else {
    const path = join(rootDir, options.baselinePath)
    baselineFile = await readBaseline(path)
    if (baselineFile) source = { source: 'file', path: options.baselinePath }
    const commits = new Set<string>()
    for (const [id, entry] of Object.entries(baselineFile?.entries ?? {})) {
      testOf.set(id, `${entry.file} > ${entry.testName}`)
      if (entry.git.dirty === true) recordedDirty.add(id)
      bases.set(id, {
        samplesMs: entry.samplesMs,
        medianMs: entry.stats.medianMs,
        commit: entry.git.commit,
        environment: entry.environment.hard,
        referenceMs: entry.referenceMs,
      })
      baseSamplesMs.set(id, entry.samplesMs)
      if (entry.git.commit) commits.add(entry.git.commit)
    }
    // One commit for the whole file only when every entry was recorded there; otherwise each comparison names its own.
    if (source && commits.size === 1) source.commit = [...commits][0]
    if (commits.size > 1) {
      notes.push(`The baseline's entries were recorded at ${commits.size} different commits; each measurement names its own baseline commit.`)
    }
  }
  // Baseline entries of files that did not run, or of tests that were skipped, are out of this run's reach: not
  // `removed`, just not compared.
  if (scope !== undefined) {
    const heads = new Set(records.map(measurementId))
    const ranFiles = new Set(scope.ranFiles)
    const skipped = new Set(scope.skippedTests)
    for (const id of bases.keys()) if (!heads.has(id) && !inScope(id, testOf.get(id), ranFiles, skipped)) bases.delete(id)
  }
  // Medians of earlier runs of the baseline's own code (its commit, a clean tree) on the same kind of machine: their
  // spread is the between-run noise. Runs of other commits must not count: once a slowdown has been recorded, its
  // medians would widen the floor until the same slow code stopped failing.
  const sameMachine = history.filter((run) => run.git.dirty !== true && hardMatches(run.environment.hard, environment.hard))
  for (const [id, base] of bases) {
    // A dirty entry's code is not its commit's: no run of that commit measured the same code.
    if (base.commit === undefined || recordedDirty.has(id)) continue
    const medians = sameMachine.flatMap((run) => (run.git.commit === base.commit && run.measurements[id] ? [run.measurements[id].medianMs] : []))
    if (medians.length > 0) base.historyMediansMs = medians
  }
  const heads = new Map<string, CompareInputHead>()
  for (const record of records) {
    heads.set(measurementId(record), {
      samplesMs: record.result.samplesMs,
      medianMs: record.result.medianMs,
      environment: environment.hard,
      referenceMs: record.result.referenceMs,
    })
  }
  const comparison = compareRun(heads, bases, resolveCompareOptions(options.compare))
  return { comparison, baselineFile, baseSamplesMs, source, history, notes }
}

/** Pools the runs recorded at one commit into one base per measurement: all samples, median of the run medians. */
function basesFromRuns(runs: readonly HistoryRun[]): Map<string, CompareInputBase> {
  const pooled = new Map<string, { samples: number[]; medians: number[]; references: number[]; run: HistoryRun }>()
  for (const run of runs) {
    for (const [id, m] of Object.entries(run.measurements)) {
      const entry = pooled.get(id) ?? { samples: [], medians: [], references: [], run }
      entry.samples.push(...m.samplesMs)
      entry.medians.push(m.medianMs)
      if (m.referenceMs !== undefined) entry.references.push(m.referenceMs)
      pooled.set(id, entry)
    }
  }
  const lowerMiddle = (values: readonly number[]): number | undefined =>
    [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]
  const bases = new Map<string, CompareInputBase>()
  for (const [id, { samples, medians, references, run }] of pooled) {
    bases.set(id, {
      samplesMs: samples,
      medianMs: lowerMiddle(medians) as number,
      commit: run.git.commit,
      environment: run.environment.hard,
      referenceMs: lowerMiddle(references),
    })
  }
  return bases
}
