/**
 * V8's young generation starts small (1 MB semi-spaces) and doubles only after as many bytes as it holds have
 * survived scavenges since its last growth, up to 16 MB; under memory pressure or low allocation it shrinks again. A
 * small one means a scavenge every few hundred microseconds of allocation-heavy code, and in a runner process with a
 * large heap (Jest's, its sandboxes, the transformed modules) each scavenge has a large fixed cost: the same JSON, regex
 * or string work then ran 1.6–2.6× slower in the first measurements of a process than in later ones, and the machine
 * reference read 22–33 µs instead of 9 (BENCHMARKS parts 3j and 3l: `--min-semi-space-size=16` removed that state;
 * so does this routine). Which size a process happens to be at is a lottery of what ran before, so every measurement
 * is taken at the full size: grown here before the first measurement of a process, by keeping a few MB of short-lived
 * arrays alive across scavenges, then written through once (~100–150 ms in all, once a process), and grown again
 * only when V8 has shrunk it since.
 */
import { getHeapSpaceStatistics } from 'node:v8'

/**
 * Semi-spaces of 16 MB, V8's default maximum on 64-bit hosts. The space reports both halves once a scavenge has
 * committed the second (before that, one: 16 MB under `--min-semi-space-size=16`).
 */
const TARGET_BYTES = 32 * 2 ** 20
/** 8 KB arrays of doubles: copied by a scavenge without visiting their slots. */
const ARRAY_LENGTH = 1000
const ARRAY_BYTES = ARRAY_LENGTH * 8
/**
 * Survivors kept, as a share of the space's current size (both halves): ~40% of a semi-space, so an array lives
 * through one scavenge and is dead by the next. V8 grows the space after a semi-space's worth of survivors (a few
 * scavenges here), and nothing is promoted: promoted garbage starts old-generation marking, which made the reference
 * read 20 µs instead of 8.5 for the next two measurements at 60% (arrays surviving two scavenges), and slowed the
 * first measurement by up to 45% in an earlier version that kept 8 MB alive throughout.
 */
const RING_SHARE = 0.2
/** Arrays allocated between two reads of the space's size (~20 µs a read). */
const CHECK_EVERY = 64
/** A bound on the routine's time, for a process whose young generation grows more slowly than measured here. */
const BUDGET_MS = 200

/** Allocation after growing, as a share of the space (both halves): every page of both semi-spaces written once. */
const TOUCH_SHARE = 1.25
/** Keeps the touching loop's arrays observable, so the optimiser cannot drop the allocation. */
let sinkLength = 0

/** The largest young generation seen in this process: V8 does not grow it past its maximum, so neither do we. */
let largestBytes = 0

function ringSlots(size: number): number {
  return Math.max(16, Math.floor((RING_SHARE * size) / ARRAY_BYTES))
}

/** The young generation's size in bytes (both semi-spaces once used), or undefined where V8 does not report it. */
function youngBytes(): number | undefined {
  for (const space of getHeapSpaceStatistics()) if (space.space_name === 'new_space') return space.space_size
  return undefined
}

/**
 * Grows the young generation to its full size before a measurement, unless it is at the largest size seen before in
 * this process. Never throws; returns the milliseconds spent (0 when nothing was needed).
 */
export function growYoungGeneration(now: () => number = () => performance.now()): number {
  let reported: number | undefined
  try {
    reported = youngBytes()
  } catch {
    return 0
  }
  if (reported === undefined || reported >= TARGET_BYTES || (largestBytes > 0 && reported >= largestBytes)) return 0
  let size = reported
  const start = now()
  const ring: number[][] = []
  let slots = ringSlots(size)
  let sinceGrowth = 0
  for (let i = 0; size < TARGET_BYTES; i++) {
    ring[i % slots] = new Array<number>(ARRAY_LENGTH).fill(i + 0.5)
    if (i % CHECK_EVERY !== CHECK_EVERY - 1) continue
    const current = youngBytes() ?? size
    if (current > size) {
      size = current
      slots = ringSlots(size)
      sinceGrowth = 0
    } else sinceGrowth += CHECK_EVERY * ARRAY_BYTES
    // Four times the space allocated, with survivors through every scavenge, and no growth: V8's maximum here.
    if (sinceGrowth > 4 * size || now() - start > BUDGET_MS) break
  }
  ring.length = 0
  touchSemiSpaces(size)
  largestBytes = Math.max(largestBytes, size)
  if (sinkLength < 0) largestBytes = 0 // never true; keeps `sinkLength` observable
  return now() - start
}

/**
 * Allocates short-lived arrays through both semi-spaces once more, keeping nothing: pages V8 has just committed for
 * the grown space are still untouched, and the first write to each is a page fault (~9 µs a 4 KB page on this
 * project's VM). Without this, allocation-heavy code measured next ran 2.4× slower until it had written through
 * 32 MB itself (the machine reference read 21 µs for ~120 ms, then 8.5 µs).
 */
function touchSemiSpaces(size: number): void {
  const arrays = Math.ceil((TOUCH_SHARE * size) / ARRAY_BYTES)
  let last: number[] = []
  for (let i = 0; i < arrays; i++) last = new Array<number>(ARRAY_LENGTH).fill(i)
  sinkLength += last.length
}
