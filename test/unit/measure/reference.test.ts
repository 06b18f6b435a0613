import { describe, expect, it, vi } from 'vitest'
import { realClock } from '../../../src/measure/clock.js'

/** A fresh module instance: a realm that has not sampled the reference yet. */
async function freshReference(): Promise<typeof import('../../../src/measure/reference.js')> {
  vi.resetModules()
  return import('../../../src/measure/reference.js')
}

describe('sampleReference()', () => {
  it("does not time a realm's first window (its optimised code may not be there yet), then times every window", async () => {
    const { sampleReference } = await freshReference()
    const first: number[] = []
    sampleReference(realClock, first)
    expect(first).toEqual([])
    const second: number[] = []
    sampleReference(realClock, second)
    // ~2 ms of calls of ~10 µs: at least the minimum of 10, at most the cap of 200.
    expect(second.length).toBeGreaterThanOrEqual(10)
    expect(second.length).toBeLessThanOrEqual(200)
    for (const ms of second) expect(ms).toBeGreaterThan(0)
  })

  it('starts untimed again in a new realm', async () => {
    const { sampleReference } = await freshReference()
    const first: number[] = []
    sampleReference(realClock, first)
    expect(first).toEqual([])
  })
})
