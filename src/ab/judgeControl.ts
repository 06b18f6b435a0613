/**
 * The A/A control: base against base in the same job. Each ABBA cycle runs the base twice; the two runs alternate
 * between the labels `base` and `control` (base first in even cycles, last in odd ones, so a steady drift of the
 * machine hits both labels alike). Identical code in fresh processes must not move beyond its noise floor; when it
 * does, the environment — not the code — is producing differences, and no regression can be trusted.
 */
import type { CompareOptions } from '../compare/index.js'
import { formatPercent } from '../format.js'
import type { Comparison } from '../model/types.js'
import { decideRounds } from './decideRounds.js'
import type { RoundSeries } from './roundSeries.js'

/** Fewest control rounds per label for a judgement: the smallest exact Mann–Whitney design reaching p < 0.01. */
export const CONTROL_MIN_ROUNDS = 5

/** One control measurement that moved. */
export interface ControlMove {
  id: string
  changePercent: number
  intervalPercent: [number, number]
  noiseFloorPercent: number
}

/** The control's outcome. */
export type ControlJudgement =
  | { kind: 'stable'; comparisons: Map<string, Comparison>; rounds: number; summary: string }
  | { kind: 'unstable'; comparisons: Map<string, Comparison>; rounds: number; moved: ControlMove[]; summary: string }
  | { kind: 'not-judged'; comparisons: Map<string, Comparison>; rounds: number; summary: string }

/**
 * Judges the control (pure). "Moved" means the control's interval lies entirely beyond its noise floor, in either
 * direction, with Holm across the control's measurements: the A/B gates without the fail threshold and the
 * absolute floor, which only say what is worth failing for, not what is real.
 */
export function judgeControl(series: RoundSeries, options: CompareOptions): ControlJudgement {
  let rounds = 0
  for (const s of series.values()) rounds = Math.max(rounds, Math.min(s.base.length, s.control.length))
  const strict = { ...options, failThresholdPercent: 0, warnThresholdPercent: 0, absoluteFloorMs: 0 }
  const { comparisons } = decideRounds(series, strict, 'control')
  if (rounds < CONTROL_MIN_ROUNDS) {
    const summary = `Not judged: ${rounds} control round(s) per side, at least ${CONTROL_MIN_ROUNDS} needed (the control only gates when a regression is confirmed, which adds rounds).`
    return { kind: 'not-judged', comparisons, rounds, summary }
  }
  const moved: ControlMove[] = []
  for (const [id, c] of comparisons) {
    if (c.verdict !== 'regressed' && c.verdict !== 'improved') continue
    moved.push({ id, changePercent: c.changePercent, intervalPercent: c.intervalPercent, noiseFloorPercent: c.noiseFloorPercent })
  }
  if (moved.length === 0) {
    return {
      kind: 'stable',
      comparisons,
      rounds,
      summary: `Stable: no base-against-base difference beyond its noise floor (${rounds} rounds per side).`,
    }
  }
  const first = moved[0] as ControlMove
  const summary =
    `Unstable: identical base code moved ${formatPercent(first.changePercent)} (interval ${formatPercent(first.intervalPercent[0])} to ` +
    `${formatPercent(first.intervalPercent[1])}, noise floor ${first.noiseFloorPercent.toFixed(1)}%) in ${first.id}` +
    `${moved.length > 1 ? ` and ${moved.length - 1} other measurement(s)` : ''}.`
  return { kind: 'unstable', comparisons, rounds, moved, summary }
}
