import type { Comparison, Confirmation } from '../model/comparison.js'
import type { MeasurementRecord } from '../model/types.js'

/**
 * Printed instead of a run end in watch mode when no test file ran (a change no test depends on, Vitest's `u` with
 * nothing failed and no perf regression standing): the last run's report and history stay as they were, and no
 * empty run is added to the history.
 */
export const NOTHING_RAN_LINE = 'perf-sentinel: no test file ran: reports, history and baseline left as they were.'

/**
 * Regressions confirmed earlier in one watch session, by measurement id, with the baseline median they were
 * confirmed against. Held by the reporter across its watch runs.
 */
export type WatchConfirmations = Map<string, { baselineMedianMs: number; confirmation: Confirmation }>

const sessions = new Map<string, WatchConfirmations>()

/**
 * The watch session's memory for a project root, held by this module. Jest builds new reporters for every watch run
 * (its scheduler is created per run), so a reporter's own map would start empty on every save; the module is loaded
 * once per Jest process, so this one lasts the session.
 */
export function watchSessionConfirmations(rootDir: string): WatchConfirmations {
  const memory = sessions.get(rootDir) ?? new Map()
  sessions.set(rootDir, memory)
  return memory
}

/**
 * Before confirming (watch mode): a candidate whose regression was confirmed earlier in this watch session, against
 * the same baseline median, keeps that confirmation instead of re-running its test files. Without it every save
 * re-confirmed a standing regression in fresh processes (five re-runs, ~15 s per save in a review). Outside watch
 * mode nothing is remembered: a CI run always re-measures. Returns how many were reused.
 */
export function reuseWatchConfirmations(comparisons: Map<string, Comparison>, memory: WatchConfirmations): number {
  let reused = 0
  for (const [id, comparison] of comparisons) {
    const earlier = memory.get(id)
    if (comparison.verdict !== 'regressed' || earlier === undefined || earlier.baselineMedianMs !== comparison.baselineMedianMs) continue
    const how = `${earlier.confirmation.how}, earlier in this watch session (not re-run for this change; a run without watch re-measures)`
    comparisons.set(id, { ...comparison, confirmation: { ...earlier.confirmation, how } })
    reused++
  }
  return reused
}

/** After confirming: remembers what was confirmed in this run; forgets what is no longer a regression. */
export function rememberWatchConfirmations(comparisons: ReadonlyMap<string, Comparison>, memory: WatchConfirmations): void {
  for (const id of memory.keys()) if (comparisons.get(id)?.verdict !== 'regressed') memory.delete(id)
  for (const [id, comparison] of comparisons) {
    if (comparison.verdict !== 'regressed' || comparison.confirmation?.confirmed !== true) continue
    // Reused above (same baseline median): kept as first confirmed, without this run's wording.
    if (memory.get(id)?.baselineMedianMs === comparison.baselineMedianMs) continue
    memory.set(id, { baselineMedianMs: comparison.baselineMedianMs, confirmation: comparison.confirmation })
  }
}

/**
 * Watch mode: per test file, the records of the latest run that ran it, kept while one of its measurements stands
 * regressed. Vitest's `u` key re-runs only files with failed tests or snapshots, and a perf regression fails no test:
 * an update run adds these files from their latest run, so `u` accepts the standing regressions as the baseline.
 */
export type WatchRegressions = Map<string, MeasurementRecord[]>

const regressionSessions = new Map<string, WatchRegressions>()

/** The watch session's regressed files for a project root, held by this module for Jest (see `watchSessionConfirmations`). */
export function watchSessionRegressions(rootDir: string): WatchRegressions {
  const memory = regressionSessions.get(rootDir) ?? new Map()
  regressionSessions.set(rootDir, memory)
  return memory
}

/** After a watch run: files it ran are forgotten, then those with a regressed measurement remembered (unless it updated). */
export function rememberRegressedFiles(
  memory: WatchRegressions,
  run: { records: readonly MeasurementRecord[]; ranFiles: readonly string[]; updated: boolean },
  measurements: readonly { file: string; comparison?: Pick<Comparison, 'verdict'> }[],
): void {
  for (const file of run.ranFiles) memory.delete(file)
  if (run.updated) return
  const ran = new Set(run.ranFiles)
  for (const { file, comparison } of measurements)
    if (comparison?.verdict === 'regressed' && ran.has(file) && !memory.has(file))
      memory.set(
        file,
        run.records.filter((record) => record.file === file),
      )
}

/**
 * Before an update run in watch mode: adds the remembered files this run did not run, with their latest records.
 * Returns the files added (a line names them).
 */
export function addRegressedFiles(memory: WatchRegressions, run: { records: MeasurementRecord[]; ranFiles: string[] }): string[] {
  const added: string[] = []
  for (const [file, records] of memory) {
    if (run.ranFiles.includes(file)) continue
    run.ranFiles.push(file)
    run.records.push(...records)
    added.push(file)
  }
  return added
}

/**
 * An update run in watch mode (`updating`): adds the remembered regressed files (`addRegressedFiles`) and returns the
 * line that names them, or undefined when none was added (or the run does not update).
 */
export function addHeldRegressions(
  memory: WatchRegressions,
  run: { records: MeasurementRecord[]; ranFiles: string[] },
  updating: boolean,
): string | undefined {
  const added = updating ? addRegressedFiles(memory, run) : []
  return added.length > 0 ? regressedFilesLine(added) : undefined
}

/** The line an update run prints when it accepts regressions of files it did not run. */
export function regressedFilesLine(files: readonly string[]): string {
  return `perf-sentinel: updating the perf baseline also for ${files.length} file(s) that regressed earlier in this watch session, from their latest run: ${files.join(', ')}`
}
