/**
 * The machine reference: a fixed workload of typical JavaScript timed right before and right after each
 * measurement. Shared machines switch between speed states — on this project's 2-vCPU VM the same code ran 1.5–2×
 * slower for seconds to minutes at a time, every workload of a test file alike (JSON, Map, regex, string building,
 * Math), and flickered between the states at other times. Within one measurement the samples are tight, so the
 * comparison's interval cannot see it; the reference can: when it moved between the baseline and this run, a change
 * of the subject's time may be the machine's, and the comparison refuses to call it a regression (see
 * `compareMeasurement`); `perf-sentinel compare` keeps only the rounds measured in the job's usual machine state.
 */
import type { Clock } from './clock.js'

/** Rounds of the reference mix per call: ~10 µs on a current x86 core, once optimised. */
const REFERENCE_ROUNDS = 6
/** Wall time spent on each side of a measurement. */
const REFERENCE_BUDGET_MS = 2
/** At least this many timed calls per side, even past the budget. */
const REFERENCE_MIN_SAMPLES = 10
/** Bounds the loop when the clock is a test double that barely moves. */
const REFERENCE_MAX_SAMPLES = 200
/** Untimed calls first, so both runs time the same optimised code. */
const REFERENCE_WARMUP_CALLS = 20
/**
 * Untimed calls the first time in a realm: V8 optimises the mix only after ~100–200 calls (~40 µs a call before,
 * ~10 µs after; measured in plain Node and in a vm context), so without them the first measurements of every test
 * file (a fresh realm under Jest and isolated Vitest) read a 4× slower reference than the later ones. ~7 ms once.
 * Even then the optimised code can arrive late: V8 compiles it on a background thread, behind whatever the runner
 * queued before (a Jest process with a cold transform cache: the first window read 22–34 µs a call for 300 more
 * calls, the window after that measurement 9 µs). So the first window of a realm is not timed at all: its first
 * measurement reads the reference after it only (BENCHMARKS part 3l).
 */
const REFERENCE_FIRST_WARMUP_CALLS = 300
let warmed = false

/** Consumed results: the loop's value escapes, so the optimiser cannot drop the work. */
let sink = 0
/**
 * Builtins bound once: inside a vm context (Jest's sandbox, Vitest's vmThreads/vmForks pools) every read of a global
 * takes a slow path, and the reference would time that lookup rather than the machine.
 */
const stringify = JSON.stringify
const parse = JSON.parse
const fromCharCode = String.fromCharCode
const MapCtor = Map
const record = { id: 0, name: 'reference', tags: ['a', 'b', 'c'], nested: { x: 1.5, y: [1, 2, 3] } }

/**
 * What typical JavaScript does: a JSON round trip, a small Map, string building and short-lived objects. The machine's
 * slow phases on shared VMs hit exactly this kind of code (1.5–2× for every workload of a test file at once) and
 * barely touch a dependent arithmetic chain: the first reference, a chain of square roots, moved ≤ 8% while JSON,
 * Map, regex, string and Math workloads beside it moved 1.8× (probe of 2026-12-02, BENCHMARKS part 6).
 */
function referenceWork(): number {
  let total = 0
  for (let i = 0; i < REFERENCE_ROUNDS; i++) {
    record.id = i
    total += parse(stringify(record)).id
    const map = new MapCtor<number, number>()
    for (let k = 0; k < 4; k++) map.set(k + i, k)
    total += map.get(i) ?? 0
    let text = ''
    for (let k = 0; k < 8; k++) text += fromCharCode(97 + ((i + k) % 26))
    const items: { k: number; v: string }[] = []
    for (let k = 0; k < 6; k++) items.push({ k, v: text })
    total += (items[i % 6] as { k: number }).k + text.length
  }
  return total
}

/**
 * Appends per-operation times (ms) of the reference workload to `into`, for about `REFERENCE_BUDGET_MS`; the first
 * call in a realm only warms the workload up and appends nothing.
 */
export function sampleReference(clock: Clock, into: number[]): void {
  if (!warmed) {
    warmed = true
    for (let i = 0; i < REFERENCE_FIRST_WARMUP_CALLS; i++) sink += referenceWork()
    return
  }
  for (let i = 0; i < REFERENCE_WARMUP_CALLS; i++) sink += referenceWork()
  const deadline = clock() + REFERENCE_BUDGET_MS
  for (let n = 0; n < REFERENCE_MAX_SAMPLES; n++) {
    const t0 = clock()
    sink += referenceWork()
    const t1 = clock()
    into.push(t1 - t0)
    if (t1 >= deadline && n + 1 >= REFERENCE_MIN_SAMPLES) break
  }
  if (sink === Number.POSITIVE_INFINITY) into.push(0) // never true; keeps `sink` observable
}

/**
 * The machine's speed around one measurement: the fastest reference call of each side, and of those the slower one,
 * in ms; undefined without any. The minimum within a side, not the median: a slow machine state slows every call (so
 * the minimum moves too), while the odd interrupt or GC pause only slows some. The slower side, not the overall
 * minimum: when the machine changed speed during the measurement, one side shows it, and the measurement is not
 * counted as having run fast throughout.
 */
export function referenceAroundMs(before: readonly number[], after: readonly number[]): number | undefined {
  const sides = [fastest(before), fastest(after)].filter((x): x is number => x !== undefined)
  return sides.length === 0 ? undefined : Math.max(...sides)
}

function fastest(samples: readonly number[]): number | undefined {
  if (samples.length === 0) return undefined
  let min = Number.POSITIVE_INFINITY
  for (const x of samples) min = Math.min(min, x)
  return min
}
