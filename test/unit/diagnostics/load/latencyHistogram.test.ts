import { describe, expect, it } from 'vitest'
import { createLatencyHistogram } from '../../../../src/diagnostics/load/latencyHistogram.js'
import { logNormalSamples, seededRandom } from '../../../helpers/seededRandom.js'

/** The exact nearest-rank percentile (the definition HdrHistogram answers): the ⌈p·n⌉-th smallest value. */
function exactPercentile(sorted: Float64Array, p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] as number
}

describe('createLatencyHistogram()', () => {
  it('answers p50–p99.9 and max within 0.1% of an exact sorted reference on 10⁶ samples', () => {
    // Log-normal latencies from ~10 µs to seconds: the 3-digit precision must hold at every magnitude.
    const samples = logNormalSamples(seededRandom(20261130), 1_000_000, 2, 1.5)
    const histogram = createLatencyHistogram()
    for (const ms of samples) histogram.record(ms)
    const sorted = Float64Array.from(samples).sort()
    const summary = histogram.summary()
    const checks: Array<[string, number, number]> = [
      ['p50', summary.p50Ms, exactPercentile(sorted, 50)],
      ['p90', summary.p90Ms, exactPercentile(sorted, 90)],
      ['p95', summary.p95Ms, exactPercentile(sorted, 95)],
      ['p99', summary.p99Ms, exactPercentile(sorted, 99)],
      ['p99.9', summary.p999Ms, exactPercentile(sorted, 99.9)],
      ['max', summary.maxMs, sorted[sorted.length - 1] as number],
      ['min', summary.minMs, sorted[0] as number],
    ]
    for (const [label, actual, exact] of checks) {
      expect(Math.abs(actual - exact) / exact, `${label}: ${actual} vs exact ${exact}`).toBeLessThanOrEqual(0.001)
    }
    expect(summary.count).toBe(1_000_000)
    const exactMean = samples.reduce((sum, x) => sum + x, 0) / samples.length
    expect(Math.abs(summary.meanMs - exactMean) / exactMean).toBeLessThan(0.001)
  })

  it('reports zeros with count 0 when nothing was recorded', () => {
    const summary = createLatencyHistogram().summary()
    expect(summary.count).toBe(0)
    expect(Object.values(summary).every((v) => v === 0)).toBe(true)
  })

  it('records sub-nanosecond and negative values as 1 ns instead of throwing', () => {
    const histogram = createLatencyHistogram()
    histogram.record(0)
    histogram.record(-5)
    expect(histogram.count).toBe(2)
    expect(histogram.summary().maxMs).toBeCloseTo(1e-6, 9)
  })
})
