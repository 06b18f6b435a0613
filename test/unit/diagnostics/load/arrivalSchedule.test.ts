import { describe, expect, it } from 'vitest'
import { arrivalSchedule } from '../../../../src/diagnostics/load/arrivalSchedule.js'

describe('arrivalSchedule()', () => {
  it('spaces a constant rate evenly from time 0: 100/s for 10 s is 1000 arrivals, 10 ms apart', () => {
    const s = arrivalSchedule(100, 0, { durationMs: 10_000 })
    expect(s.total).toBe(1000)
    expect(s.intendedMs(0)).toBe(0)
    expect(s.intendedMs(1)).toBeCloseTo(10, 9)
    expect(s.intendedMs(999)).toBeCloseTo(9990, 6)
  })

  it('counts an arrival only when it is due strictly before the end', () => {
    expect(arrivalSchedule(3, 0, { durationMs: 1000 }).total).toBe(3)
    expect(arrivalSchedule(3, 0, { durationMs: 1001 }).total).toBe(4)
    expect(arrivalSchedule(7, 0, { durationMs: 100 }).total).toBe(1)
  })

  it('gives exactly `requests` arrivals at the rate when a count is asked for', () => {
    const s = arrivalSchedule(50, 0, { requests: 7 })
    expect(s.total).toBe(7)
    expect(s.intendedMs(6)).toBeCloseTo(120, 9)
  })

  it('ramps the rate linearly: half the arrivals of the full rate during the ramp, the full rate after it', () => {
    const s = arrivalSchedule(100, 2000, { durationMs: 4000 })
    // 100/s × 2 s / 2 during the ramp + 100/s × 2 s after it.
    expect(s.total).toBe(300)
    expect(s.intendedMs(100)).toBeCloseTo(2000, 6)
    const gaps = [1, 50, 99, 150, 250].map((i) => s.intendedMs(i + 1) - s.intendedMs(i))
    // Gaps shrink during the ramp and settle at 10 ms (100/s) after it.
    expect(gaps[0]).toBeGreaterThan(gaps[1] as number)
    expect(gaps[1]).toBeGreaterThan(gaps[2] as number)
    expect(gaps[3]).toBeCloseTo(10, 6)
    expect(gaps[4]).toBeCloseTo(10, 6)
  })

  it('cuts a ramp short when the run ends before it does', () => {
    // N(t) = rate·t²/(2·ramp): 100/s, ramp 4 s, 2 s → 100·4/8 = 50 arrivals.
    expect(arrivalSchedule(100, 4000, { durationMs: 2000 }).total).toBe(50)
  })
})
