/**
 * Which rounds ran in the job's usual machine state. Shared machines switch between speed states: on this project's
 * 2-vCPU VM every workload of a runner process ran 1.5–2× slower for seconds to minutes at a time, so identical code
 * gave per-process medians in two modes ~1.7× apart — a spread no number of rounds averages away within a 3-minute
 * budget. The machine reference timed around each measurement (`referenceMixMs`, src/measure/reference.ts) moves
 * with those states (9 µs against 13–15 µs here, when the workloads moved ~1.7×), so each median can be told apart by
 * the state it was measured in, and the decision keeps only the medians of the measurement's usual state: the densest
 * `STATE_WIDTH` window of its references over all rounds, whichever state that is. Per measurement, not pooled over
 * the job: what a test ran just before shifts the reference it reads (after an allocation-heavy string workload it
 * read 23–38 µs in both states), so only a measurement's own rounds are comparable.
 *
 * Conservative by construction: a measurement is filtered only when every one of its rounds has a reference, and
 * only when each side keeps at least a third of its rounds and at least `STATE_MIN_KEPT`. A head whose code itself
 * slowed the reference (a leak that makes every later allocation slower) loses its rounds from the window, keeps
 * them all by that rule, and is decided on everything — never on a chosen subset.
 */
import type { MeasurementSeries, RoundSeries } from './roundSeries.js'
import { ARMS } from './roundSeries.js'

/**
 * Width of the usual state's window, as a ratio of its upper to its lower end. Within one state the reference of a
 * measurement spread up to 1.17× (13–15 µs in the slow state); the states were ≥ 1.3× apart (9.7 against 12.8 µs).
 */
export const STATE_WIDTH = 1.3
/**
 * Fewest rounds each side must keep for the filter to apply: below it the interval would rest on too few processes
 * (none at all below the comparison's 5), so the measurement is decided on every round, as without a reference.
 */
export const STATE_MIN_KEPT = 6
/** Fewest rounds (both sides) of a measurement before it is filtered: below it the densest window means nothing. */
export const STATE_MIN_REFERENCES = 8

/** The series restricted to the usual state, and what was left out. */
export interface MachineStateFilter {
  series: RoundSeries
  /** Per-process medians left out / considered, over the measurements that were filtered. */
  dropped: number
  considered: number
}

/** Restricts `series` to the rounds measured in the job's usual machine state (pure; the input is not changed). */
export function usualMachineState(series: RoundSeries): MachineStateFilter {
  const out: RoundSeries = new Map()
  let dropped = 0
  let considered = 0
  for (const [id, s] of series) {
    const kept = inUsualState(s)
    if (kept === undefined) {
      out.set(id, s)
      continue
    }
    const before = s.base.length + s.head.length + s.control.length
    considered += before
    dropped += before - (kept.base.length + kept.head.length + kept.control.length)
    out.set(id, kept)
  }
  return dropped === 0 ? { series, dropped: 0, considered } : { series: out, dropped, considered }
}

/** The `[low, low·width]` window holding the most values (the lowest such window on a tie). */
export function densestWindow(values: readonly number[], width: number): [number, number] {
  const sorted = [...values].sort((a, b) => a - b)
  let best = 0
  let bestCount = 0
  let j = 0
  for (let i = 0; i < sorted.length; i++) {
    const limit = (sorted[i] as number) * width
    if (j < i) j = i
    while (j + 1 < sorted.length && (sorted[j + 1] as number) <= limit) j++
    if (j - i + 1 > bestCount) {
      bestCount = j - i + 1
      best = i
    }
  }
  const low = sorted[best] as number
  return [low, low * width]
}

/** The measurement's rounds in its usual state, or undefined when it is decided on all of them (see the header). */
function inUsualState(s: MeasurementSeries): MeasurementSeries | undefined {
  const refs = s.refs
  if (refs === undefined) return undefined
  for (const arm of ARMS) if (refs[arm].length !== s[arm].length || refs[arm].some((r) => !(r > 0))) return undefined
  const all = [...refs.base, ...refs.head, ...refs.control]
  if (all.length < STATE_MIN_REFERENCES) return undefined
  const [low, high] = densestWindow(all, STATE_WIDTH)
  const keptRefs = { base: [] as number[], head: [] as number[], control: [] as number[] }
  const kept: MeasurementSeries = { meta: s.meta, base: [], head: [], control: [], refs: keptRefs }
  for (const arm of ARMS) {
    s[arm].forEach((median, i) => {
      const r = refs[arm][i] as number
      if (r < low || r > high) return
      kept[arm].push(median)
      keptRefs[arm].push(r)
    })
  }
  const baseBefore = s.base.length + s.control.length
  const baseAfter = kept.base.length + kept.control.length
  if (kept.head.length * 3 < s.head.length || baseAfter * 3 < baseBefore) return undefined
  if (kept.head.length < STATE_MIN_KEPT || baseAfter < STATE_MIN_KEPT) return undefined
  return kept
}
