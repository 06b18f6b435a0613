/**
 * The machine reference: a fixed CPU-bound workload timed right before and right after each measurement. Some
 * machines switch between speed states from one run to the next — on this project's shared 2-vCPU VM the same code
 * measured 1.02 ms in one process and 1.72 ms in the next, for every measurement of the run alike (a busy SMT
 * sibling or a noisy neighbour). Within a run the samples are tight, so the comparison's interval cannot see it;
 * the reference can: when it moved between the baseline and this run, a change of the subject's time may be the
 * machine's, and the comparison refuses to call it a regression (see `compareMeasurement`).
 */
import type { Clock } from './clock.js'

/** Iterations of the reference loop: ~10 µs per operation on a current x86 core. */
const REFERENCE_ITERATIONS = 1_200
/** Wall time spent on each side of a measurement. */
const REFERENCE_BUDGET_MS = 2
/** At least this many timed calls per side, even past the budget (under Jest's sandbox a call takes ~0.7 ms). */
const REFERENCE_MIN_SAMPLES = 10
/** Bounds the loop when the clock is a test double that barely moves. */
const REFERENCE_MAX_SAMPLES = 200
/** Untimed calls first, so both runs time the same optimised code. */
const REFERENCE_WARMUP_CALLS = 20

/** Consumed results: the loop's value escapes, so the optimiser cannot drop the work. */
let sink = 0
/**
 * Bound once: inside a vm context (Jest's sandbox, Vitest's vmThreads/vmForks pools) every read of the global
 * `Math` takes a slow path, and the loop would time that lookup (0.2–0.4 ms instead of ~10 µs, unstable) rather
 * than the CPU.
 */
const sqrt = Math.sqrt

/**
 * A dependent chain of square roots: each step needs the previous sum, so it can be neither vectorised nor folded.
 * (A first version multiplied by Math.sin(i): its time flipped between 9 and 15 µs from one call site state to
 * the next within one process, while this chain stayed within 1–2%.)
 */
function referenceWork(): number {
  let sum = 0
  for (let i = 0; i < REFERENCE_ITERATIONS; i++) sum += sqrt(i + sum * 1e-9)
  return sum
}

/** Appends per-operation times (ms) of the reference workload to `into`, for about `REFERENCE_BUDGET_MS`. */
export function sampleReference(clock: Clock, into: number[]): void {
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
 * The fastest reference call around one measurement, in ms; undefined without any. The minimum, not the median: a
 * slow machine state slows every call (so the minimum moves too), while the odd interrupt or a call still in a
 * lower JIT tier only slows some (and the minimum ignores them) — under Jest's sandbox the median of a few calls
 * moved by 20% between identical runs, the minimum by a few percent.
 */
export function fastestReferenceMs(samples: readonly number[]): number | undefined {
  if (samples.length === 0) return undefined
  let min = Number.POSITIVE_INFINITY
  for (const x of samples) min = Math.min(min, x)
  return min
}
