/**
 * The trend targets of the CLI, measured: ≤ 1 false change point per 100 A/A series of 50 points, and a 10% step
 * in 3% noise found within 5 points of it. Seeded noise, so the counts are the same on every run.
 */
import { describe, expect, it } from 'vitest'
import { analyzeSeries, findRegression } from '../../../src/cli/trend/analyzeSeries.js'

/** mulberry32: a small seeded generator, enough for test noise. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Log-normal medians around `levelMs` with `noise` (0.03 = 3%) relative standard deviation. */
function series(next: () => number, levels: readonly number[], noise: number): number[] {
  return levels.map((level) => {
    const gauss = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
    return level * Math.exp(noise * gauss)
  })
}

const commits = (n: number): string[] => Array.from({ length: n }, (_, i) => `c${String(i).padStart(6, '0')}`)

describe('trend detection targets', () => {
  it('marks at most 1 false change point per 100 A/A series of 50 points with 3% noise (measured over 1000)', () => {
    const next = random(1)
    let falseChangePoints = 0
    let falseRegressions = 0
    for (let trial = 0; trial < 1000; trial++) {
      const values = series(
        next,
        Array.from({ length: 50 }, () => 1),
        0.03,
      )
      const analysis = analyzeSeries(values, commits(50))
      falseChangePoints += analysis.changePoints.length
      if (findRegression(analysis, values, commits(50), 10)) falseRegressions++
    }
    console.info(`A/A: ${falseChangePoints} false change point(s), ${falseRegressions} false audit finding(s) in 1000 series of 50`)
    expect(falseChangePoints).toBeLessThanOrEqual(10)
    expect(falseRegressions).toBeLessThanOrEqual(10)
  })

  it('finds a 10% step in 3% noise within 5 points of it, at the right commit', () => {
    const next = random(2)
    const trials = 100
    let found = 0
    const delays: number[] = []
    for (let trial = 0; trial < trials; trial++) {
      const levels = [...Array.from({ length: 30 }, () => 1), ...Array.from({ length: 5 }, () => 1.1)]
      const values = series(next, levels, 0.03)
      for (let after = 1; after <= 5; after++) {
        const prefix = values.slice(0, 30 + after)
        const analysis = analyzeSeries(prefix, commits(prefix.length))
        const regression = findRegression(analysis, prefix, commits(prefix.length), 5)
        if (regression && Math.abs(Number(regression.sinceCommit.slice(1)) - 30) <= 1) {
          found++
          delays.push(after)
          break
        }
      }
    }
    const mean = delays.reduce((a, b) => a + b, 0) / Math.max(delays.length, 1)
    console.info(`10% step: found in ${found}/${trials} series within 5 points (mean ${mean.toFixed(2)} points after the step)`)
    expect(found).toBeGreaterThanOrEqual(90)
  })

  it('reports two steps as one regression since the first, and a step undone as none', () => {
    const values = [...Array(12).fill(10), ...Array(8).fill(10.6), ...Array(8).fill(11.3)] as number[]
    const c = commits(values.length)
    const regression = findRegression(analyzeSeries(values, c), values, c, 10)
    expect(regression).toMatchObject({ kind: 'step', sinceCommit: c[12] })
    expect(regression?.changePercent).toBeCloseTo(13, 0)
    const undone = [...Array(12).fill(10), ...Array(8).fill(12), ...Array(8).fill(10)] as number[]
    expect(findRegression(analyzeSeries(undone, c), undone, c, 10)).toBeUndefined()
  })

  it('estimates the slope as percent per commit and the rolling-median baseline', () => {
    const values = Array.from({ length: 20 }, (_, i) => 10 * 1.01 ** i)
    const analysis = analyzeSeries(values, commits(20))
    expect(analysis.slopePercentPerCommit).toBeCloseTo(1, 6)
    expect(analysis.baselineMs).toBeCloseTo(10 * 1.01 ** 16, 6)
    expect(analysis.rollingMedianMs).toHaveLength(20)
  })
})

describe('short histories (6–9 commits)', () => {
  const regressionOf = (values: number[]) => {
    const c = commits(values.length)
    return findRegression(analyzeSeries(values, c), values, c, 10)
  }

  it('finds a rise in steps too short for a change point (2×, 3×, 4× over six commits)', () => {
    // A user's history: each step failed the run's gate, and the audit said "No regressions".
    expect(regressionOf([0.47, 0.92, 1.36, 1.95, 1.87, 1.87])).toMatchObject({ kind: 'drift', sinceCommit: 'c000000' })
    expect(regressionOf([1, 1, 1, 2, 2, 2, 2])?.changePercent).toBeCloseTo(100, 5)
  })

  it('leaves unchanged code alone: ≤ 1% false findings at 5% noise and ≤ 5% at 20% (1000 series per length)', () => {
    for (const [noise, bound] of [
      [0.05, 10],
      [0.2, 50],
    ] as const) {
      const next = random(7)
      let found = 0
      for (let trial = 0; trial < 1000; trial++) {
        for (const n of [6, 7, 8, 9]) if (regressionOf(series(next, Array(n).fill(1), noise)) !== undefined) found++
      }
      // 4,000 series: the bound in counts.
      expect(found, `noise ${noise}`).toBeLessThanOrEqual(bound * 4)
    }
  })

  it('judges nothing below six commits', () => {
    expect(regressionOf([1, 2, 3, 4, 5])).toBeUndefined()
  })
})
