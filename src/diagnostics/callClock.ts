/**
 * The clock `perfTiming` reads twice per call. Both reads are most of what instrumenting a call costs (the target
 * is ≤ 100 ns added per call), so this one is the cheapest monotonic clock Node offers: `process.hrtime()` in ms.
 * On Node 20 `performance.now()` is that same clock plus a receiver check and a subtraction (measured 52 ns against
 * 42 ns per read here; `process.hrtime.bigint()` allocates a BigInt: 65 ns). The reference is taken when this module
 * loads and checked against the real clock, so fake timers installed before (Jest's `fakeTimers.enableGlobally`
 * replaces `process.hrtime`) are detected and the real `performance.now()` (realClock) is used instead.
 */
import { performance } from 'node:perf_hooks'
import type { Clock } from '../measure/clock.js'
import { realClock } from '../measure/clock.js'

/** A clock together with what turns one of its readings into epoch ms (for a call's ISO timestamp). */
export interface CallClock {
  read: Clock
  /** Epoch ms of a reading. */
  toEpochMs: (reading: number) => number
  /** Which source was picked (tests and the bench say which). */
  source: 'hrtime' | 'performance.now'
}

type Hrtime = () => [number, number]

/**
 * `hrtime` as a ms clock when it is real: it must advance with the reference clock (a fake one stands still until its
 * timers are advanced, or jumps by whole timer steps). Else the reference clock.
 */
export function pickCallClock(
  hrtime: Hrtime | undefined,
  reference: Clock = realClock,
  epochOfReference: number = performance.timeOrigin,
): CallClock {
  const fallback: CallClock = { read: reference, toEpochMs: (reading) => epochOfReference + reading, source: 'performance.now' }
  if (typeof hrtime !== 'function') return fallback
  const read = (): number => {
    const t = hrtime()
    return t[0] * 1e3 + t[1] * 1e-6
  }
  try {
    // Several tries: a real clock fails one only when the thread was descheduled between two reads (seen on a loaded
    // CI machine: the fallback was picked); a fake clock fails every one.
    for (let attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
      if (advancesWith(read, reference)) {
        const offset = epochOfReference + reference() - read()
        return { read, toEpochMs: (reading) => offset + reading, source: 'hrtime' }
      }
    }
    return fallback
  } catch {
    return fallback
  }
}

/** Tries of the check in `pickCallClock`. */
const PICK_ATTEMPTS = 5

/** Whether `read` advances with `reference` over ~50 µs of the reference (≤ 2 ms if it crawls). */
function advancesWith(read: Clock, reference: Clock): boolean {
  const h0 = read()
  const r0 = reference()
  let r1 = r0
  while (r1 - r0 < 0.05 && r1 - r0 >= 0 && r1 - r0 < 2) r1 = reference()
  const h1 = read()
  const advanced = h1 - h0
  const expected = r1 - r0
  // Reads interleave, so the two spans differ by about one read (< 10 µs); a fake clock differs by all of it.
  return advanced > 0 && Math.abs(advanced - expected) <= Math.max(0.02, expected * 0.5)
}

/** Picked once per module instance (once per Jest sandbox, once per Vitest worker). */
export const callClock: CallClock = pickCallClock(
  // Unbound on purpose: hrtime does not use its receiver, and a bound function is one more frame per read.
  typeof process === 'object' && typeof process.hrtime === 'function' ? (process.hrtime as Hrtime) : undefined,
)
