import { describe, expect, it } from 'vitest'
import { OUTPUT_DIR_VARIABLE, ROUND_REPORTER_VARIABLES, roundEnvironment } from '../../../src/ab/roundEnv.js'
import { envBindings } from '../../../src/config/envOverrides.js'

describe('roundEnvironment()', () => {
  it('points the reporter at the round folder, writing only JSON and nothing in the project', () => {
    const env = roundEnvironment(
      { PATH: '/bin', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/s', PERF_SENTINEL_UPDATE: '1', PERF_SENTINEL_BASE: 'main' },
      '/tmp/round',
    )
    expect(env).toMatchObject({
      PATH: '/bin',
      CI: 'true',
      PERF_SENTINEL_OUTPUT_DIR: '/tmp/round',
      PERF_SENTINEL_FORMATS: 'json',
      PERF_SENTINEL_HISTORY: 'false',
      PERF_SENTINEL_UPDATE_BASELINE: 'false',
      PERF_SENTINEL_GITHUB: 'false',
      PERF_SENTINEL_FAIL_ON_REGRESSION: 'false',
      // The round folder is outside the project root on purpose.
      PERF_SENTINEL_ALLOW_OUTSIDE_ROOT: '1',
      PERF_SENTINEL_CONFIRM: '0',
    })
    for (const name of ['GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'PERF_SENTINEL_UPDATE', 'PERF_SENTINEL_BASE'])
      expect(env[name]).toBeUndefined()
  })

  it('sets the time factor both sides run at, never the caller’s own', () => {
    expect(roundEnvironment({ PERF_SENTINEL_TIME_SCALE: '0.9' }, '/tmp/round', 0.25).PERF_SENTINEL_TIME_SCALE).toBe('0.25')
    expect(roundEnvironment({ PERF_SENTINEL_TIME_SCALE: '0.9' }, '/tmp/round').PERF_SENTINEL_TIME_SCALE).toBeUndefined()
    expect(roundEnvironment({}, '/tmp/round', 1).PERF_SENTINEL_TIME_SCALE).toBeUndefined()
  })

  it('uses only the reporter options’ own variables (none the reporter would warn about as unknown)', () => {
    const known = envBindings().map((binding) => binding.name)
    for (const name of [OUTPUT_DIR_VARIABLE, ...Object.keys(ROUND_REPORTER_VARIABLES)]) expect(known).toContain(name)
  })
})
