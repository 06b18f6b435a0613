import { describe, expect, it } from 'vitest'
import { PERF_MATCHER_NAMES } from '../../../src/runners/lazyMatchers.js'
import { missingMatchers, registersMatchers, unregisteredMatchersHint } from '../../../src/runners/jest/matcherScope.js'

/** A reader over fixed file texts; a path it does not know fails as a missing file would. */
function files(texts: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = texts[path]
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
    return text
  }
}

describe('registersMatchers (Jest setup file)', () => {
  const read = files({
    '/p/plain.test.ts': "import { sum } from '../src/sum'\ntest('adds', () => { expect(sum(1, 2)).toBe(3) })\n",
    '/p/perf.test.ts': "test('fast', async () => { await expect(() => sum(1, 2)).toCompleteWithin(5) })\n",
    '/p/measure.test.ts': "import { measure } from 'perf-sentinel'\ntest('m', async () => { await measure('x', () => 1) })\n",
    '/p/negated.test.ts': "test('n', () => { expect(() => 1).not.toLeak() })\n",
  })

  it("'auto' (and no value): only files whose text names a perf matcher or perf-sentinel", () => {
    for (const scope of [undefined, '', 'auto']) {
      expect(registersMatchers('/p/plain.test.ts', scope, read)).toBe(false)
      expect(registersMatchers('/p/perf.test.ts', scope, read)).toBe(true)
      expect(registersMatchers('/p/measure.test.ts', scope, read)).toBe(true)
      expect(registersMatchers('/p/negated.test.ts', scope, read)).toBe(true)
    }
  })

  it('every perf matcher name counts', () => {
    for (const name of PERF_MATCHER_NAMES) {
      expect(registersMatchers('/p/x.test.ts', 'auto', files({ '/p/x.test.ts': `expect(f).${name}()` }))).toBe(true)
    }
  })

  it("'always' registers them everywhere, without reading the file", () => {
    const unreadable = (): string => {
      throw new Error('must not be read')
    }
    expect(registersMatchers('/p/plain.test.ts', 'always', unreadable)).toBe(true)
    expect(registersMatchers('/p/plain.test.ts', ' always ', unreadable)).toBe(true)
  })

  it('registers them when the file cannot be read or there is no test path (never leaves a user without them)', () => {
    expect(registersMatchers('/p/gone.test.ts', 'auto', read)).toBe(true)
    expect(registersMatchers('', 'auto', read)).toBe(true)
  })
})

describe('missingMatchers and the hint (Jest reporter)', () => {
  it("finds perf matchers in Jest's wording of a call of an unregistered matcher, in every form", () => {
    expect(missingMatchers('TypeError: expect(...).toCompleteWithin is not a function\n    at fast (test/helpers.js:2:30)')).toEqual([
      'toCompleteWithin',
    ])
    expect(missingMatchers('TypeError: expect(...).not.toLeak is not a function')).toEqual(['toLeak'])
    expect(missingMatchers('TypeError: expect(...).resolves.toHaveCallsWithin is not a function')).toEqual(['toHaveCallsWithin'])
    expect(missingMatchers('TypeError: expect(...).toFoo is not a function')).toEqual([])
    expect(missingMatchers('Expected: 3\nReceived: 4')).toEqual([])
  })

  it('the hint names the file, the matchers and both ways out', () => {
    const hint = unregisteredMatchersHint('test/a.test.js', ['toCompleteWithin', 'toLeak'])
    expect(hint).toContain('test/a.test.js')
    expect(hint).toContain('`toCompleteWithin`, `toLeak`')
    expect(hint).toContain("jestMatchers: 'always'")
    expect(hint).toContain('PERF_SENTINEL_JEST_MATCHERS=always')
  })
})
