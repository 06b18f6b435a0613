import type { Comparison, Confirmation } from '../model/comparison.js'

/**
 * Printed instead of a run end in watch mode when no test file ran (a change no test depends on, Vitest's `u` with
 * nothing failed): the last run's report and history stay as they were, and no empty run is added to the history.
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
