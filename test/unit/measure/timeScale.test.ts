import { afterEach, describe, expect, it } from 'vitest'
import { isPerfSentinelError } from '../../../src/errors.js'
import { readEnvOverrides } from '../../../src/config/envOverrides.js'
import { MEASURE_DEFAULTS, resolveMeasureOptions } from '../../../src/measure/options.js'
import { measurementCapMs } from '../../../src/measure/plan.js'
import { measureTimeScale, TIME_SCALE_ENV } from '../../../src/measure/timeScale.js'

const saved = process.env[TIME_SCALE_ENV]
afterEach(() => {
  if (saved === undefined) delete process.env[TIME_SCALE_ENV]
  else process.env[TIME_SCALE_ENV] = saved
})

describe('PERF_SENTINEL_TIME_SCALE', () => {
  it('is 1 unset or empty, and the factor given otherwise', () => {
    expect(measureTimeScale({})).toBe(1)
    expect(measureTimeScale({ [TIME_SCALE_ENV]: ' ' })).toBe(1)
    expect(measureTimeScale({ [TIME_SCALE_ENV]: '0.25' })).toBe(0.25)
    expect(measureTimeScale({ [TIME_SCALE_ENV]: '1' })).toBe(1)
  })

  it('rejects anything outside (0, 1], naming the variable and its text', () => {
    for (const text of ['0', '-0.5', '1.5', 'fast', 'NaN']) {
      try {
        measureTimeScale({ [TIME_SCALE_ENV]: text })
        expect.unreachable(`${text} was accepted`)
      } catch (error) {
        expect(isPerfSentinelError(error, 'E_CONFIG')).toBe(true)
        expect((error as Error).message).toContain(`${TIME_SCALE_ENV}="${text}" is not a number in (0, 1]`)
        expect((error as Error).message).toContain('Fix: set PERF_SENTINEL_TIME_SCALE to a factor such as 0.5')
      }
    }
  })

  it('shortens every measurement’s time, warm-up included, and leaves sample counts alone', () => {
    process.env[TIME_SCALE_ENV] = '0.25'
    const scaled = resolveMeasureOptions({ timeMs: 400, minSamples: 20 }, 'measure()')
    expect(scaled).toMatchObject({
      timeMs: 100,
      minTimeMs: MEASURE_DEFAULTS.minTimeMs / 4,
      warmupMs: MEASURE_DEFAULTS.warmupMs / 4,
      minSamples: 20,
    })
    expect(resolveMeasureOptions({ iterations: 7 }, 'measure()')).toMatchObject({ minSamples: 7, maxSamples: 7 })
    delete process.env[TIME_SCALE_ENV]
    expect(resolveMeasureOptions({ timeMs: 400 }, 'measure()')).toMatchObject({ timeMs: 400, warmupMs: MEASURE_DEFAULTS.warmupMs })
  })

  it('keeps the measurement cap of the time as given, so a slow subject gets its samples', () => {
    process.env[TIME_SCALE_ENV] = '0.25'
    const scaled = resolveMeasureOptions({ timeMs: 8000 }, 'measure()')
    expect(scaled.timeMs).toBe(2000)
    expect(measurementCapMs(scaled)).toBe(16_000)
    delete process.env[TIME_SCALE_ENV]
    expect(measurementCapMs(resolveMeasureOptions({ timeMs: 8000 }, 'measure()'))).toBe(16_000)
  })

  it('is not mistaken for a misspelt option variable by the reporter', () => {
    expect(readEnvOverrides({ [TIME_SCALE_ENV]: '0.5' })).toEqual({ overrides: [], warnings: [] })
  })
})
