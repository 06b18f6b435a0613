/**
 * The order of rounds: ABBA cycles (base, head, head, base), serially, each round a fresh runner process. A
 * steady drift of the machine during a cycle hits both sides equally (their mean positions are the same). The
 * cycle's two base rounds are labelled `base` and `control` for the A/A control, swapped every other cycle so that
 * over two cycles both labels sit at the same mean position too.
 */
import type { Arm } from './runRound.js'

/** The arms of cycle `cycle` (0-based), in run order. */
export function cycleArms(cycle: number): Arm[] {
  return cycle % 2 === 0 ? ['base', 'head', 'head', 'control'] : ['control', 'head', 'head', 'base']
}

/** Rounds per side that `cycles` cycles give (every cycle runs each side twice). */
export function roundsPerSide(cycles: number): number {
  return cycles * 2
}

/** Cycles needed for `rounds` rounds per side. */
export function cyclesFor(rounds: number): number {
  return Math.ceil(rounds / 2)
}
