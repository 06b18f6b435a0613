import { performance } from 'node:perf_hooks'
import { median } from './median.mjs'

/**
 * Real CPU work whose cost grows linearly with `iterations`: a dependent chain of square roots (each step needs the
 * previous sum, so V8 can neither vectorise it nor fold it away). The sum is returned so callers can consume it.
 * A slowdown of x% is injected as iterations × (1 + x/100): extra work of a known size, not a sleep.
 */
export function sqrtWork(iterations) {
  let sum = 0
  for (let i = 0; i < iterations; i++) sum += Math.sqrt(i + sum * 1e-9)
  return sum
}

/**
 * How many iterations of `sqrtWork` take `targetNs`, from the median of 31 timed runs of 100k iterations after a
 * warm-up. Calibrated once in the parent and passed to every child, so all processes run identical work.
 */
export function calibrateIterations(targetNs) {
  const probeIterations = 100_000
  let consumed = 0
  for (let i = 0; i < 50; i++) consumed += sqrtWork(probeIterations)
  const nsPerIteration = []
  for (let run = 0; run < 31; run++) {
    const t0 = performance.now()
    consumed += sqrtWork(probeIterations)
    nsPerIteration.push(((performance.now() - t0) * 1e6) / probeIterations)
  }
  if (!Number.isFinite(consumed)) throw new Error('sqrtWork produced a non-finite sum')
  return Math.max(1, Math.round(targetNs / median(nsPerIteration)))
}
