import { performance } from 'node:perf_hooks'

/** A monotonic clock returning milliseconds as a float. */
export type Clock = () => number

/**
 * The real clock, captured when this module loads. Fake timers (`vi.useFakeTimers()`, `jest.useFakeTimers()`)
 * replace `globalThis.performance` and `process.hrtime`, but not this bound reference to the `node:perf_hooks`
 * object taken before any test runs, so measurements keep real time.
 */
export const realClock: Clock = performance.now.bind(performance)

/**
 * Median cost of one clock read, in ms, measured once per process. Subtracted from every timed sample so that
 * the clock's own cost (~40 ns here) does not leak into per-operation times.
 */
export function clockOverheadMs(clock: Clock = realClock): number {
  if (clock === realClock && cachedRealOverheadMs !== undefined) return cachedRealOverheadMs
  const reads = 2_001
  const deltas = new Float64Array(reads)
  for (let i = 0; i < reads; i++) {
    const t0 = clock()
    deltas[i] = clock() - t0
  }
  deltas.sort()
  const overheadMs = deltas[reads >> 1] ?? 0
  if (clock === realClock) cachedRealOverheadMs = overheadMs
  return overheadMs
}

let cachedRealOverheadMs: number | undefined
