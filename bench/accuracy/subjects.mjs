import { sqrtWork } from '../lib/sqrtWork.mjs'

/** 0…99: `indexOf(13)` scans 14 elements, about 10 ns on this machine. */
const haystack = Array.from({ length: 100 }, (_, i) => i)

/**
 * The four subjects of the accuracy benchmark. Each returns its result (as user code would); every harness must
 * consume it, or V8 may delete the work (runners.md: mitata reports 0.08 ns for an unconsumed `indexOf`).
 * `iterations` holds the calibrated sqrtWork counts, identical in every child process.
 */
export function makeSubjects(iterations) {
  const { twoMicros, oneMilli } = iterations
  return {
    empty: () => {},
    indexOf: () => haystack.indexOf(13),
    sqrt2us: () => sqrtWork(twoMicros),
    sqrt1ms: () => sqrtWork(oneMilli),
  }
}

/** Nominal size of each subject, for the tables. */
export const SUBJECT_LABELS = {
  empty: 'empty function',
  indexOf: '`indexOf` ~10 ns',
  sqrt2us: 'sqrt loop ~2 µs',
  sqrt1ms: 'sqrt loop ~1 ms',
}
