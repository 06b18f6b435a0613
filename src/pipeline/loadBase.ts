import { join } from 'node:path'
import type { CompareInputBase } from '../compare/index.js'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import { PerfSentinelError } from '../errors.js'
import { resolveRef } from '../git/git.js'
import { isGated } from '../model/comparison.js'
import type { PerfReport } from '../model/report.js'
import type { BaselineFile } from '../stores/baseline/index.js'
import { readBaseline } from '../stores/baseline/index.js'
import type { HistoryRun } from '../stores/history/index.js'
import { readRunsFromNotes } from '../stores/history/index.js'

/** The base a run compares with: per measurement id, and where it came from. */
export interface LoadedBase {
  bases: Map<string, CompareInputBase>
  baseSamplesMs: Map<string, number[]>
  /** The baseline file as read (undefined when absent or when comparing against a git ref). */
  baselineFile: BaselineFile | undefined
  source: PerfReport['run']['baseline']
  /** From the baseline file: each entry's exact test (`file > test name`). */
  testOf: Map<string, string>
  /** Entries recorded on a dirty working tree (their code is not their commit's). */
  recordedDirty: Set<string>
  notes: string[]
  /** Set when the run must fail without comparing (a base ref asked for in CI that cannot be used). */
  failure?: PerfSentinelError
}

/** Where to look: the baseline file, or the recorded runs of a git ref (`base`). */
export interface LoadBaseInput {
  rootDir: string
  options: ResolvedReporterOptions
  /** The history already read (for runs of the base ref recorded locally). */
  history: readonly HistoryRun[]
  ci: boolean
}

/**
 * Loads the base. With `base` (a git ref), the recorded runs of that commit (history folder, then git notes);
 * when the ref cannot be resolved or has no recorded runs, CI falls back to the baseline file if there is one
 * (saying so) and otherwise fails the run with the reason and the fix; outside CI every measurement is `new`,
 * with a warning. A corrupt baseline file throws.
 */
export async function loadBase(input: LoadBaseInput): Promise<LoadedBase> {
  const { options } = input
  if (options.base === undefined) return loadBaselineFile(input)
  const fromRef = await loadRunsOfRef(input, options.base)
  if (fromRef.bases.size > 0 || fromRef.problem === undefined) return fromRef
  const problem = fromRef.problem
  const fix =
    'fetch the ref and its notes (git fetch origin <ref> "+refs/notes/perf-sentinel:refs/notes/perf-sentinel", ' +
    'with enough depth for a merge-base: fetch-depth: 0), record runs of it on the default branch, or commit a baseline file'
  if (!input.ci) {
    return { ...fromRef, notes: [...fromRef.notes, `WARNING: ${problem} Every measurement is new, so nothing was gated. Fix: ${fix}.`] }
  }
  const file = await loadBaselineFile(input)
  if (file.baselineFile !== undefined) {
    return {
      ...file,
      notes: [...fromRef.notes, `${problem} Compared with the baseline file ${options.baselinePath} instead.`, ...file.notes],
    }
  }
  return {
    ...fromRef,
    failure: new PerfSentinelError('E_BASE', `perf-sentinel: ${problem} In CI this would pass every measurement as new.`, { fix }),
  }
}

function emptyBase(): LoadedBase {
  return {
    bases: new Map(),
    baseSamplesMs: new Map(),
    baselineFile: undefined,
    source: undefined,
    testOf: new Map(),
    recordedDirty: new Set(),
    notes: [],
  }
}

async function loadRunsOfRef(input: LoadBaseInput, ref: string): Promise<LoadedBase & { problem?: string }> {
  const loaded = emptyBase()
  const commit = await resolveRef(input.rootDir, ref)
  if (commit === undefined)
    return { ...loaded, problem: `The base ref "${ref}" could not be resolved in git (a typo, not fetched, or a shallow clone).` }
  loaded.source = { source: 'history', ref, commit }
  const fromNotes = input.options.gitNotes ? await readRunsFromNotes(input.rootDir, [commit]) : { runs: [], problems: [] }
  loaded.notes.push(...fromNotes.problems)
  const runs = [...input.history.filter((run) => run.git.commit === commit), ...fromNotes.runs]
  if (runs.length === 0) return { ...loaded, problem: `No recorded runs of the base ref "${ref}" (${commit.slice(0, 7)}).` }
  for (const [id, base] of basesFromRuns(runs)) {
    loaded.bases.set(id, base)
    loaded.baseSamplesMs.set(id, [...base.samplesMs])
  }
  return loaded
}

async function loadBaselineFile(input: LoadBaseInput): Promise<LoadedBase> {
  const loaded = emptyBase()
  const { baselinePath } = input.options
  const baselineFile = await readBaseline(join(input.rootDir, baselinePath))
  loaded.baselineFile = baselineFile
  if (baselineFile) loaded.source = { source: 'file', path: baselinePath }
  const commits = new Set<string>()
  for (const [id, entry] of Object.entries(baselineFile?.entries ?? {})) {
    // Entries older versions recorded for single-call measurements: never compared now (see isGated).
    if (!isGated(entry)) continue
    loaded.testOf.set(id, `${entry.file} > ${entry.testName}`)
    if (entry.git.dirty === true) loaded.recordedDirty.add(id)
    loaded.bases.set(id, {
      samplesMs: entry.samplesMs,
      medianMs: entry.stats.medianMs,
      commit: entry.git.commit,
      environment: entry.environment.hard,
      referenceMixMs: entry.referenceMixMs,
      processes: entry.processMediansMs?.length ?? 1,
      // The processes of a multi-process recording are independent draws of the baseline's code: its noise.
      ...(entry.processMediansMs && entry.processMediansMs.length > 1 ? { historyMediansMs: [...entry.processMediansMs] } : {}),
    })
    loaded.baseSamplesMs.set(id, entry.samplesMs)
    if (entry.git.commit) commits.add(entry.git.commit)
  }
  // One commit for the whole file only when every entry was recorded there; otherwise each comparison names its own.
  if (loaded.source && commits.size === 1) loaded.source.commit = [...commits][0]
  if (commits.size > 1) {
    loaded.notes.push(
      `The baseline's entries were recorded at ${commits.size} different commits; each measurement names its own baseline commit.`,
    )
  }
  return loaded
}

/** Pools the runs recorded at one commit into one base per measurement: all samples, median of the run medians. */
export function basesFromRuns(runs: readonly HistoryRun[]): Map<string, CompareInputBase> {
  const pooled = new Map<string, { samples: number[]; medians: number[]; references: number[]; run: HistoryRun }>()
  for (const run of runs) {
    for (const [id, m] of Object.entries(run.measurements)) {
      const entry = pooled.get(id) ?? { samples: [], medians: [], references: [], run }
      entry.samples.push(...m.samplesMs)
      entry.medians.push(m.medianMs)
      if (m.referenceMixMs !== undefined) entry.references.push(m.referenceMixMs)
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
      referenceMixMs: lowerMiddle(references),
      processes: medians.length,
      ...(medians.length > 1 ? { historyMediansMs: medians } : {}),
    })
  }
  return bases
}
