/**
 * Relative half-width (%) of the distribution-free 95% confidence interval of the median: the order statistics at
 * ranks (n ∓ 1.96·√n)/2 (normal approximation to the binomial). Harness-neutral: computed the same way from every
 * harness's samples, whatever each one reports about itself. Infinity for fewer than 6 samples. Pass
 * `{ sorted: true }` for samples already in ascending order (tinybench's 20 million need no second sort).
 */
export function medianMarginPercent(samples, { sorted: isSorted = false } = {}) {
  const n = samples.length
  if (n < 6) return Number.POSITIVE_INFINITY
  const sorted = isSorted ? samples : Float64Array.from(samples).sort()
  const { low, high } = medianRanks(n)
  const mid = n >> 1
  const median = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return median > 0 ? ((sorted[high] - sorted[low]) / 2 / median) * 100 : Number.POSITIVE_INFINITY
}

/** Ranks (0-based) of the distribution-free 95% interval of the median of n values: (n ∓ 1.96·√n)/2. */
function medianRanks(n) {
  const low = Math.max(0, Math.floor((n - 1.96 * Math.sqrt(n)) / 2))
  return { low, high: Math.min(n - 1, n - 1 - low) }
}

/** The median of `values` and its distribution-free 95% interval (`low`, `high`), with `n`. */
export function medianInterval(values) {
  const sorted = Float64Array.from(values).sort()
  const n = sorted.length
  const { low, high } = medianRanks(n)
  const mid = n >> 1
  const middle = n === 0 ? Number.NaN : n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median: middle, low: sorted[low], high: sorted[high], n }
}
