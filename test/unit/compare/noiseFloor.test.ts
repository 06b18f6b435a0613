import { describe, expect, it } from 'vitest'
import { DEFAULT_NOISE_FLOOR_PERCENT, estimateNoiseFloorPercent, resolveNoiseFloorOptions } from '../../../src/compare/noiseFloor.js'
import { isPerfSentinelError } from '../../../src/errors.js'
import { logNormalSamples, seededRandom } from '../../helpers/seededRandom.js'

const random = seededRandom(5)
const tight = (medianMs: number): number[] => logNormalSamples(random, 100, medianMs, 0.01)
const noisy = (medianMs: number, sigma: number): number[] => logNormalSamples(random, 400, medianMs, sigma)

describe('estimateNoiseFloorPercent()', () => {
  it('uses the default floor when there is no history and the samples are tight', () => {
    expect(estimateNoiseFloorPercent({ headSamplesMs: tight(1), baseSamplesMs: tight(1) })).toBe(DEFAULT_NOISE_FLOOR_PERCENT)
  })

  it('rises to the within-run spread of one operation when that exceeds the default', () => {
    const floor = estimateNoiseFloorPercent({ headSamplesMs: noisy(1, 0.2), baseSamplesMs: noisy(1, 0.2) })
    // Robust sd of log-times ≈ 0.2 → e^0.2 − 1 ≈ 22%.
    expect(floor).toBeGreaterThan(18)
    expect(floor).toBeLessThan(27)
  })

  it("leaves the samples' own spread out when each sample is a process median (withinRunSpread: false)", () => {
    const input = { headSamplesMs: noisy(1, 0.2), baseSamplesMs: noisy(1, 0.2) }
    const options = { ...resolveNoiseFloorOptions({ defaultFloorPercent: 1 }), withinRunSpread: false }
    expect(estimateNoiseFloorPercent(input, options)).toBe(1)
    // History still raises it: runs of the base's code elsewhere are evidence the interval does not hold.
    expect(estimateNoiseFloorPercent({ ...input, historyMediansMs: [100, 110, 90] }, options)).toBeCloseTo(52.794126683777506, 10)
  })

  it('takes the quieter side, so a change that adds jitter does not hide itself', () => {
    const floor = estimateNoiseFloorPercent({ headSamplesMs: noisy(1.5, 0.4), baseSamplesMs: tight(1) })
    expect(floor).toBe(DEFAULT_NOISE_FLOOR_PERCENT)
  })

  it('uses 3 × the robust between-run sd of history medians once 3 runs exist', () => {
    // log medians: MAD = ln 1.1; sd = 1.4826·ln 1.1; floor = e^(3·sd) − 1 = 52.79…%.
    const input = { headSamplesMs: tight(1), baseSamplesMs: tight(1), historyMediansMs: [100, 110, 90] }
    expect(estimateNoiseFloorPercent(input)).toBeCloseTo(52.794126683777506, 10)
  })

  it('falls back to the default with fewer than 3 history medians, skipping invalid ones', () => {
    const base = { headSamplesMs: tight(1), baseSamplesMs: tight(1) }
    expect(estimateNoiseFloorPercent({ ...base, historyMediansMs: [100, 200] })).toBe(DEFAULT_NOISE_FLOOR_PERCENT)
    expect(estimateNoiseFloorPercent({ ...base, historyMediansMs: [100, 0, Number.NaN, 200] })).toBe(DEFAULT_NOISE_FLOOR_PERCENT)
    expect(estimateNoiseFloorPercent({ ...base, historyMediansMs: [100, 110, 0, -1, 90] })).toBeCloseTo(52.7941, 3)
  })

  it('never lets a quiet history lower the floor below the default (a few runs underestimate drift)', () => {
    const input = { headSamplesMs: tight(1), baseSamplesMs: tight(1), historyMediansMs: [1, 1.001, 0.999, 1] }
    expect(estimateNoiseFloorPercent(input)).toBe(DEFAULT_NOISE_FLOOR_PERCENT)
    const lowDefault = resolveNoiseFloorOptions({ defaultFloorPercent: 0 })
    const floor = estimateNoiseFloorPercent(input, lowDefault)
    // With the default lowered by the user, the within-run spread is still the lower bound.
    expect(floor).toBeGreaterThan(0.5)
    expect(floor).toBeLessThan(DEFAULT_NOISE_FLOOR_PERCENT)
  })

  it('takes the default floor and the between-run factor as parameters', () => {
    const samples = { headSamplesMs: tight(1), baseSamplesMs: tight(1) }
    const options = resolveNoiseFloorOptions({ defaultFloorPercent: 8, betweenRunFactor: 1 })
    expect(estimateNoiseFloorPercent(samples, options)).toBe(8)
    // 1 × sd = e^(1.4826·ln 1.1) − 1 = 15.2%; the range 110/90 − 1 = 22.2% is larger and wins.
    const withHistory = estimateNoiseFloorPercent({ ...samples, historyMediansMs: [100, 110, 90] }, options)
    expect(withHistory).toBeCloseTo((110 / 90 - 1) * 100, 10)
    const sdOnly = estimateNoiseFloorPercent(
      { ...samples, historyMediansMs: [100, 110, 90] },
      resolveNoiseFloorOptions({ betweenRunFactor: 1.5 }),
    )
    expect(sdOnly).toBeCloseTo(Math.expm1(1.5 * 1.482602218505602 * Math.log(1.1)) * 100, 10)
  })

  it('covers two-mode noise with the range of the history (the robust sd of a majority mode is ~0)', () => {
    // Seen on a loaded 2-core machine: the same code at 1.02 ms or ~1.73 ms per run.
    const input = { headSamplesMs: tight(1.7), baseSamplesMs: tight(1.02), historyMediansMs: [1.72, 1.73, 1.02, 1.74, 1.86, 1.73] }
    expect(estimateNoiseFloorPercent(input)).toBeCloseTo((1.86 / 1.02 - 1) * 100, 10)
  })

  it('gives exactly the same floor from pre-sorted logs (the O(n) path the comparison uses)', () => {
    let state = 11
    const next = (): number => (state = (state * 16807) % 2147483647) / 2147483647
    for (const n of [2, 3, 4, 5, 17, 100, 101]) {
      const head = Array.from({ length: n }, () => 1 + next() * (next() < 0.2 ? 3 : 0.1))
      const base = Array.from({ length: n + 3 }, () => 2 + next() * 0.05)
      const sortedLogs = { head: Float64Array.from(head, Math.log).sort(), base: Float64Array.from(base, Math.log).sort() }
      const options = resolveNoiseFloorOptions({ defaultFloorPercent: 0 })
      const plain = estimateNoiseFloorPercent({ headSamplesMs: head, baseSamplesMs: base }, options)
      expect(estimateNoiseFloorPercent({ headSamplesMs: head, baseSamplesMs: base, sortedLogs }, options)).toBe(plain)
      expect(plain).toBeGreaterThan(0)
    }
  })

  it('rejects a negative default floor as a configuration error', () => {
    try {
      resolveNoiseFloorOptions({ defaultFloorPercent: -1 })
      expect.unreachable()
    } catch (error) {
      expect(isPerfSentinelError(error, 'E_CONFIG')).toBe(true)
      expect((error as Error).message).toMatch(/defaultFloorPercent/)
    }
  })
})
