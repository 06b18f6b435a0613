import { describe, expect, it } from 'vitest'
import { detectChangePoints } from '../../../src/stats/changePoints.js'

/** Deterministic noise: a small LCG, so the tests never depend on Math.random. */
function noisy(levels: Array<[count: number, levelMs: number]>, noisePercent: number, seed = 7): number[] {
  let state = seed
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31 - 0.5
  }
  return levels.flatMap(([count, level]) => Array.from({ length: count }, () => level * (1 + (noisePercent / 100) * 2 * next())))
}

describe('detectChangePoints()', () => {
  it('finds the start of a lasting 30% slowdown in a noisy series', () => {
    expect(
      detectChangePoints(
        noisy(
          [
            [20, 10],
            [20, 13],
          ],
          3,
        ),
      ),
    ).toEqual([20])
  })

  it('finds a slowdown and a later recovery', () => {
    expect(
      detectChangePoints(
        noisy(
          [
            [15, 10],
            [15, 14],
            [15, 10],
          ],
          3,
        ),
      ),
    ).toEqual([15, 30])
  })

  it('marks nothing in a flat noisy series', () => {
    for (let seed = 1; seed <= 20; seed++) expect(detectChangePoints(noisy([[40, 10]], 8, seed))).toEqual([])
  })

  it('treats a single slow run as an outlier, not a change', () => {
    const values = noisy([[30, 10]], 2)
    values[15] = 30
    expect(detectChangePoints(values)).toEqual([])
  })

  it('ignores shifts below minShiftPercent and segments shorter than minSegment', () => {
    expect(
      detectChangePoints(
        noisy(
          [
            [20, 10],
            [20, 10.3],
          ],
          0.1,
        ),
      ),
    ).toEqual([])
    expect(detectChangePoints([10, 10, 10, 20, 20])).toEqual([])
    expect(detectChangePoints([10, 10, 10, 20, 20], { minSegment: 2 })).toEqual([3])
  })

  it('marks no change early when the new level is shorter than a segment (the last run or two)', () => {
    expect(detectChangePoints([10, 10, 10, 10, 10, 10, 40])).toEqual([])
    expect(detectChangePoints([10, 10, 10, 10, 10, 10, 13, 13])).toEqual([])
    expect(detectChangePoints([...Array(38).fill(10), 13, 13])).toEqual([])
    expect(detectChangePoints([...Array(39).fill(10), 13])).toEqual([])
  })

  it('marks the first run of the new level once it lasts a segment, also at the end of the series', () => {
    expect(detectChangePoints([10, 10, 10, 10, 10, 10, 13, 13, 13])).toEqual([6])
    expect(detectChangePoints([...noisy([[30, 10]], 2), 13, 13.2, 12.9])).toEqual([30])
    expect(detectChangePoints([...noisy([[30, 10]], 2), 7.5, 7.4, 7.6, 7.5])).toEqual([30])
  })

  it('keeps a split whose boundary point lies exactly midway between the levels (integer-ms series)', () => {
    expect(detectChangePoints([1, 1, 1, 1, 2, 4, 4, 4, 4])).toHaveLength(1)
    expect(detectChangePoints([3, 3, 3, 3, 6, 12, 12, 12, 12])).toHaveLength(1)
  })

  it('decides a step just above the smallest shift, and none just below it, whatever the series length', () => {
    for (const length of [6, 11, 40]) {
      const half = length / 2
      const step = (ratio: number): number[] => Array.from({ length }, (_, i) => (i < Math.floor(half) ? 100 : 100 * ratio))
      expect(detectChangePoints(step(1.06))).toEqual([Math.floor(half)])
      expect(detectChangePoints(step(1.049))).toEqual([])
      expect(detectChangePoints(step(1.049), { minShiftPercent: 4 })).toEqual([Math.floor(half)])
      expect(detectChangePoints(Array.from({ length }, () => 3))).toEqual([])
    }
  })

  it('takes the rounding of whole-millisecond series for noise, not for level shifts, and still finds a shift of one step', () => {
    // 11 runs of a 2–5 ms test as Jest reports them (whole ms, ±30% noise): before, 5–8% of such series got a change
    // point; the rounding's own noise now bounds σ from below.
    let marked = 0
    for (let seed = 1; seed <= 2000; seed++) {
      const level = 2 + (seed % 4)
      if (detectChangePoints(noisy([[11, level]], 30, seed).map((x) => Math.max(1, Math.round(x)))).length > 0) marked++
    }
    // As many as in unrounded series of the same noise (~2%, the price of 11-point series at the default threshold).
    expect(marked / 2000).toBeLessThan(0.035)
    // One step at 2 and 3 ms (+50%, +33%), lasting: found where it starts.
    expect(detectChangePoints([2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3])).toEqual([5])
    expect(detectChangePoints([3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4])).toEqual([5])
    expect(detectChangePoints([3, 3, 4, 3, 3, 3, 5, 5, 4, 5, 5])).toEqual([6])
  })

  it('places the boundary at the first run of the new level, not at a run caught between the two levels', () => {
    const audit = { threshold: 3.5, minShiftPercent: 5, minSegment: 3 }
    // A one-run outlier (1.255) before the old level comes back: the old-level run after it is not the new level's first.
    expect(detectChangePoints([0.311, 0.316, 1.255, 0.315, 0.554, 0.989, 0.985], audit)).toEqual([4])
    // A run between the levels (0.554, 1.75× the old, 0.56× the new) belongs to neither, so the split before it stands.
    expect(detectChangePoints([0.316, 0.316, 0.315, 0.554, 0.989, 0.985], audit)).toEqual([3])
  })

  it('returns nothing for short or invalid series', () => {
    expect(detectChangePoints([1, 2, 3])).toEqual([])
    expect(detectChangePoints([1, 1, 1, 0, 2, 2, 2])).toEqual([])
    expect(detectChangePoints([1, 1, 1, Number.NaN, 2, 2, 2])).toEqual([])
    expect(detectChangePoints([1, 1, 1, 1, 2, 2, Number.POSITIVE_INFINITY])).toEqual([])
  })

  it('gives each series the same answer whatever came before it (the working space is shared and grows)', () => {
    const short = [10, 10, 11, 10, 15, 15, 16, 15]
    const long = noisy(
      [
        [150, 10],
        [100, 13],
      ],
      3,
    )
    expect(detectChangePoints(short)).toEqual([4])
    // Longer than the working space's first size: it grows, and the short series after it reads none of its values.
    expect(detectChangePoints(long)).toEqual([150])
    expect(detectChangePoints(short)).toEqual([4])
    expect(detectChangePoints(noisy([[40, 10]], 8, 3))).toEqual([])
  })
})
