import { describe, expect, it } from 'vitest'
import { growingShare, leastSquaresSlope, theilSenSlope } from '../../../../src/diagnostics/memory/heapSlope.js'
import { judgeLeak } from '../../../../src/diagnostics/memory/judgeLeak.js'

describe('theilSenSlope()', () => {
  it('ignores a one-round spike that moves the least-squares slope', () => {
    const x = [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]
    // Seen with Promise.all: +219 KB after one round, gone after the next.
    const flatWithSpike = [5e6, 5e6, 5e6, 5e6, 5e6, 5e6, 5e6, 5e6, 5e6, 5e6 + 219_000, 5e6]
    expect(Math.abs(leastSquaresSlope(x, flatWithSpike))).toBeGreaterThan(20)
    expect(theilSenSlope(x, flatWithSpike)).toBe(0)
    const leak = x.map((i) => 5e6 + 100 * i)
    expect(theilSenSlope(x, leak)).toBe(100)
  })
})

describe('growingShare()', () => {
  it('is the share of steps that went up', () => {
    expect(growingShare([1, 2, 2, 3, 1])).toBe(0.5)
    expect(growingShare([1])).toBe(0)
  })
})

describe('judgeLeak()', () => {
  it('calls a steady climb of at least 16 B per iteration a leak', () => {
    expect(judgeLeak({ slopeBytesPerOp: 104, growingRoundsShare: 1, watchedReturnValues: 0, retainedReturnValues: 0 })).toEqual({
      leaking: true,
      reason: 'the post-GC heap grew 104 B per iteration, in 100% of rounds',
    })
  })

  it('does not call a one-time step a leak, however large: the heap grew in too few rounds', () => {
    expect(judgeLeak({ slopeBytesPerOp: 500, growingRoundsShare: 0.3, watchedReturnValues: 0, retainedReturnValues: 0 }).leaking).toBe(
      false,
    )
  })

  it('calls kept results a leak only while the heap climbs (a fixed pool keeps them too, on a flat heap)', () => {
    const kept = { watchedReturnValues: 200, retainedReturnValues: 200 }
    expect(judgeLeak({ slopeBytesPerOp: 12, growingRoundsShare: 0.9, ...kept })).toMatchObject({
      leaking: true,
      reason: expect.stringMatching(/^200 of 200 returned values were never collected/),
    })
    expect(judgeLeak({ slopeBytesPerOp: 0, growingRoundsShare: 0.1, ...kept }).leaking).toBe(false)
    // A pool on a heap with a few bytes of noise per call, rising in most rounds (seen in CI: 5.9 B/op): not a leak.
    expect(judgeLeak({ slopeBytesPerOp: 5.9, growingRoundsShare: 0.8, ...kept }).leaking).toBe(false)
  })
})
