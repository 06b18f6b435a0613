/** Deterministic pseudo-random data for the tests and the sample report: the same seed gives the same data on every run. */

// One generator for benchmarks and tests: the plain-JS module the benchmarks run (typed by its .d.mts).
import { normalDraw } from './random.mjs'

export { normalDraw, seededRandom } from './random.mjs'

/** `count` log-normal per-operation times with median `medianMs` and log-sd `sigma` (sigma 0.05 ≈ 5% spread). */
export function logNormalSamples(random: () => number, count: number, medianMs: number, sigma: number): number[] {
  return Array.from({ length: count }, () => medianMs * Math.exp(sigma * normalDraw(random)))
}

/** The median of a list, for reference computations. */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2
}
