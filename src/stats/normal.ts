/** Standard normal tail and quantile, for p-values and large-sample intervals of the Mann–Whitney test. */
import { PerfSentinelError } from '../errors.js'
/** P(Z > z) for a standard normal Z, accurate in the far tail (p-values of large samples). */
export function normalUpperTail(z: number): number {
  if (z < 0) return 1 - normalUpperTail(-z)
  const x = z / Math.SQRT2
  const scale = Math.exp(-x * x) / Math.sqrt(Math.PI)
  if (x < 2.5) {
    // erf(x) = 2/√π·e^(−x²)·Σ 2^k x^(2k+1) / (1·3·…·(2k+1)): all terms positive, so no cancellation.
    let term = x
    let sum = x
    for (let k = 1; term > sum * 1e-17; k++) {
      term *= (2 * x * x) / (2 * k + 1)
      sum += term
    }
    return 0.5 * (1 - 2 * scale * sum)
  }
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))), evaluated from a fixed depth upward.
  let fraction = x
  for (let k = 80; k >= 1; k--) fraction = x + k / 2 / fraction
  return (0.5 * scale) / fraction
}

/** The z with P(Z > z) = p, by bisection on `normalUpperTail` (called a few times per comparison). */
export function normalUpperQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new PerfSentinelError('E_ARGUMENT', `A normal tail probability must be in (0, 1), got ${p}.`, {
      fix: 'pass a probability strictly between 0 and 1',
    })
  }
  if (p > 0.5) return -normalUpperQuantile(1 - p)
  let low = 0
  let high = 40
  for (let i = 0; i < 80; i++) {
    const mid = (low + high) / 2
    if (normalUpperTail(mid) > p) low = mid
    else high = mid
  }
  return (low + high) / 2
}
