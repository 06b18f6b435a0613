import { describe, expect, it } from 'vitest'
import { isPerfSentinelError } from '../../../src/errors.js'
import { baselineWritePolicy, updateFromEnv } from '../../../src/pipeline/saveBaseline.js'

const auto = { updateBaseline: 'auto' as const, base: undefined }

describe('baselineWritePolicy()', () => {
  it('adds new entries outside CI by default', () => {
    expect(baselineWritePolicy(auto, false, {}, false)).toEqual({ kind: 'new-only' })
  })

  it('never writes in CI unless asked, and says why', () => {
    const write = baselineWritePolicy(auto, false, {}, true)
    expect(write.kind).toBe('none')
    expect(write.kind === 'none' && write.why).toContain('CI never writes the baseline unless asked')
  })

  it.each([
    ['the runner update flag (-u)', auto, true, {}],
    ['PERF_SENTINEL_UPDATE=1', auto, false, { PERF_SENTINEL_UPDATE: '1' }],
    ['PERF_SENTINEL_UPDATE=true', auto, false, { PERF_SENTINEL_UPDATE: 'TRUE' }],
    ['updateBaseline: true', { updateBaseline: true, base: undefined }, false, {}],
  ] as const)('rewrites everything with %s, in CI too', (_, options, updateRequested, env) => {
    expect(baselineWritePolicy(options, updateRequested, env, true)).toEqual({ kind: 'all' })
  })

  it('never writes with updateBaseline: false or when comparing with a git ref', () => {
    expect(baselineWritePolicy({ updateBaseline: false, base: undefined }, true, {}, false).kind).toBe('none')
    expect(baselineWritePolicy({ updateBaseline: 'auto', base: 'main' }, true, {}, false).kind).toBe('none')
  })
})

describe('updateFromEnv()', () => {
  it.each([
    ['1', true],
    ['true', true],
    ['0', false],
    ['false', false],
    ['', false],
  ])('reads %j as %s', (value, expected) => {
    expect(updateFromEnv({ PERF_SENTINEL_UPDATE: value })).toBe(expected)
  })

  it('rejects a value it does not understand, naming it and the accepted ones', () => {
    let error: unknown
    try {
      updateFromEnv({ PERF_SENTINEL_UPDATE: 'yes' })
    } catch (caught) {
      error = caught
    }
    expect(isPerfSentinelError(error, 'E_CONFIG')).toBe(true)
    expect((error as Error).message).toContain('PERF_SENTINEL_UPDATE="yes" is not understood')
    expect((error as Error).message).toContain('use PERF_SENTINEL_UPDATE=1 (or true)')
  })
})
