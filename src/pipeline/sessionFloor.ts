import type { Comparison } from '../model/comparison.js'
import { DEFAULT_MIN_HISTORY_RUNS } from '../compare/noiseFloor.js'
import { formatPercent } from '../format.js'

/**
 * Default `sessionFloorPercent`: a stored baseline recorded in one session (its processes a few seconds apart) fails
 * only a confirmed change beyond this, unless runs of its code from other sessions are in the history. Measured on a
 * shared 2-core VM (BENCHMARKS parts 3f and 3g): whole runs of identical code fell into phases where every
 * measurement of a file read 1.5–2.2× its baseline for minutes, with the CPU-bound machine reference flat, and every
 * confirmation re-run agreed (confirmed changes of +13%, +39%, +51%, +64%). No statistic inside one session can tell
 * that from a regression. Replaying those 200 CI runs, any bar from 60% to 80% kept every A/A run green and every 3×
 * slowdown red (the smallest confirmed 3× change was +84%, against a baseline recorded in a slow phase); 100% lost
 * two 3× runs. 75% is the middle of that range, chosen on that data, not yet re-measured on fresh runs.
 */
export const DEFAULT_SESSION_FLOOR_PERCENT = 75

/**
 * Turns `regressed` verdicts whose change (the smallest of the run's and every agreeing re-run's) is within
 * `floorPercent` into `inconclusive`, saying why, for measurements whose base has fewer history runs of its code
 * than a learned noise floor needs (`DEFAULT_MIN_HISTORY_RUNS`). Run before confirmation (no re-run for a candidate that cannot fail) and after it (on the
 * confirmed change). Returns how many it held.
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
