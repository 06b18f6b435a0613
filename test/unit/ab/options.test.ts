import { describe, expect, it } from 'vitest'
import { AB_FAIL_THRESHOLD_PERCENT, DEFAULT_TIME_SCALE, parseDuration, resolveAbOptions } from '../../../src/ab/options.js'

describe('parseDuration()', () => {
  it('reads seconds, minutes, hours, milliseconds and combinations', () => {
    expect(parseDuration('90s', 'budget')).toBe(90_000)
    expect(parseDuration('4m', 'budget')).toBe(240_000)
    expect(parseDuration('1m30s', 'budget')).toBe(90_000)
    expect(parseDuration('1h', 'budget')).toBe(3_600_000)
    expect(parseDuration('250ms', 'budget')).toBe(250)
    expect(parseDuration('120', 'budget')).toBe(120_000)
  })

  it('rejects anything else naming the flag', () => {
    for (const text of ['', '0', '4 minutes', '5x', '-3s', '1m30'])
      expect(() => parseDuration(text, 'budget')).toThrow(/--budget needs a duration/)
  })
})

describe('resolveAbOptions()', () => {
  it('decides with the A/B gate: 3% fail threshold, 1 µs absolute floor, no environment check', () => {
    const options = resolveAbOptions()
    expect(options.compare).toMatchObject({
      failThresholdPercent: AB_FAIL_THRESHOLD_PERCENT,
      warnThresholdPercent: 2,
      absoluteFloorMs: 0.001,
      requireSameEnvironment: false,
    })
    expect(options.compare.noiseFloor.defaultFloorPercent).toBe(1)
    // The values compared are process medians: their spread is in the interval, not added again as a floor.
    expect(options.compare.noiseFloor.withinRunSpread).toBe(false)
  })

  it('keeps the warn threshold at or below a lowered fail threshold', () => {
    expect(resolveAbOptions({ compare: { failThresholdPercent: 1 } }).compare.warnThresholdPercent).toBe(1)
  })

  it('shortens each measurement in the rounds to a quarter by default, and accepts factors in (0, 1]', () => {
    expect(resolveAbOptions().timeScale).toBe(DEFAULT_TIME_SCALE)
    expect(DEFAULT_TIME_SCALE).toBe(0.25)
    expect(resolveAbOptions({ timeScale: 1 }).timeScale).toBe(1)
    expect(() => resolveAbOptions({ timeScale: 0 })).toThrow(/--time-scale must be a number in \(0, 1\], got 0/)
    expect(() => resolveAbOptions({ timeScale: 2 })).toThrow(/--time-scale must be a number in \(0, 1\], got 2/)
  })

  it('rejects odd or inconsistent round counts', () => {
    expect(() => resolveAbOptions({ minRounds: 5 })).toThrow(/--min-rounds must be an even number/)
    expect(() => resolveAbOptions({ minRounds: 8, maxRounds: 6 })).toThrow(/--max-rounds \(6\) must be at least --min-rounds \(8\)/)
    expect(() => resolveAbOptions({ confirmRounds: 3 })).toThrow(/--confirm-rounds must be an even number/)
  })
})
