import { describe, expect, it } from 'vitest'
import type { PerfReporterOptions } from '../../src/config/reporterOptions.js'
import { REPORTER_DEFAULTS, resolveReporterOptions } from '../../src/config/reporterOptions.js'
import { isPerfSentinelError, PerfSentinelError } from '../../src/errors.js'

const SOURCE = 'vitest.config.ts'

/** The PerfSentinelError thrown for `raw`, or a failure if none is thrown. */
function errorOf(raw: unknown): PerfSentinelError {
  try {
    resolveReporterOptions(raw, SOURCE)
  } catch (error) {
    expect(isPerfSentinelError(error, 'E_CONFIG')).toBe(true)
    return error as PerfSentinelError
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`)
}

describe('resolveReporterOptions()', () => {
  describe('defaults', () => {
    it('fills every option from REPORTER_DEFAULTS when none are given', () => {
      const expected = { ...REPORTER_DEFAULTS, base: undefined, compare: {} }
      expect(resolveReporterOptions(undefined, SOURCE)).toEqual(expected)
      expect(resolveReporterOptions({}, SOURCE)).toEqual(expected)
    })

    it('documents the defaults', () => {
      expect(REPORTER_DEFAULTS).toEqual({
        outputDir: 'perf-report',
        formats: ['json', 'markdown', 'html'],
        terminal: true,
        testDurations: true,
        baselinePath: 'perf-baseline.json',
        updateBaseline: 'auto',
        history: '.perf-sentinel/history',
        gitNotes: false,
        failOnRegression: true,
        confirm: 5,
        baselineRuns: 5,
        sessionFloorPercent: 75,
        failOnNew: false,
        github: true,
        resources: true,
        jestMatchers: 'auto',
      })
    })

    it('keeps given values over the defaults and ignores keys set to undefined', () => {
      const given: PerfReporterOptions = {
        outputDir: 'out/perf',
        formats: ['json'],
        terminal: false,
        history: false,
        updateBaseline: true,
        base: 'origin/main',
        compare: { failThresholdPercent: 5 },
        baselinePath: undefined,
      }
      const resolved = resolveReporterOptions(given, SOURCE)
      expect(resolved).toMatchObject({
        outputDir: 'out/perf',
        formats: ['json'],
        terminal: false,
        history: false,
        updateBaseline: true,
        base: 'origin/main',
        compare: { failThresholdPercent: 5 },
        baselinePath: 'perf-baseline.json',
      })
    })
  })

  describe('errors', () => {
    it('rejects options that are not an object', () => {
      for (const [raw, described] of [
        ['perf-report', '"perf-report"'],
        [null, 'null'],
        [['json'], '["json"]'],
        [true, 'true'],
      ] as const) {
        const error = errorOf(raw)
        expect(error.message).toContain(`${SOURCE}: reporter options must be an object, received ${described}`)
        expect(error.fix).toContain('pass an object')
      }
    })

    it('rejects an unknown key, naming it and its value, with the accepted keys in the hint', () => {
      const error = errorOf({ outDir: 'x' })
      expect(error.code).toBe('E_CONFIG')
      expect(error.message).toContain(`${SOURCE}: unknown reporter option "outDir" (value "x")`)
      expect(error.fix).toBe(
        'use one of: outputDir, formats, terminal, testDurations, baselinePath, updateBaseline, history, gitNotes, base, failOnRegression, confirm, baselineRuns, sessionFloorPercent, failOnNew, github, resources, jestMatchers, compare',
      )
      expect(error.message.endsWith(`\nFix: ${error.fix}`)).toBe(true)
    })

    // [key, rejected value, how the value is described, what is accepted]
    const cases: Array<[keyof PerfReporterOptions, unknown, string, string]> = [
      ['outputDir', '  ', '"  "', 'a non-empty directory path'],
      ['outputDir', 42, '42', 'a non-empty directory path'],
      ['formats', ['json', 'pdf'], '["json", "pdf"]', "a non-empty array of distinct formats among 'json', 'markdown', 'html'"],
      ['jestMatchers', 'never', '"never"', "'auto' or 'always'"],
      ['formats', 'json', '"json"', "a non-empty array of distinct formats among 'json', 'markdown', 'html'"],
      ['formats', [], '[]', "a non-empty array of distinct formats among 'json', 'markdown', 'html'"],
      ['formats', ['json', 'json'], '["json", "json"]', "a non-empty array of distinct formats among 'json', 'markdown', 'html'"],
      ['terminal', 'yes', '"yes"', 'true or false'],
      ['testDurations', 1, '1', 'true or false'],
      ['baselinePath', '', '""', 'a non-empty file path'],
      ['updateBaseline', 'always', '"always"', "true, false or 'auto'"],
      ['history', true, 'true', 'a directory path or false'],
      ['gitNotes', null, 'null', 'true or false'],
      ['base', '', '""', 'a git ref such as main or origin/main'],
      ['failOnRegression', 'false', '"false"', 'true or false'],
      ['failOnNew', 0, '0', 'true or false'],
      ['github', {}, 'an object', 'true or false'],
      ['compare', [], '[]', 'an object of comparison options'],
      ['compare', null, 'null', 'an object of comparison options'],
    ]

    it.each(cases)('rejects %s = %s, naming the key and value, with what is accepted in the hint', (key, value, described, accepted) => {
      const error = errorOf({ [key]: value })
      expect(error).toBeInstanceOf(PerfSentinelError)
      expect(error.code).toBe('E_CONFIG')
      expect(error.message).toContain(`${SOURCE}: reporter option "${key}" is ${described}`)
      expect(error.fix).toBe(`"${key}" must be ${accepted}`)
      expect(error.message).toContain(`Fix: "${key}" must be ${accepted}`)
    })

    // Keys are looked up with Object.hasOwn: "constructor" or "__proto__" from a JSON config is an unknown option,
    // not a prototype member.
    it('rejects keys named like Object.prototype members as unknown options with E_CONFIG', () => {
      expect(errorOf(JSON.parse('{"constructor": "x"}')).message).toContain('unknown reporter option "constructor"')
    })
  })

  it('checks the compare options when the reporter is created: ranges, types and unknown keys, named by their path', () => {
    // [compare options, problem after the source, fix]
    const cases: Array<[unknown, string, string]> = [
      [
        { failThresholdPercent: -5 },
        'reporter option "compare.failThresholdPercent" is -5',
        '"compare.failThresholdPercent" must be a percentage ≥ 0',
      ],
      [
        { failThresholdPercent: 'x' },
        'reporter option "compare.failThresholdPercent" is "x"',
        '"compare.failThresholdPercent" must be a percentage ≥ 0',
      ],
      [
        { failTresholdPercent: 20 },
        'unknown reporter option "compare.failTresholdPercent" (value 20)',
        'use one of: failThresholdPercent,',
      ],
      [{ noiseFloor: { floor: 3 } }, 'unknown reporter option "compare.noiseFloor.floor" (value 3)', 'use one of: defaultFloorPercent'],
      [
        { requireSameEnvironment: 'yes' },
        'reporter option "compare.requireSameEnvironment" is "yes"',
        '"compare.requireSameEnvironment" must be true or false',
      ],
      [
        { noiseFloor: null },
        'reporter option "compare.noiseFloor" is null',
        '"compare.noiseFloor" must be an object of noise floor options',
      ],
      [{ noiseFloor: 5 }, 'reporter option "compare.noiseFloor" is 5', '"compare.noiseFloor" must be an object of noise floor options'],
      [
        { noiseFloor: 'abc' },
        'reporter option "compare.noiseFloor" is "abc"',
        '"compare.noiseFloor" must be an object of noise floor options',
      ],
      [
        { warnThresholdPercent: 20 },
        'compare option "warnThresholdPercent" is 20',
        '"warnThresholdPercent" must be at most "failThresholdPercent" (10)',
      ],
    ]
    for (const [compare, problem, fix] of cases) {
      const error = errorOf({ compare })
      expect(error.problem.startsWith(`${SOURCE}: `)).toBe(true)
      expect(error.problem).toContain(problem)
      expect(error.fix).toContain(fix)
      expect(error.message.match(/\nFix: /g)).toHaveLength(1)
    }
    expect(resolveReporterOptions({ compare: { failThresholdPercent: 20, noiseFloor: { minHistoryRuns: 5 } } }, SOURCE).compare).toEqual({
      failThresholdPercent: 20,
      noiseFloor: { minHistoryRuns: 5 },
    })
  })

  it('accepts history: false and every format', () => {
    expect(resolveReporterOptions({ history: false, formats: ['html', 'markdown', 'json'] }, SOURCE)).toMatchObject({
      history: false,
      formats: ['html', 'markdown', 'json'],
    })
  })
})
