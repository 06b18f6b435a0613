/** `measure()`'s defaults, apart from its options' code so that the browser entry (src/browser.ts) exports them too. */

/** Each option's default where `measure()` has one (`ResolvedMeasureOptions` without clock, hooks and iterations). */
export const MEASURE_DEFAULTS: Readonly<{
  timeMs: number
  minTimeMs: number
  targetMarginPercent: number
  minSamples: number
  maxSamples: number
  warmupMs: number
  warmupIterations: number
  batchSize: number | 'auto'
  gc: boolean | 'auto'
  maxRetainedSamples: number
}> = {
  timeMs: 1000,
  minTimeMs: 100,
  targetMarginPercent: 1,
  minSamples: 10,
  maxSamples: 10_000,
  warmupMs: 100,
  warmupIterations: 1000,
  batchSize: 'auto',
  gc: 'auto',
  maxRetainedSamples: 256,
}
