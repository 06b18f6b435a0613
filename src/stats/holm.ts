/**
 * Holm–Bonferroni step-down adjustment (Holm 1979). It controls the family-wise error rate — the chance of at least
 * one false alarm among all gated measurements of a run — without assuming the tests are independent, and is never
 * less powerful than plain Bonferroni.
 */
import { PerfSentinelError } from '../errors.js'

/**
 * Holm-adjusted p-values, in the same order as `pValues`: the i-th smallest p becomes the running maximum of
 * (M − j + 1)·p(j) over j ≤ i, capped at 1. Reject at family α exactly when the adjusted p is below α.
 * @example holmAdjust([0.01, 0.04, 0.03]) // → [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) {
      throw new PerfSentinelError('E_ARGUMENT', `p-value #${i} is ${p}; p-values must lie in [0, 1].`, {
        fix: 'pass the p-values of the tests as computed, without transforming them',
      })
    }
  })
  const count = pValues.length
  // Stable order of indices by p, so equal p-values keep their input order (the result does not depend on it).
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i)
  const adjusted = new Array<number>(count).fill(1)
  let runningMax = 0
  order.forEach(({ p, i }, rank) => {
    // Step-down: the smallest p is compared with α/M, the next with α/(M − 1), …; the running maximum keeps the
    // adjusted values monotone in p, so no later hypothesis is rejected after an earlier one was kept.
    runningMax = Math.max(runningMax, Math.min(1, (count - rank) * p))
    adjusted[i] = runningMax
  })
  return adjusted
}
