import { describe, expect, it } from 'vitest'
import type { CompareInput } from '../../../src/compare/compareMeasurement.js'
import { compareMeasurement } from '../../../src/compare/compareMeasurement.js'
import { resolveCompareOptions } from '../../../src/compare/options.js'
import { isPerfSentinelError } from '../../../src/errors.js'
import type { EnvironmentFingerprint } from '../../../src/model/types.js'
import { logNormalSamples, medianOf, seededRandom } from '../../helpers/seededRandom.js'

const machine: EnvironmentFingerprint['hard'] = {
  os: 'linux 6.8.0',
  arch: 'x64',
  cpuModel: 'AMD EPYC 7763',
  cores: 2,
  totalMemoryGiB: 8,
  node: '20.20.2',
  v8: '11.3.244.8',
  runner: 'vitest',
  runnerVersion: '4.1.12',
  pluginVersion: '0.1.0',
  flags: ['--expose-gc', '--no-opt'],
}

const options = resolveCompareOptions()

interface PairShape {
  n?: number
  baseMs?: number
  changeFactor?: number
  sigma?: number
}

/** Base and head drawn from log-normal times; `changeFactor` 1.2 makes head 20% slower. */
function pair(seed: number, { n = 60, baseMs = 1, changeFactor = 1, sigma = 0.02 }: PairShape = {}): CompareInput {
  const random = seededRandom(seed)
  const baseSamplesMs = logNormalSamples(random, n, baseMs, sigma)
  const headSamplesMs = logNormalSamples(random, n, baseMs * changeFactor, sigma)
  return {
    baseSamplesMs,
    headSamplesMs,
    baseMedianMs: medianOf(baseSamplesMs),
    headMedianMs: medianOf(headSamplesMs),
    baseCommit: 'abc1234',
    baseEnvironment: machine,
    headEnvironment: { ...machine, flags: ['--no-opt', '--expose-gc'] },
  }
}

describe('compareMeasurement()', () => {
  it('flags a regression when the 99% interval lies above +10%', () => {
    const input = pair(1, { changeFactor: 1.2 })
    const result = compareMeasurement(input, options)
    expect(result.verdict).toBe('regressed')
    expect(result.changePercent).toBeGreaterThan(17)
    expect(result.changePercent).toBeLessThan(23)
    expect(result.intervalPercent![0]).toBeGreaterThan(10)
    expect(result.intervalPercent![0]).toBeLessThan(result.changePercent!)
    expect(result.intervalPercent![1]).toBeGreaterThan(result.changePercent!)
    expect(result.pValue).toBeLessThan(1e-10)
    expect(result).toMatchObject({
      confidenceLevel: 0.99,
      baseN: 60,
      headN: 60,
      noiseFloorPercent: 5,
      baselineCommit: 'abc1234',
      baselineMedianMs: input.baseMedianMs,
      absoluteChangeMs: input.headMedianMs - input.baseMedianMs,
    })
    expect(result.warning).toBeUndefined()
    expect(result.reason).toMatch(/^Slower: \+\d+\.\d% \(99% interval \+\d+\.\d% to \+\d+\.\d%\)/)
  })

  it('refuses to call a slowdown a regression when the machine reference slowed down as much', () => {
    // The machine ran 70% slower (two speed states of a shared VM): the same +70% of the subject is not news.
    const input = { ...pair(1, { changeFactor: 1.7 }), baseReferenceMs: 0.012, headReferenceMs: 0.0204 }
    const result = compareMeasurement(input, options)
    expect(result.verdict).toBe('inconclusive')
    expect(result.machineChangePercent).toBeCloseTo(70, 6)
    expect(result.reason).toContain('the machine itself ran 70.0% slower than when the baseline was measured')
    // Within the noise floor the reference does not block (5% default).
    const steady = compareMeasurement({ ...input, headReferenceMs: 0.0124 }, options)
    expect(steady.verdict).toBe('regressed')
    expect(steady.machineChangePercent).toBeCloseTo(3.33, 1)
    // A slowdown far beyond the machine's own is still a regression, net of it: 4× on a machine 15% slower.
    const large = compareMeasurement({ ...pair(1, { changeFactor: 4 }), baseReferenceMs: 0.012, headReferenceMs: 0.0138 }, options)
    expect(large.verdict).toBe('regressed')
    expect(large.reason).toContain("even net of the machine's own +15.0%")
  })

  it('takes a reference move out of a change up to 2× at most (beyond it the reference reads a state of its own)', () => {
    // Seen in a real Jest run: the baseline's reference drew the 9 µs state, every later run's the usual 22 µs
    // (+147%); a real 10× slowdown with a +200% fail threshold was re-measured at +902% and dropped as `inconclusive`.
    const gate = { ...options, failThresholdPercent: 200 }
    const lottery = { baseReferenceMs: 0.00923, headReferenceMs: 0.0228 }
    const tenfold = compareMeasurement({ ...pair(1, { changeFactor: 10 }), ...lottery }, gate)
    expect(tenfold.verdict).toBe('regressed')
    expect(tenfold.machineChangePercent).toBeCloseTo(147, 0)
    expect(tenfold.reason).toContain("even net of the machine's own +147.0%. The reference's move counts as 2× at most")
    // 4× with the reference 2.47× is +100% net of the 2× it counts for: past +200% raw, not net — `inconclusive`.
    expect(compareMeasurement({ ...pair(1, { changeFactor: 4 }), ...lottery }, gate).verdict).toBe('inconclusive')
    // Within 2× the whole move is taken out, as before: +250% on a machine twice as slow is +75% net.
    const phase = { baseReferenceMs: 0.01, headReferenceMs: 0.02 }
    expect(compareMeasurement({ ...pair(1, { changeFactor: 3.5 }), ...phase }, gate).verdict).toBe('inconclusive')
    // An improvement against a reference that moved the other way beyond 2× (22 µs, then 9): −40% is +20% net of ½.
    const faster = { baseReferenceMs: 0.0228, headReferenceMs: 0.00923 }
    expect(compareMeasurement({ ...pair(2, { changeFactor: 0.6 }), ...faster }, options).verdict).toBe('inconclusive')
    expect(compareMeasurement({ ...pair(2, { changeFactor: 0.3 }), ...faster }, options).verdict).toBe('improved')
  })

  it('still fails a slowdown measured on a faster machine, and blocks an improvement there', () => {
    const faster = { baseReferenceMs: 0.02, headReferenceMs: 0.012 }
    expect(compareMeasurement({ ...pair(1, { changeFactor: 1.2 }), ...faster }, options).verdict).toBe('regressed')
    // −35% on a machine 40% faster is +8% net: not an improvement.
    const improved = compareMeasurement({ ...pair(2, { changeFactor: 0.65 }), ...faster }, options)
    expect(improved.verdict).toBe('inconclusive')
    expect(improved.reason).toContain('the machine itself ran 40.0% faster')
    // −50% there is −17% net: still an improvement.
    expect(compareMeasurement({ ...pair(2, { changeFactor: 0.5 }), ...faster }, options).verdict).toBe('improved')
    // Without a reference on either side (older baselines), nothing changes.
    expect(compareMeasurement({ ...pair(1, { changeFactor: 1.2 }), headReferenceMs: 0.05 }, options).verdict).toBe('regressed')
  })

  it('reports an improvement when the interval lies below −10%', () => {
    const result = compareMeasurement(pair(2, { changeFactor: 0.8 }), options)
    expect(result.verdict).toBe('improved')
    expect(result.intervalPercent![1]).toBeLessThan(-10)
    expect(result.reason).toMatch(/^Faster: -/)
  })

  it('calls identical code unchanged without a warning', () => {
    const result = compareMeasurement(pair(3), options)
    expect(result.verdict).toBe('unchanged')
    expect(result.warning).toBeUndefined()
    expect(result.intervalPercent![0]).toBeLessThan(0)
    expect(result.intervalPercent![1]).toBeGreaterThan(0)
    expect(result.reason).toMatch(/^No change beyond the noise: [+-]\d/)
  })

  it('warns without failing when a clear slowdown stays between +5% and +10%', () => {
    const result = compareMeasurement(pair(4, { changeFactor: 1.07, sigma: 0.01 }), options)
    expect(result.verdict).toBe('unchanged')
    expect(result.warning).toBe(true)
    expect(result.intervalPercent![0]).toBeGreaterThan(5)
    expect(result.intervalPercent![1]).toBeLessThan(10)
    expect(result.reason).toMatch(/above the \+5% warn threshold, below the \+10% fail threshold/)
  })

  it('is inconclusive when the interval spans both the noise floor and the fail threshold', () => {
    const result = compareMeasurement(pair(5, { n: 8, changeFactor: 1.15, sigma: 0.3 }), options)
    expect(result.verdict).toBe('inconclusive')
    const [low, high] = result.intervalPercent!
    expect(low).toBeLessThan(result.noiseFloorPercent!)
    expect(high).toBeGreaterThanOrEqual(10)
    // Half the interval's width on the log scale, plus the noise floor, as a percent.
    const halfWidthLog = (Math.log1p(high / 100) - Math.log1p(low / 100)) / 2
    const expected = Math.expm1(halfWidthLog + Math.log1p(result.noiseFloorPercent! / 100)) * 100
    expect(result.minDetectablePercent).toBeCloseTo(expected, 10)
    expect(result.minDetectablePercent).toBeGreaterThanOrEqual(result.noiseFloorPercent!)
    expect(result.reason).toMatch(/^Cannot decide: .* only changes beyond ±\d+\.\d% are detectable\.$/)
  })

  it('does not fail a large relative change that is under the absolute floor per operation', () => {
    const input = pair(6, { baseMs: 0.01, changeFactor: 1.3 })
    const result = compareMeasurement(input, options)
    expect(result.verdict).toBe('unchanged')
    expect(result.warning).toBe(true)
    expect(result.absoluteChangeMs).toBeLessThan(0.05)
    expect(result.reason).toMatch(/absolute floor/)
    expect(compareMeasurement(input, resolveCompareOptions({ absoluteFloorMs: 0.001 })).verdict).toBe('regressed')
  })

  it('refuses to gate across different hard environments and names the differing fields', () => {
    const headEnvironment = { ...machine, cpuModel: 'Apple M2', node: '22.1.0' }
    const input = { ...pair(7, { changeFactor: 1.5 }), headEnvironment }
    const result = compareMeasurement(input, options)
    expect(result.verdict).toBe('inconclusive')
    expect(result.reason).toMatch(/cpuModel "AMD EPYC 7763" → "Apple M2"/)
    expect(result.reason).toMatch(/node "20\.20\.2" → "22\.1\.0"/)
    expect(result.reason).not.toMatch(/flags/)
    expect(result.changePercent).toBeGreaterThan(40)
    const ungated = resolveCompareOptions({ requireSameEnvironment: false })
    expect(compareMeasurement(input, ungated).verdict).toBe('regressed')
  })

  it('refuses to gate when the baseline has no environment fingerprint', () => {
    const input = { ...pair(8, { changeFactor: 1.5 }), baseEnvironment: undefined }
    const result = compareMeasurement(input, options)
    expect(result.verdict).toBe('inconclusive')
    expect(result.reason).toMatch(/baseline has no environment fingerprint/)
  })

  it('is inconclusive with too few samples and says how many it needs', () => {
    const input = pair(9, { changeFactor: 2 })
    const result = compareMeasurement({ ...input, baseSamplesMs: input.baseSamplesMs.slice(0, 4) }, options)
    expect(result).toMatchObject({ verdict: 'inconclusive', baseN: 4, headN: 60 })
    expect(result.changePercent).toBeUndefined()
    expect(result.reason).toBe('Too few samples to compare (base 4, head 60; at least 5 each).')
  })

  it('is inconclusive when the samples cannot reach the 99% confidence level', () => {
    // 3 vs 3 with minSamples lowered: even the extreme differences cover only 1 − 2/20 = 90%.
    const input: CompareInput = {
      baseSamplesMs: [1, 1.1, 1.2],
      headSamplesMs: [3, 3.1, 3.2],
      baseMedianMs: 1.1,
      headMedianMs: 3.1,
      baseEnvironment: machine,
      headEnvironment: machine,
    }
    const result = compareMeasurement(input, resolveCompareOptions({ minSamples: 3 }))
    expect(result.verdict).toBe('inconclusive')
    expect(result.confidenceLevel).toBeCloseTo(0.9, 12)
    expect(result.reason).toBe('Too few distinct samples for a 99% interval (90% at best).')
  })

  it('is inconclusive instead of throwing on a zero-time sample', () => {
    const input = pair(10)
    const result = compareMeasurement({ ...input, headSamplesMs: [...input.headSamplesMs, 0] }, options)
    expect(result.verdict).toBe('inconclusive')
    expect(result.reason).toMatch(/head sample #60 is 0 ms/)
  })

  it('raises the bar to the between-run noise that the history shows', () => {
    const input = { ...pair(11, { changeFactor: 1.2 }), historyMediansMs: [1, 1.1, 0.9, 1.05, 0.95] }
    const result = compareMeasurement(input, options)
    expect(result.noiseFloorPercent).toBeGreaterThan(20)
    expect(result.verdict).toBe('inconclusive')
  })
})

describe('resolveCompareOptions()', () => {
  it('uses the documented defaults', () => {
    expect(resolveCompareOptions()).toEqual({
      failThresholdPercent: 10,
      warnThresholdPercent: 5,
      confidenceLevel: 0.99,
      familyAlpha: 0.01,
      absoluteFloorMs: 0.05,
      timerResolutionMs: 0.00003,
      minSamples: 5,
      requireSameEnvironment: true,
      noiseFloor: { defaultFloorPercent: 5, betweenRunFactor: 3, minHistoryRuns: 3 },
    })
  })

  it('derives the absolute floor from a coarse timer unless it is given', () => {
    expect(resolveCompareOptions({ timerResolutionMs: 0.01 }).absoluteFloorMs).toBeCloseTo(0.2, 12)
    expect(resolveCompareOptions({ timerResolutionMs: 0.01, absoluteFloorMs: 0.001 }).absoluteFloorMs).toBe(0.001)
  })

  it('rejects out-of-range options with every problem named', () => {
    try {
      resolveCompareOptions({ confidenceLevel: 99, warnThresholdPercent: 20, minSamples: 0 })
      expect.unreachable()
    } catch (error) {
      expect(isPerfSentinelError(error, 'E_CONFIG')).toBe(true)
      const message = (error as Error).message
      expect(message).toMatch(
        /compare option "confidenceLevel" is 99; compare option "minSamples" is 0; compare option "warnThresholdPercent" is 20\n/,
      )
      expect(message).toMatch(
        /Fix: "confidenceLevel" must be a number between 0 and 1 \(exclusive\).*; "minSamples" must be an integer ≥ 1/,
      )
      expect(message).toMatch(/"warnThresholdPercent" must be at most "failThresholdPercent" \(10\)/)
    }
  })
})
