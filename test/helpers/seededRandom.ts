/** Deterministic pseudo-random data for the statistics tests: the same seed gives the same samples on every run. */

/** Uniform numbers in [0, 1) from a 32-bit seed (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A standard normal draw (Box–Muller). */
export function normalDraw(random: () => number): number {
  const u = 1 - random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

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
