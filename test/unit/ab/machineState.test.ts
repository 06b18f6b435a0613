import { describe, expect, it } from 'vitest'
import { decideRounds } from '../../../src/ab/decideRounds.js'
import { densestWindow, usualMachineState } from '../../../src/ab/machineState.js'
import { resolveAbOptions } from '../../../src/ab/options.js'
import type { MeasurementSeries, RoundSeries } from '../../../src/ab/roundSeries.js'
import type { Arm } from '../../../src/ab/runRound.js'
import { machineStateNote } from '../../../src/ab/sampleAb.js'
import { normalDraw, seededRandom } from '../../helpers/seededRandom.js'
import { meta } from './roundMeta.js'

const { compare } = resolveAbOptions()

/** A reference of the machine's usual state (µs-scale, as the real one) and of its slow state (~1.4×, as measured). */
const FAST_REF = 0.02
const SLOW_REF = 0.028

/**
 * Rounds as this project's VM produced them: each process lands in the slow machine state with probability
 * `slowShare`, and then every workload runs 1.7× slower and the reference 1.4×; otherwise 2% log-noise.
 */
function phased(headFactor: number, rounds: number, slowShare: number, seed: number): MeasurementSeries {
  const random = seededRandom(seed)
  const s: MeasurementSeries = { meta: meta('m'), base: [], head: [], control: [], refs: { base: [], head: [], control: [] } }
  const add = (arm: Arm, factor: number): void => {
    const slow = random() < slowShare
    s[arm].push(factor * (slow ? 1.7 : 1) * Math.exp(0.02 * normalDraw(random)))
    s.refs?.[arm].push((slow ? SLOW_REF : FAST_REF) * Math.exp(0.01 * normalDraw(random)))
  }
  for (let i = 0; i < rounds; i++) {
    add('head', headFactor)
    add(i % 2 === 0 ? 'base' : 'control', 1)
  }
  return s
}

const withoutRefs = (s: MeasurementSeries): MeasurementSeries => ({ ...s, refs: undefined })

describe('densestWindow()', () => {
  it('finds the window holding the most values, the lowest one on a tie', () => {
    expect(densestWindow([1, 1.02, 1.05, 1.4, 1.42, 0.99], 1.2)).toEqual([0.99, 0.99 * 1.2])
    expect(densestWindow([1.4, 1.41, 1.43, 1.45, 1, 1.01], 1.2)).toEqual([1.4, 1.4 * 1.2])
    expect(densestWindow([2, 1], 1.2)).toEqual([1, 1.2])
  })
})

describe('usualMachineState()', () => {
  it('turns a bimodal A/B into a decided one: +10% is found once the slow-state rounds are left out', () => {
    // Seeds where the slow state (30% of processes) makes the interval too wide without the reference.
    let foundWith = 0
    let foundWithout = 0
    for (let seed = 1; seed <= 20; seed++) {
      const s = phased(1.1, 16, 0.3, seed)
      if (decideRounds(new Map([['m', s]]), compare).candidates.length === 1) foundWith++
      if (decideRounds(new Map([['m', withoutRefs(s)]]), compare).candidates.length === 1) foundWithout++
    }
    expect(foundWith).toBeGreaterThanOrEqual(18)
    expect(foundWithout).toBeLessThanOrEqual(foundWith - 8)
  })

  it('keeps identical code unchanged or inconclusive, never regressed, across many phased A/A draws', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const verdict = decideRounds(new Map([['m', phased(1, 16, 0.35, seed)]]), compare).comparisons.get('m')?.verdict
      expect(['unchanged', 'inconclusive']).toContain(verdict)
    }
  })

  it('leaves out exactly the rounds outside the densest window, without changing its input', () => {
    const s = phased(1, 20, 0.3, 7)
    const before = JSON.stringify(s)
    const state = usualMachineState(new Map([['m', s]]))
    expect(JSON.stringify(s)).toBe(before)
    const slowRounds = [...(s.refs?.base ?? []), ...(s.refs?.head ?? []), ...(s.refs?.control ?? [])].filter((r) => r > 0.024).length
    expect(slowRounds).toBeGreaterThan(0)
    expect(state.dropped).toBe(slowRounds)
    expect(state.considered).toBe(40)
    const kept = state.series.get('m')
    expect(kept?.head.length).toBe(s.head.length - (s.refs?.head.filter((r) => r > 0.024).length ?? 0))
    expect(Math.max(...(kept?.head ?? []))).toBeLessThan(1.3)
  })

  it("takes each measurement's own usual state: what ran before a test shifts the reference it reads", () => {
    // After an allocation-heavy workload the reference read ~2.5× higher in both states (23–38 µs against 9–15).
    const plain = phased(1, 16, 0.3, 11)
    const shifted = phased(1, 16, 0.3, 12)
    for (const arm of ['base', 'head', 'control'] as const) {
      const refs = shifted.refs?.[arm] ?? []
      for (let i = 0; i < refs.length; i++) refs[i] = (refs[i] as number) * 2.5
    }
    const state = usualMachineState(
      new Map([
        ['plain', plain],
        ['shifted', { ...shifted, meta: meta('shifted') }],
      ]),
    )
    for (const id of ['plain', 'shifted']) {
      const kept = state.series.get(id)
      expect(kept?.head.length).toBeGreaterThan(0)
      // One state only (whichever had more rounds): the medians sit within their 2% noise, not 1.7× apart.
      const all = [...(kept?.head ?? []), ...(kept?.base ?? []), ...(kept?.control ?? [])]
      expect(Math.max(...all) / Math.min(...all)).toBeLessThan(1.2)
    }
  })

  it('decides on every round when the head itself slowed the reference (no chosen subset), or a round has none', () => {
    const s = phased(1, 16, 0, 3)
    // The head's code makes every later allocation slower: all its references sit in another state.
    const leaky: MeasurementSeries = {
      ...s,
      refs: { ...(s.refs as NonNullable<MeasurementSeries['refs']>), head: s.head.map(() => SLOW_REF) },
    }
    const other = phased(1, 16, 0, 4)
    const state = usualMachineState(
      new Map([
        ['leaky', leaky],
        ['other', other],
      ]),
    )
    expect(state.series.get('leaky')).toBe(leaky)
    // A base without the reference (an older perf-sentinel there): nothing is filtered for that measurement.
    const old: MeasurementSeries = { ...phased(1, 16, 0.3, 5), meta: meta('old') }
    old.refs = { ...(old.refs as NonNullable<MeasurementSeries['refs']>), base: old.base.map(() => Number.NaN) }
    const withOld: RoundSeries = new Map([
      ['old', old],
      ['other', phased(1, 16, 0.3, 6)],
    ])
    expect(usualMachineState(withOld).series.get('old')).toBe(old)
    expect(usualMachineState(withOld).series.get('other')).not.toBe(withOld.get('other'))
  })

  it('filters nothing when every round ran in one state, or when too few references exist', () => {
    const steady = new Map([['m', phased(1, 16, 0, 8)]])
    expect(usualMachineState(steady)).toEqual({ series: steady, dropped: 0, considered: 32 })
    const few = new Map([['m', phased(1, 3, 0.5, 9)]])
    expect(usualMachineState(few).series).toBe(few)
  })

  it('is said in the report in one line', () => {
    expect(machineStateNote(9, 40)).toBe(
      "9 of 40 per-process medians were measured while the machine ran in another speed state than their measurement's usual one (the machine reference around them more than 1.3× off) and were left out of the decision.",
    )
  })
})
