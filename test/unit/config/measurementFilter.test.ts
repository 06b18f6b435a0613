import { describe, expect, it } from 'vitest'
import {
  budgetFor,
  compareOptionsFor,
  createMeasurementFilter,
  measurementKey,
  thresholdFor,
} from '../../../src/config/measurementFilter.js'
import { envBindings, envVariableName, parseEnvValue } from '../../../src/config/envOverrides.js'

const parse = measurementKey({ file: 'test/perf/parse.test.ts', testName: 'parser > small', name: 'parse 1 KB' })
const sort = measurementKey({ file: 'test/sort.test.ts', testName: 'sorts', name: 'sort 10k' })

describe('createMeasurementFilter()', () => {
  it('keeps everything without include or exclude', () => {
    const keep = createMeasurementFilter({ include: [], exclude: [] })
    expect([keep(parse), keep(sort)]).toEqual([true, true])
  })

  it('matches a glob against the file, the name or the full id', () => {
    expect(createMeasurementFilter({ include: ['test/perf/**'], exclude: [] })(sort)).toBe(false)
    expect(createMeasurementFilter({ include: ['test/perf/**'], exclude: [] })(parse)).toBe(true)
    expect(createMeasurementFilter({ include: ['sort*'], exclude: [] })(sort)).toBe(true)
    expect(createMeasurementFilter({ include: ['**/parse.test.ts > parser > *'], exclude: [] })(parse)).toBe(true)
  })

  it('applies exclude after include', () => {
    const keep = createMeasurementFilter({ include: ['test/**'], exclude: ['*1 KB'] })
    expect([keep(parse), keep(sort)]).toEqual([false, true])
  })
})

describe('thresholds by glob', () => {
  const thresholds = { 'parse*': { failThresholdPercent: 25, budgetMs: 4 }, 'test/**': { failThresholdPercent: 15 } }

  it('uses the first matching glob in file order', () => {
    expect(thresholdFor(thresholds, parse)).toEqual({ failThresholdPercent: 25, budgetMs: 4 })
    expect(thresholdFor(thresholds, sort)).toEqual({ failThresholdPercent: 15 })
    expect(thresholdFor({}, sort)).toBeUndefined()
  })

  it('lays the override over the configured compare options, without the budget', () => {
    expect(compareOptionsFor({ compare: { failThresholdPercent: 10, minSamples: 7 }, thresholds }, parse)).toEqual({
      failThresholdPercent: 25,
      minSamples: 7,
    })
  })

  it('replaces a matcher budget only where an override gives one', () => {
    expect(budgetFor(thresholds, parse, 1)).toBe(4)
    expect(budgetFor(thresholds, sort, 1)).toBe(1)
  })
})

describe('PERF_SENTINEL_* variables', () => {
  it('names one variable per option in upper snake case, all distinct', () => {
    const names = envBindings().map((b) => b.name)
    expect(new Set(names).size).toBe(names.length)
    expect(envVariableName('failThresholdPercent')).toBe('PERF_SENTINEL_FAIL_THRESHOLD_PERCENT')
    expect(names).toContain('PERF_SENTINEL_BASE')
    expect(names).toContain('PERF_SENTINEL_MIN_HISTORY_RUNS')
    expect(names).not.toContain('PERF_SENTINEL_THRESHOLDS')
  })

  it('reads text as the type its option accepts', () => {
    const spec = (name: string) => envBindings().find((b) => b.name === name)?.spec ?? expect.unreachable()
    expect(parseEnvValue('15', spec('PERF_SENTINEL_FAIL_THRESHOLD_PERCENT'))).toEqual({ value: 15 })
    expect(parseEnvValue('false', spec('PERF_SENTINEL_HISTORY'))).toEqual({ value: false })
    expect(parseEnvValue('.perf/h', spec('PERF_SENTINEL_HISTORY'))).toEqual({ value: '.perf/h' })
    expect(parseEnvValue('auto', spec('PERF_SENTINEL_UPDATE_BASELINE'))).toEqual({ value: 'auto' })
    expect(parseEnvValue('1', spec('PERF_SENTINEL_UPDATE_BASELINE'))).toEqual({ value: true })
    expect(parseEnvValue('json,markdown', spec('PERF_SENTINEL_FORMATS'))).toEqual({ value: ['json', 'markdown'] })
    expect(parseEnvValue('1234567', spec('PERF_SENTINEL_BASE'))).toEqual({ value: '1234567' })
    expect(parseEnvValue('pdf', spec('PERF_SENTINEL_FORMATS'))).toBeUndefined()
  })
})
