import { describe, expect, it } from 'vitest'
import { resolveCompareOptions } from '../../../src/compare/options.js'
import type { CompareInputBase, CompareInputHead } from '../../../src/compare/compareRun.js'
import { compareRun } from '../../../src/compare/compareRun.js'
import { holmAdjust } from '../../../src/stats/holm.js'
import { logNormalSamples, medianOf, seededRandom } from '../../helpers/seededRandom.js'

const options = resolveCompareOptions({ requireSameEnvironment: false })

/** A head and a base of `n` samples each; `changeFactor` 1.3 makes head 30% slower. */
function measurement(random: () => number, n: number, changeFactor: number): [CompareInputHead, CompareInputBase] {
  const baseSamplesMs = logNormalSamples(random, n, 1, 0.02)
  const headSamplesMs = logNormalSamples(random, n, changeFactor, 0.02)
  return [
    { samplesMs: headSamplesMs, medianMs: medianOf(headSamplesMs) },
    { samplesMs: baseSamplesMs, medianMs: medianOf(baseSamplesMs), commit: 'abc1234' },
  ]
}

/** `unchangedCount` measurements of identical code plus one 30% regression measured with `regressionN` samples. */
function run(seed: number, unchangedCount: number, regressionN: number) {
  const random = seededRandom(seed)
  const heads = new Map<string, CompareInputHead>()
  const bases = new Map<string, CompareInputBase>()
  const add = (id: string, [head, base]: [CompareInputHead, CompareInputBase]): void => {
    heads.set(id, head)
    bases.set(id, base)
  }
  add('slow', measurement(random, regressionN, 1.3))
  for (let i = 0; i < unchangedCount; i++) add(`same #${i}`, measurement(random, 30, 1))
  return { heads, bases }
}

describe('compareRun()', () => {
  it('marks ids without a baseline as new and ids only in the baseline as removed', () => {
    const { heads, bases } = run(1, 2, 30)
    const [head] = measurement(seededRandom(2), 10, 1)
    heads.set('added', head)
    bases.set('gone', { samplesMs: [1, 2, 3], medianMs: 2, commit: 'def5678' })
    const { comparisons, removed } = compareRun(heads, bases, options)
    expect(comparisons.get('added')).toMatchObject({ verdict: 'new', headN: 10 })
    expect(comparisons.get('added')?.reason).toMatch(/No baseline/)
    expect(removed).toEqual(['gone'])
    expect(comparisons.get('gone')).toMatchObject({
      verdict: 'removed',
      baseN: 3,
      baselineMedianMs: 2,
      baselineCommit: 'def5678',
    })
    expect([...comparisons.keys()]).toEqual(['slow', 'same #0', 'same #1', 'added', 'gone'])
  })

  it('keeps a strong regression regressed after Holm across 100 measurements', () => {
    const { heads, bases } = run(3, 99, 60)
    const { comparisons } = compareRun(heads, bases, options)
    const slow = comparisons.get('slow')
    expect(slow?.verdict).toBe('regressed')
    expect(slow?.adjustedPValue).toBeLessThan(0.01)
    expect([...comparisons.values()].filter((c) => c.verdict === 'regressed')).toHaveLength(1)
  })

  it('downgrades a regression to inconclusive when its Holm-adjusted p is not below family α', () => {
    // 8 vs 8 samples, all head slower: exact p = 2/12870 ≈ 1.6e-4, enough alone but not among 100 tests.
    const single = run(4, 0, 8)
    const alone = compareRun(single.heads, single.bases, options).comparisons.get('slow')
    expect(alone?.verdict).toBe('regressed')
    expect(alone?.pValue).toBeCloseTo(2 / 12870, 12)
    expect(alone?.adjustedPValue).toBeCloseTo(2 / 12870, 12)

    const { heads, bases } = run(4, 99, 8)
    const slow = compareRun(heads, bases, options).comparisons.get('slow')
    expect(slow?.verdict).toBe('inconclusive')
    expect(slow?.pValue).toBeCloseTo(2 / 12870, 12)
    expect(slow?.adjustedPValue).toBeCloseTo((100 * 2) / 12870, 12)
    expect(slow?.changePercent).toBeGreaterThan(20)
    expect(slow?.reason).toMatch(/^Would be regressed \(\+\d+\.\d%\), but with 100 measurements tested/)
    expect(slow?.reason).toMatch(/Holm-adjusted p = 0\.016 is not below family α 0\.01/)
  })

  it('sets the Holm-adjusted p-value on every tested measurement and none on new ones', () => {
    const { heads, bases } = run(5, 9, 30)
    heads.set('added', measurement(seededRandom(6), 10, 1)[0])
    const { comparisons } = compareRun(heads, bases, options)
    const tested = [...comparisons.entries()].filter(([, c]) => c.pValue !== undefined)
    expect(tested).toHaveLength(10)
    const expected = holmAdjust(tested.map(([, c]) => c.pValue!))
    tested.forEach(([, c], i) => expect(c.adjustedPValue).toBeCloseTo(expected[i]!, 15))
    expect(comparisons.get('added')?.adjustedPValue).toBeUndefined()
  })
})
