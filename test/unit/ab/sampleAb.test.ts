import { describe, expect, it } from 'vitest'
import { decideRounds } from '../../../src/ab/decideRounds.js'
import { resolveAbOptions } from '../../../src/ab/options.js'
import { confirmationOptions, roundsToReach, sampleAb, screeningOptions } from '../../../src/ab/sampleAb.js'
import { fakeProject, same } from './fakeProject.js'

describe('sampleAb()', () => {
  it('fails a 50% slowdown only after independent confirmation rounds agree, naming it a candidate first', async () => {
    const { io, calls } = fakeProject([
      { ...same('a.test.ts', 'slow'), headMs: 1.5 },
      same('a.test.ts', 'steady'),
      same('b.test.ts', 'other'),
    ])
    const result = await sampleAb(io, resolveAbOptions())
    expect(result.decision.candidates).toEqual(['a.test.ts > slow > slow'])
    expect(result.final.comparisons.get('a.test.ts > slow > slow')?.verdict).toBe('regressed')
    expect(result.final.confirmations.get('a.test.ts > slow > slow')?.kind).toBe('confirmed')
    expect(result.final.comparisons.get('a.test.ts > steady > steady')?.verdict).toBe('unchanged')
    expect(result.stop).toBe('decided')
    // Confirmation rounds run only the candidate's file and test.
    const confirming = calls.slice(-6)
    expect(confirming.every((c) => c.scope.files?.join() === 'a.test.ts' && c.scope.testNames?.join() === 'slow')).toBe(true)
    expect(result.rounds.filter((r) => r.phase === 'confirmation')).toHaveLength(12)
  })

  // A user review: a steady +50% passed half the time, its confirmation's interval widened below the floors by odd
  // processes among six rounds a side (here two head processes at the base's speed, a slow base and control one).
  it('gives an unsure confirmation whose estimate reaches the threshold a second replicate, and confirms a steady +50%', async () => {
    const odd = (arm: string, phase: string, index: number): number =>
      phase !== 'confirmation' ? 1 : arm === 'head' && index < 2 ? 1 / 1.5 : arm !== 'head' && index === 0 ? 1.4 : 1
    const { io } = fakeProject([{ ...same('a.test.ts', 'slow'), headMs: 1.5 }, same('a.test.ts', 'steady')], { odd })
    const result = await sampleAb(io, resolveAbOptions())
    const id = 'a.test.ts > slow > slow'
    expect(result.decision.candidates).toEqual([id])
    // The first replicate alone (12 rounds) is unsure: its interval reaches below the floors.
    const firstReplicate = new Map(
      [...result.confirmation].map(([key, s]) => [
        key,
        { ...s, head: s.head.slice(0, 6), base: s.base.slice(0, 3), control: s.control.slice(0, 3) },
      ]),
    )
    const unsure = decideRounds(firstReplicate, confirmationOptions(resolveAbOptions()), 'ab', new Set([id])).comparisons.get(id)
    expect(unsure?.verdict).toBe('inconclusive')
    expect(result.rounds.filter((r) => r.phase === 'confirmation')).toHaveLength(24)
    expect(result.final.confirmations.get(id)?.kind).toBe('confirmed')
    expect(result.final.comparisons.get(id)?.verdict).toBe('regressed')
  })

  it('nominates candidates at a looser α than it fails at: +10% in one of 20 measurements is confirmed in 3 minutes', async () => {
    // 12 s rounds: 7 a side in the budget, where Holm at 0.01 over 20 needs p < 0.0005 and 7 against 7 gives at best
    // p = 2/3432 — so the configured α alone could never nominate it, however clear the change.
    const truths = Array.from({ length: 20 }, (_, i) => ({ ...same('a.test.ts', `m${i}`), ...(i === 0 ? { headMs: 1.1 } : {}) }))
    const { io } = fakeProject(truths, { roundMs: 12_000, noise: 0.02, seed: 3 })
    const options = resolveAbOptions()
    const result = await sampleAb(io, options)
    expect(result.decision.candidates).toEqual(['a.test.ts > m0 > m0'])
    expect(decideRounds(result.sampling, options.compare).candidates).toEqual([])
    expect(result.final.comparisons.get('a.test.ts > m0 > m0')?.verdict).toBe('regressed')
    expect(result.final.confirmations.get('a.test.ts > m0 > m0')?.kind).toBe('confirmed')
    expect([...result.final.comparisons.values()].filter((c) => c.verdict === 'regressed')).toHaveLength(1)
  })

  it('confirms with enough rounds to pass Holm over all candidates, however few found them', async () => {
    // Eight +10% measurements at 1% noise: nominated after 6 rounds a side, where Holm at 0.01 over 8 candidates
    // needs p < 0.00125 and 6 against 6 gives at best 2/924.
    const truths = Array.from({ length: 20 }, (_, i) => ({ ...same('a.test.ts', `m${i}`), ...(i < 8 ? { headMs: 1.1 } : {}) }))
    const { io } = fakeProject(truths, { roundMs: 9_000, noise: 0.01, seed: 5 })
    const result = await sampleAb(io, resolveAbOptions())
    expect(result.decision.candidates).toHaveLength(8)
    const confirmed = [...result.final.confirmations.values()].filter((c) => c.kind === 'confirmed')
    expect(confirmed).toHaveLength(8)
    expect(roundsToReach(0.01 / 8)).toBe(8)
    expect(roundsToReach(0.01)).toBe(6)
  })

  it('confirms at α 0.05 with a 95% interval, so that nomination and confirmation together stay within a quarter of α', () => {
    const defaults = resolveAbOptions()
    expect(confirmationOptions(defaults)).toMatchObject({ familyAlpha: 0.05, confidenceLevel: 0.95 })
    // The run's own verdicts keep the configured level.
    expect(defaults.compare).toMatchObject({ familyAlpha: 0.01, confidenceLevel: 0.99 })
    for (const familyAlpha of [0.0001, 0.001, 0.005, 0.01, 0.02, 0.05, 0.2]) {
      const options = resolveAbOptions({ compare: { familyAlpha } })
      const both = screeningOptions(options).familyAlpha * confirmationOptions(options).familyAlpha
      expect(both).toBeLessThanOrEqual(familyAlpha / 4 + 1e-12)
    }
  })

  it('confirms candidates whose independent rounds agree at the confirmation α, which the configured α alone would not', async () => {
    // +8% in 4 of 20 measurements under 3% process noise (seed found by search): three nominated, all three
    // confirmed; decided at the configured α (0.01, 99%) the same confirmation rounds would confirm none.
    const truths = Array.from({ length: 20 }, (_, i) => ({ ...same('a.test.ts', `m${i}`), ...(i < 4 ? { headMs: 1.08 } : {}) }))
    const { io } = fakeProject(truths, { roundMs: 9_000, noise: 0.03, seed: 22 })
    const options = resolveAbOptions()
    const result = await sampleAb(io, options)
    expect(result.decision.candidates).toHaveLength(3)
    expect(result.decision.candidates.every((id) => ['m0', 'm1', 'm2', 'm3'].includes(id.split(' > ')[1] ?? ''))).toBe(true)
    expect(decideRounds(result.confirmation, options.compare, 'ab', new Set(result.decision.candidates)).candidates).toEqual([])
    expect([...result.final.confirmations.values()].map((c) => c.kind)).toEqual(['confirmed', 'confirmed', 'confirmed'])
    expect([...result.final.comparisons.values()].filter((c) => c.verdict === 'regressed')).toHaveLength(3)
  })

  it('runs discovery on the whole command, then ABBA cycles whose base rounds alternate between base and control', async () => {
    const { io, calls } = fakeProject([same('a.test.ts', 'x'), same('b.test.ts', 'y')])
    await sampleAb(io, resolveAbOptions({ compare: { failThresholdPercent: 10 } }))
    expect(calls.slice(0, 2)).toEqual([
      { arm: 'base', scope: {} },
      { arm: 'head', scope: {} },
    ])
    expect(calls.slice(2, 10).map((c) => c.arm)).toEqual(['base', 'head', 'head', 'control', 'control', 'head', 'head', 'base'])
    expect(calls[2]?.scope.files).toEqual(['a.test.ts', 'b.test.ts'])
  })

  it('stops sampling when every measurement is decided unchanged, without confirmation rounds', async () => {
    const { io } = fakeProject([same('a.test.ts', 'x'), same('a.test.ts', 'y')])
    const result = await sampleAb(io, resolveAbOptions({ compare: { failThresholdPercent: 10 } }))
    expect(result.stop).toBe('decided')
    expect([...result.final.comparisons.values()].map((c) => c.verdict)).toEqual(['unchanged', 'unchanged'])
    expect(result.rounds.filter((r) => r.phase === 'sampling')).toHaveLength(12)
    expect(result.confirmation.size).toBe(0)
  })

  it('stops at the time budget (injected clock) and leaves undecided measurements inconclusive', async () => {
    // 3% slower under 10% process noise: too close to the 3% gate to decide in 20 rounds.
    const { io, progress } = fakeProject([{ ...same('a.test.ts', 'x'), headMs: 1.03 }], { roundMs: 10_000, noise: 0.1 })
    const result = await sampleAb(io, resolveAbOptions({ budgetMs: 200_000 }))
    expect(result.stop).toBe('budget')
    expect(result.samplingMs).toBeLessThanOrEqual(200_000)
    expect(result.final.comparisons.get('a.test.ts > x > x')?.verdict).toBe('inconclusive')
    expect(progress.map((p) => p.leftMs)).toEqual([...progress.map((p) => p.leftMs)].sort((a, b) => b - a))
    expect(progress.at(-1)).toMatchObject({ phase: 'sampling', decided: 0, total: 1 })
  })

  it('reports every head measurement as new when the base writes no perf report', async () => {
    const { io, calls } = fakeProject([same('a.test.ts', 'x')], { baseReports: false })
    const result = await sampleAb(io, resolveAbOptions())
    // Discovery (base, head), then one more head process: two process medians per new measurement.
    expect(calls).toHaveLength(3)
    expect(result.stop).toBe('base-without-reporter')
    expect(result.final.comparisons.get('a.test.ts > x > x')?.verdict).toBe('new')
    expect(result.usualSampling.get('a.test.ts > x > x')?.head).toHaveLength(2)
    expect(result.notes.join()).toContain('perf-sentinel is not set up there')
  })

  it('reports every head measurement as new, after discovery, when the base has perf-sentinel but none of them', async () => {
    const { io, calls } = fakeProject([{ ...same('a.test.ts', 'x'), headOnly: true }])
    const result = await sampleAb(io, resolveAbOptions())
    expect(calls.map((c) => c.arm)).toEqual(['base', 'head', 'head'])
    expect(result.stop).toBe('base-without-reporter')
    expect(result.final.comparisons.get('a.test.ts > x > x')?.verdict).toBe('new')
    expect(result.notes.join()).toContain("The base commit has none of the head's measurements")
  })

  it('throws a usage error naming the globs when the head has no selected measurement', async () => {
    const { io } = fakeProject([same('a.test.ts', 'x')])
    await expect(sampleAb(io, resolveAbOptions({ include: ['nothing*'] }))).rejects.toThrow(
      /recorded no measurement matching --include\/--exclude/,
    )
  })

  it('decides only the measurements the include globs select', async () => {
    const { io } = fakeProject([same('a.test.ts', 'x'), { ...same('b.test.ts', 'y'), headMs: 2 }])
    const result = await sampleAb(io, resolveAbOptions({ include: ['a.test.ts'], compare: { failThresholdPercent: 10 } }))
    expect([...result.final.comparisons.keys()]).toEqual(['a.test.ts > x > x'])
  })

  it('turns a confirmed regression inconclusive when the A/A control moved', async () => {
    const { io } = fakeProject([{ ...same('a.test.ts', 'slow'), headMs: 1.5 }], { controlShiftPercent: 20 })
    const result = await sampleAb(io, resolveAbOptions())
    expect(result.control.kind).toBe('unstable')
    const c = result.final.comparisons.get('a.test.ts > slow > slow')
    expect(c?.verdict).toBe('inconclusive')
    expect(c?.reason).toContain('the A/A control says the environment is unstable')
  })

  it('reports progress after every round: phase, side, decided count and budget left', async () => {
    const { io, progress } = fakeProject([{ ...same('a.test.ts', 'slow'), headMs: 1.5 }, same('a.test.ts', 'steady')], { roundMs: 5000 })
    await sampleAb(io, resolveAbOptions({ budgetMs: 120_000 }))
    expect(progress[0]).toMatchObject({ phase: 'discovery', round: 1, arm: 'base', leftMs: 115_000 })
    expect(progress.at(-1)).toMatchObject({ phase: 'confirmation', decided: 2, total: 2 })
  })
})
