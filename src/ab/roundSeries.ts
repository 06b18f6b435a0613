/**
 * The per-process medians an A/B run collects: for every measurement, one value per round of each arm. A round is
 * one fresh runner process, so these values are independent draws of the JIT/GC/machine lottery — the unit the
 * decision compares (samples inside one process are not independent of each other in that sense).
 */
import type { Arm, RoundMeasurement } from './runRound.js'

/** One measurement's medians by arm, and how it was last seen (names, kind, subject…). */
export interface MeasurementSeries {
  /** From the latest head round that had it, else the latest base round. */
  meta: RoundMeasurement
  base: number[]
  head: number[]
  control: number[]
  /**
   * The machine reference timed around each of those medians (`referenceMixMs`), index for index; NaN where the
   * report had none (a perf-sentinel that predates it). Says which machine state a round ran in (machineState.ts).
   * Absent: unknown for every round.
   */
  refs?: { base: number[]; head: number[]; control: number[] }
}

/** Every measurement's series, by measurement id, in first-seen order. */
export type RoundSeries = Map<string, MeasurementSeries>

/** Adds one round's medians to `series` (the caller's collector), keeping only measurements `keep` accepts. */
export function recordRound(
  series: RoundSeries,
  arm: Arm,
  measurements: readonly RoundMeasurement[],
  keep: (m: RoundMeasurement) => boolean = () => true,
): void {
  for (const m of measurements) {
    if (!keep(m)) continue
    let entry = series.get(m.id)
    if (entry === undefined) {
      entry = { meta: m, base: [], head: [], control: [], refs: { base: [], head: [], control: [] } }
      series.set(m.id, entry)
    }
    entry[arm].push(m.medianMs)
    entry.refs?.[arm].push(m.referenceMixMs ?? Number.NaN)
    if (arm === 'head' || entry.head.length === 0) entry.meta = m
  }
}

/** Rounds of `arm` recorded for the measurement with the fewest of them (0 for an empty series). */
export function fewestRounds(series: RoundSeries, arm: Arm, ids: Iterable<string> = series.keys()): number {
  let fewest = Number.POSITIVE_INFINITY
  for (const id of ids) fewest = Math.min(fewest, series.get(id)?.[arm].length ?? 0)
  return Number.isFinite(fewest) ? fewest : 0
}

/** Rounds of the head recorded for the measurement with the most of them among `ids` (0 for none). */
export function mostRounds(series: RoundSeries, ids: Iterable<string>): number {
  let most = 0
  for (const id of ids) most = Math.max(most, series.get(id)?.head.length ?? 0)
  return most
}

/** The files that hold these measurements, sorted, and their full test names (for narrowing a round). */
export function scopeOf(series: RoundSeries, ids: Iterable<string>): { files: string[]; testNames: string[] } {
  const files = new Set<string>()
  const testNames = new Set<string>()
  for (const id of ids) {
    const meta = series.get(id)?.meta
    if (meta === undefined) continue
    files.add(meta.file)
    testNames.add(meta.testName)
  }
  return { files: [...files].sort(), testNames: [...testNames].sort() }
}

/** Both series merged (sampling rounds then confirmation rounds), for judgements over the whole job. */
export function mergeSeries(first: RoundSeries, second: RoundSeries): RoundSeries {
  const merged: RoundSeries = new Map()
  for (const source of [first, second]) {
    for (const [id, s] of source) {
      const entry = merged.get(id)
      if (entry === undefined) merged.set(id, copySeries(s))
      else {
        for (const arm of ARMS) {
          entry[arm].push(...s[arm])
          if (entry.refs) entry.refs[arm].push(...(s.refs?.[arm] ?? s[arm].map(() => Number.NaN)))
        }
        if (s.head.length > 0) entry.meta = s.meta
      }
    }
  }
  return merged
}

/** The three arms, in the order a series lists them. */
export const ARMS = ['base', 'head', 'control'] as const

/** A copy that shares nothing mutable with `s`. */
export function copySeries(s: MeasurementSeries): MeasurementSeries {
  return {
    meta: s.meta,
    base: [...s.base],
    head: [...s.head],
    control: [...s.control],
    ...(s.refs ? { refs: { base: [...s.refs.base], head: [...s.refs.head], control: [...s.refs.control] } } : {}),
  }
}
