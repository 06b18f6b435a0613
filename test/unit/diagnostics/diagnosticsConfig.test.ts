import { afterEach, describe, expect, it } from 'vitest'
import { configureDiagnostics, diagnosticsConfig, shouldProfile } from '../../../src/diagnostics/diagnosticsConfig.js'
import { perfLogEnabled, perfLogLine } from '../../../src/diagnostics/perfLog.js'

const CONFIG_KEY = Symbol.for('perf-sentinel.diagnosticsConfig')
afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[CONFIG_KEY]
})

describe('diagnosticsConfig()', () => {
  it('defaults to on-failure profiles under perf-report/profiles', () => {
    expect(diagnosticsConfig({})).toEqual({
      profile: 'on-failure',
      profileDir: 'perf-report/profiles',
      profileReplayMs: 200,
      profileIntervalUs: 100,
    })
  })

  it('reads PERF_SENTINEL_PROFILE and PERF_SENTINEL_PROFILE_DIR, ignoring an unknown mode', () => {
    expect(diagnosticsConfig({ PERF_SENTINEL_PROFILE: 'always', PERF_SENTINEL_PROFILE_DIR: 'out/p' })).toMatchObject({
      profile: 'always',
      profileDir: 'out/p',
    })
    expect(diagnosticsConfig({ PERF_SENTINEL_PROFILE: 'sometimes' }).profile).toBe('on-failure')
  })

  it('lets configureDiagnostics() win over the environment', () => {
    configureDiagnostics({ profile: 'off', profileReplayMs: 50 })
    expect(diagnosticsConfig({ PERF_SENTINEL_PROFILE: 'always' })).toMatchObject({ profile: 'off', profileReplayMs: 50 })
  })

  it('rejects unknown keys and wrong values', () => {
    expect(() => configureDiagnostics({ profil: 'off' } as never)).toThrow(/unknown option "profil"/)
    expect(() => configureDiagnostics({ profileIntervalUs: 1 })).toThrow(
      /"profileIntervalUs" must be a number of microseconds ≥ 10, received 1/,
    )
  })
})

describe('shouldProfile()', () => {
  it('profiles failures under on-failure, everything under always, nothing under off', () => {
    expect([shouldProfile('on-failure', true), shouldProfile('on-failure', false)]).toEqual([true, false])
    expect([shouldProfile('always', false), shouldProfile('off', true)]).toEqual([true, false])
  })
})

describe('PERF log', () => {
  it('is on with the option, or with PERF_SENTINEL_LOG=1/true when the option is not given', () => {
    expect(perfLogEnabled(undefined, {})).toBe(false)
    expect(perfLogEnabled(undefined, { PERF_SENTINEL_LOG: '1' })).toBe(true)
    expect(perfLogEnabled(undefined, { PERF_SENTINEL_LOG: 'TRUE' })).toBe(true)
    expect(perfLogEnabled(false, { PERF_SENTINEL_LOG: '1' })).toBe(false)
    expect(perfLogEnabled(true, {})).toBe(true)
  })

  it('writes the original field names in their order, elapsed rounded to the nanosecond', () => {
    const line = perfLogLine({
      name: 'load',
      type: 'async_function',
      elapsedMs: 12.3456789123,
      thresholdExceeded: true,
      hasSyncBlocking: true,
      timestamp: '2026-11-30T00:00:00.000Z',
    })
    expect(line).toBe(
      '{"timestamp":"2026-11-30T00:00:00.000Z","level":"PERF","operation":"load","type":"async_function","elapsed_ms":12.345679,"has_sync_blocking":true,"threshold_exceeded":true}',
    )
  })
})
