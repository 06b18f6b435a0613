import { describe, expect, it } from 'vitest'
import { holmAdjust } from '../../../src/stats/holm.js'
import { isPerfSentinelError } from '../../../src/errors.js'
import { seededRandom } from '../../helpers/seededRandom.js'

describe('holmAdjust()', () => {
  it('matches a hand-computed step-down example, in input order', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → running max keeps 0.06.
    expect(holmAdjust([0.01, 0.04, 0.03, 0.005]).map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02])
  })

  it('caps adjusted p-values at 1', () => {
    expect(holmAdjust([0.5, 0.6, 0.2])).toEqual([1, 1, 0.6000000000000001])
  })

  it('leaves a single p-value unchanged and returns nothing for no tests', () => {
    expect(holmAdjust([0.004])).toEqual([0.004])
    expect(holmAdjust([])).toEqual([])
  })

  it('gives tied p-values the same adjusted value', () => {
    expect(holmAdjust([0.01, 0.01, 0.2])).toEqual([0.03, 0.03, 0.2])
  })

  it('is monotone in p and lies between the raw p and Bonferroni', () => {
    const random = seededRandom(42)
    const pValues = Array.from({ length: 50 }, () => random() ** 3)
    const adjusted = holmAdjust(pValues)
    const byP = pValues.map((p, i) => [p, adjusted[i]!] as const).sort((a, b) => a[0] - b[0])
    byP.forEach(([p, adj], i) => {
      expect(adj).toBeGreaterThanOrEqual(p)
      expect(adj).toBeLessThanOrEqual(Math.min(1, pValues.length * p) + 1e-15)
      if (i > 0) expect(adj).toBeGreaterThanOrEqual(byP[i - 1]![1])
    })
  })

  it('rejects p-values outside [0, 1]', () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow(/p-value #1 is 1.2/)
    try {
      holmAdjust([Number.NaN])
      expect.unreachable()
    } catch (error) {
      expect(isPerfSentinelError(error, 'E_ARGUMENT')).toBe(true)
    }
  })
})
