import { formatBytes } from '../../format.js'

/**
 * Smallest retained growth called a leak, in bytes per iteration. A clean function's post-GC heap is flat between
 * rounds apart from the odd one-off step (10 clean fixtures × 3 processes here: largest |Theil–Sen slope| 6.5 B/op),
 * while the target leak is 100 B/op (measured: ~118 B/op).
 */
export const LEAK_MIN_BYTES_PER_OP = 16
/** A leak grows the post-GC heap in most rounds (memwatch's rule: growth over 5 consecutive GCs); noise does not. */
export const LEAK_MIN_GROWING_SHARE = 0.6
/** Returned values still alive after collection, as a share of those watched, that point at the results. */
export const RETAINED_RETURN_SHARE = 0.5
/**
 * Growth that, with the returned values kept alive, is a leak: retaining one more object per call adds at least its
 * size (12 B for an empty object with compressed pointers), while a clean heap's slope reached 6.5 B/op and a fixed
 * pool's 5.9 B/op (a CI run at load, counted "steady"). Between the two.
 */
export const RETAINED_MIN_BYTES_PER_OP = 10

export interface LeakEvidence {
  slopeBytesPerOp: number
  growingRoundsShare: number
  watchedReturnValues: number
  retainedReturnValues: number
}

/**
 * Decides whether the evidence is a leak (pure): the post-GC heap climbs steadily, or the returned values are kept
 * alive while the heap still climbs (a function handing out objects from a fixed pool keeps them alive too, but
 * its heap is flat).
 */
export function judgeLeak(e: LeakEvidence): { leaking: boolean; reason: string } {
  const steady = e.growingRoundsShare >= LEAK_MIN_GROWING_SHARE
  const share = `${Math.round(e.growingRoundsShare * 100)}% of rounds`
  const slope = `${formatBytes(e.slopeBytesPerOp)} per iteration`
  if (steady && e.slopeBytesPerOp >= LEAK_MIN_BYTES_PER_OP) {
    return { leaking: true, reason: `the post-GC heap grew ${slope}, in ${share}` }
  }
  const retainedShare = e.watchedReturnValues === 0 ? 0 : e.retainedReturnValues / e.watchedReturnValues
  if (retainedShare >= RETAINED_RETURN_SHARE && steady && e.slopeBytesPerOp >= RETAINED_MIN_BYTES_PER_OP) {
    return {
      leaking: true,
      reason: `${e.retainedReturnValues} of ${e.watchedReturnValues} returned values were never collected and the post-GC heap grew ${slope}`,
    }
  }
  return { leaking: false, reason: `the post-GC heap grew ${slope} (limit ${formatBytes(LEAK_MIN_BYTES_PER_OP)}), in ${share}` }
}
