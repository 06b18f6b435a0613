import { describeValue, isPerfSentinelError } from '../../../src/errors.js'
import type { PerfSentinelError } from '../../../src/errors.js'
import { describe, expect, it } from 'vitest'
import { realClock } from '../../../src/measure/clock.js'
import type { MeasureOptions } from '../../../src/measure/options.js'
import { MEASURE_DEFAULTS, MEASURE_OPTION_KEYS, resolveMeasureOptions, TARGET_SAMPLE_MS } from '../../../src/measure/options.js'

/** The E_ARGUMENT error thrown by `resolveMeasureOptions`, or a failure if none is thrown. */
function errorOf(options: unknown, extraKeys: readonly string[] = []): PerfSentinelError {
  try {
    resolveMeasureOptions(options as MeasureOptions, 'measure()', extraKeys)
  } catch (error) {
    expect(isPerfSentinelError(error, 'E_ARGUMENT')).toBe(true)
    return error as PerfSentinelError
  }
  throw new Error(`expected ${JSON.stringify(options)} to be rejected`)
}

describe('resolveMeasureOptions()', () => {
  describe('defaults', () => {
    it('fills every option from MEASURE_DEFAULTS when none are given', () => {
      const resolved = resolveMeasureOptions(undefined, 'measure()')
      expect(resolved).toEqual({
        ...MEASURE_DEFAULTS,
        iterations: undefined,
        setup: undefined,
        teardown: undefined,
        clock: realClock,
      })
      expect(resolveMeasureOptions({}, 'measure()')).toEqual(resolved)
    })

    it('documents the defaults: 1 s budget, 100 ms minimum, 1% margin, 10–10 000 samples, auto batching', () => {
      expect(MEASURE_DEFAULTS).toEqual({
        timeMs: 1000,
        minTimeMs: 100,
        targetMarginPercent: 1,
        minSamples: 10,
        maxSamples: 10_000,
        warmupMs: 100,
        warmupIterations: 1000,
        batchSize: 'auto',
        gc: 'auto',
        maxRetainedSamples: 256,
      })
      expect(TARGET_SAMPLE_MS).toBe(0.1)
    })

    it('uses the real clock unless one is injected', () => {
      const clock = (): number => 0
      expect(resolveMeasureOptions(undefined, 'measure()').clock).toBe(realClock)
      expect(resolveMeasureOptions({ clock }, 'measure()').clock).toBe(clock)
    })

    it('treats keys set to undefined as not given', () => {
      expect(resolveMeasureOptions({ timeMs: undefined, batchSize: undefined }, 'measure()')).toEqual(
        resolveMeasureOptions(undefined, 'measure()'),
      )
    })

    it('keeps given values', () => {
      const setup = (): void => {}
      const resolved = resolveMeasureOptions(
        { timeMs: 300, minTimeMs: 30, targetMarginPercent: 2.5, minSamples: 4, maxSamples: 40, gc: false, maxRetainedSamples: 9, setup },
        'measure()',
      )
      expect(resolved).toMatchObject({
        timeMs: 300,
        minTimeMs: 30,
        targetMarginPercent: 2.5,
        minSamples: 4,
        maxSamples: 40,
        gc: false,
        maxRetainedSamples: 9,
        setup,
      })
    })

    it('lists every option key in MEASURE_OPTION_KEYS', () => {
      expect([...MEASURE_OPTION_KEYS].sort()).toEqual(
        [
          'timeMs',
          'minTimeMs',
          'targetMarginPercent',
          'minSamples',
          'maxSamples',
          'iterations',
          'warmup',
          'warmupMs',
          'warmupIterations',
          'batchSize',
          'setup',
          'teardown',
          'gc',
          'maxRetainedSamples',
          'clock',
          'profile',
        ].sort(),
      )
    })
  })

  describe('derived values', () => {
    it('caps the default minTimeMs at a shorter timeMs, but rejects an explicit minTimeMs above timeMs', () => {
      expect(resolveMeasureOptions({ timeMs: 50 }, 'measure()').minTimeMs).toBe(50)
      const error = errorOf({ timeMs: 50, minTimeMs: 500 })
      expect(error.problem).toBe('measure(): option "minTimeMs" is 500')
      expect(error.fix).toBe('"minTimeMs" must be at most "timeMs" (50)')
      expect(resolveMeasureOptions({ timeMs: 500, minTimeMs: 20 }, 'measure()').minTimeMs).toBe(20)
    })

    it('rejects minSamples or maxSamples that contradict iterations', () => {
      const min = errorOf({ iterations: 5, minSamples: 9 })
      expect(min.problem).toBe('measure(): option "minSamples" is 9')
      expect(min.fix).toBe('"minSamples" must be equal to "iterations" (5), or left out')
      expect(errorOf({ iterations: 5, maxSamples: 2 }).message).toContain(
        'option "maxSamples" is 2\nFix: "maxSamples" must be equal to "iterations" (5)',
      )
      expect(resolveMeasureOptions({ iterations: 5, minSamples: 5 }, 'measure()').minSamples).toBe(5)
    })

    it('lowers the default minSamples to a smaller maxSamples', () => {
      expect(resolveMeasureOptions({ maxSamples: 3 }, 'measure()')).toMatchObject({ minSamples: 3, maxSamples: 3 })
    })

    it('rejects an explicit minSamples above maxSamples, naming both values', () => {
      expect(errorOf({ minSamples: 20, maxSamples: 5 }).message).toBe(
        'measure(): option "minSamples" is 20\nFix: "minSamples" must be at most "maxSamples" (5)',
      )
    })

    it('accepts minSamples equal to maxSamples', () => {
      expect(resolveMeasureOptions({ minSamples: 5, maxSamples: 5 }, 'measure()')).toMatchObject({ minSamples: 5, maxSamples: 5 })
    })

    it('turns iterations into exactly that many samples (min = max = iterations)', () => {
      expect(resolveMeasureOptions({ iterations: 7 }, 'measure()')).toMatchObject({ iterations: 7, minSamples: 7, maxSamples: 7 })
    })

    it('times single calls when iterations is 1, unless batchSize is given', () => {
      expect(resolveMeasureOptions({ iterations: 1 }, 'measure()').batchSize).toBe(1)
      expect(resolveMeasureOptions({ iterations: 2 }, 'measure()').batchSize).toBe('auto')
      expect(resolveMeasureOptions({ iterations: 1, batchSize: 8 }, 'measure()').batchSize).toBe(8)
    })

    it('with warmup: false, disables warm-up and batching unless batchSize is given', () => {
      const cold = resolveMeasureOptions({ warmup: false }, 'measure()')
      expect(cold.warmupIterations).toBe(0)
      expect(cold.warmupMs).toBe(0)
      expect(cold.batchSize).toBe(1)
      expect(resolveMeasureOptions({ warmup: false, batchSize: 16 }, 'measure()').batchSize).toBe(16)
      expect(resolveMeasureOptions({ warmup: false, batchSize: 'auto' }, 'measure()').batchSize).toBe('auto')
    })

    it('with warmup: false, ignores warmupMs and warmupIterations', () => {
      expect(resolveMeasureOptions({ warmup: false, warmupIterations: 50, warmupMs: 20 }, 'measure()')).toMatchObject({
        warmupIterations: 0,
        warmupMs: 0,
      })
    })

    it('with warmup: true, keeps the warm-up defaults and auto batching', () => {
      expect(resolveMeasureOptions({ warmup: true }, 'measure()')).toMatchObject({
        warmupIterations: 1000,
        warmupMs: 100,
        batchSize: 'auto',
      })
    })

    it('forces batchSize 1 with setup or teardown, even over an explicit batchSize', () => {
      const hook = (): void => {}
      expect(resolveMeasureOptions({ setup: hook }, 'measure()').batchSize).toBe(1)
      expect(resolveMeasureOptions({ teardown: hook }, 'measure()').batchSize).toBe(1)
      expect(resolveMeasureOptions({ setup: hook, batchSize: 32 }, 'measure()').batchSize).toBe(1)
    })
  })

  describe('validation', () => {
    // [key, rejected value, how the value is described, what is accepted]
    const cases: Array<[keyof MeasureOptions, unknown, string, string]> = [
      ['timeMs', 0, '0', 'a positive number of milliseconds'],
      ['timeMs', Number.POSITIVE_INFINITY, 'Infinity', 'a positive number of milliseconds'],
      ['timeMs', '100', '"100"', 'a positive number of milliseconds'],
      ['minTimeMs', -1, '-1', 'a number of milliseconds ≥ 0'],
      ['targetMarginPercent', Number.NaN, 'NaN', 'a percentage ≥ 0'],
      ['minSamples', 0, '0', 'an integer ≥ 1'],
      ['maxSamples', 2.5, '2.5', 'an integer ≥ 1'],
      ['iterations', 0, '0', 'an integer ≥ 1'],
      ['warmup', 'no', '"no"', 'true or false'],
      ['warmupMs', -5, '-5', 'a number of milliseconds ≥ 0'],
      ['warmupIterations', 1.5, '1.5', 'an integer ≥ 0'],
      ['batchSize', 0, '0', "'auto' or an integer ≥ 1"],
      ['batchSize', 'max', '"max"', "'auto' or an integer ≥ 1"],
      ['setup', 'reset()', '"reset()"', 'a function'],
      ['teardown', {}, 'an object', 'a function'],
      ['gc', 'yes', '"yes"', "true, false or 'auto'"],
      ['maxRetainedSamples', null, 'null', 'an integer ≥ 1'],
      ['clock', 123, '123', 'a function returning milliseconds'],
      ['profile', 'sometimes', '"sometimes"', "'on-failure', 'always' or 'off'"],
    ]

    it.each(cases)('rejects %s = %s, naming the key, the value and what is accepted', (key, value, described, accepted) => {
      const error = errorOf({ [key]: value })
      expect(error.problem).toBe(`measure(): option "${key}" is ${described}`)
      expect(error.fix).toBe(`"${key}" must be ${accepted}`)
    })

    it('accepts the edges of each range', () => {
      expect(() =>
        resolveMeasureOptions(
          { timeMs: 0.001, minTimeMs: 0, targetMarginPercent: 0, minSamples: 1, warmupMs: 0, warmupIterations: 0, batchSize: 1, gc: true },
          'measure()',
        ),
      ).not.toThrow()
    })

    it('rejects an unknown key and lists the accepted keys', () => {
      const error = errorOf({ timeout: 5 })
      expect(error.problem).toBe('measure(): unknown option "timeout" (value 5)')
      expect(error.fix).toBe(`use one of: ${MEASURE_OPTION_KEYS.join(', ')}`)
    })

    it('lists the caller’s extra keys among the accepted ones and lets them through unchecked', () => {
      const error = errorOf({ tiemMs: 5 }, ['name', 'statistic'])
      expect(error.problem).toContain('unknown option "tiemMs"')
      expect(error.fix).toMatch(/^use one of: timeMs, .*clock, .*name, statistic$/)
      expect(() =>
        resolveMeasureOptions({ name: 42, statistic: {} } as MeasureOptions, 'toCompleteWithin()', ['name', 'statistic']),
      ).not.toThrow()
    })

    // BUG: measure/options.ts:135 looks keys up with `CHECKS[key]` on a plain object, so keys inherited from
    // Object.prototype (constructor, toString, hasOwnProperty, valueOf, or "__proto__" from JSON.parse) find a
    // prototype member instead of undefined and crash with "check[0] is not a function".
    it('rejects keys named like Object.prototype members as unknown options', () => {
      expect(errorOf({ constructor: 1 }).message).toContain('unknown option "constructor"')
    })

    it('names the caller in every message', () => {
      expect(() => resolveMeasureOptions({ timeMs: -1 }, 'toCompleteWithin()')).toThrow(/^toCompleteWithin\(\): /)
    })

    it.each([
      [5, '5'],
      ['fast', '"fast"'],
      [null, 'null'],
      [[1, 2], '[1, 2]'],
    ])('rejects options that are not an object (%s)', (options, described) => {
      expect(errorOf(options).problem).toBe(`measure(): options must be an object, received ${described}`)
      expect(errorOf(options).fix).toBe('pass an object such as { timeMs: 500 }')
    })
  })
})

describe('describeValue()', () => {
  it.each([
    ['text', '"text"'],
    ['', '""'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    [false, 'false'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[], 'an array'],
    [{ a: 1 }, 'an object'],
    [10n, 'bigint'],
    [Symbol('s'), 'symbol'],
  ])('describes %s as %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected)
  })

  it('names named functions and marks anonymous ones', () => {
    function parse(): void {}
    expect(describeValue(parse)).toBe('a function (parse)')
    expect(describeValue([() => {}][0])).toBe('a function (anonymous)')
  })
})
