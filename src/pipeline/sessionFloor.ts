import type { Comparison } from '../model/comparison.js'
import { DEFAULT_MIN_HISTORY_RUNS } from '../compare/noiseFloor.js'
import { formatPercent } from '../format.js'

/**
 * Default `sessionFloorPercent`: a stored baseline recorded in one session (its processes a few seconds apart) fails
 * only a confirmed change beyond this, unless runs of its code from other sessions are in the history. Measured on a
 * shared 2-core VM (BENCHMARKS parts 3g and 3h): whole runs of identical code fell into phases where every
 * measurement of a file read 1.5–2.4× its baseline for minutes, with the CPU-bound machine reference nearly flat,
 * and the confirmation re-runs agreed. No statistic inside one session can tell that from a regression. Over 400 CI
 * runs, 60–75% let 2 of 200 A/A runs fail and every 3× slowdown fail; 95–100% let no A/A run fail but lost 2 of 40
 * 3× runs (their baselines recorded in a slow phase read +84% and +92%). 75% keeps every 3× slowdown red.
 */
export const DEFAULT_SESSION_FLOOR_PERCENT = 75

/**
 * Turns `regressed` verdicts whose change (the smallest of the run's and every agreeing re-run's) is within
 * `floorPercent` into `inconclusive`, saying why, for measurements whose base has fewer history runs of its code
 * than a learned noise floor needs (`DEFAULT_MIN_HISTORY_RUNS`). Run before confirmation (no re-run for a candidate
 * that cannot fail) and after it (on the confirmed change). Returns how many it held.
 */
export function applySessionFloor(
  comparisons: Map<string, Comparison>,
  historyRunsOf: (id: string) => number,
  floorPercent: number,
): number {
  if (floorPercent <= 0) return 0
  let held = 0
  for (const [id, c] of comparisons) {
    if (c.verdict !== 'regressed' || historyRunsOf(id) >= DEFAULT_MIN_HISTORY_RUNS) continue
    const change = Math.min(c.changePercent, c.confirmation?.changePercent ?? Number.POSITIVE_INFINITY)
    if (change > floorPercent) continue
    held++
    const confirmed = c.confirmation?.confirmed === true ? `, confirmed by ${c.confirmation.how}` : ''
    comparisons.set(id, {
      ...c,
      verdict: 'inconclusive',
      reason:
        `Slower by ${formatPercent(change)}${confirmed}, but within the ${formatPercent(floorPercent)} a whole machine can drift ` +
        'between sessions: the baseline was recorded in one session and the history holds no runs of its code from others. ' +
        'Gate changes this size with perf-sentinel compare (base and head in the same job), or lower sessionFloorPercent on a steady machine.',
    } as Comparison)
  }
  return held
}

/** The report's note on `count` regressions the session floor held. */
export function sessionFloorNote(count: number, floorPercent: number): string {
  return (
    `${count} regression(s) within the session floor (${formatPercent(floorPercent)}) are inconclusive: a baseline recorded in one session ` +
    'cannot rule out a machine-wide slow phase (sessionFloorPercent; perf-sentinel compare gates smaller changes).'
  )
}
