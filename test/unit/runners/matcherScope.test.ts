import { describe, expect, it } from 'vitest'
import { PERF_MATCHER_NAMES } from '../../../src/runners/lazyMatchers.js'
import { missingMatchers, registersMatchers, unregisteredMatchersHint } from '../../../src/runners/jest/matcherScope.js'
import type { ScanFs } from '../../../src/runners/jest/mentionScanner.js'
import { createMentionScanner } from '../../../src/runners/jest/mentionScanner.js'

/** A file system of fixed texts, counting reads; `touch` changes a file's stamp as an edit would. */
function files(texts: Record<string, string>): ScanFs & { reads: string[]; touch(path: string, text: string): void } {
  const stamps = new Map(Object.keys(texts).map((path) => [path, 1]))
  const reads: string[] = []
  return {
    reads,
    stamp: (path) => (texts[path] === undefined ? undefined : String(stamps.get(path))),
    read(path) {
      reads.push(path)
      const text = texts[path]
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
      return text
    },
    touch(path, text) {
      texts[path] = text
      stamps.set(path, (stamps.get(path) ?? 0) + 1)
    },
  }
}

/** The 'auto' question over `texts`. */
function scanner(texts: Record<string, string>): (path: string) => boolean {
  return createMentionScanner(files(texts))
}

describe('registersMatchers (Jest setup file)', () => {
  const texts = {
    '/p/plain.test.ts': "import { sum } from '../src/sum'\ntest('adds', () => { expect(sum(1, 2)).toBe(3) })\n",
    '/p/perf.test.ts': "test('fast', async () => { await expect(() => sum(1, 2)).toCompleteWithin(5) })\n",
    '/p/measure.test.ts': "import { measure } from 'perf-sentinel'\ntest('m', async () => { await measure('x', () => 1) })\n",
    '/p/negated.test.ts': "test('n', () => { expect(() => 1).not.toLeak() })\n",
    '/src/sum.ts': 'export const sum = (a: number, b: number) => a + b\n',
  }

  it("'auto' (and no value): only files whose text names a perf matcher or perf-sentinel", () => {
    for (const scope of [undefined, '', 'auto']) {
      const mentions = scanner(texts)
      expect(registersMatchers('/p/plain.test.ts', scope, mentions)).toBe(false)
      expect(registersMatchers('/p/perf.test.ts', scope, mentions)).toBe(true)
      expect(registersMatchers('/p/measure.test.ts', scope, mentions)).toBe(true)
      expect(registersMatchers('/p/negated.test.ts', scope, mentions)).toBe(true)
    }
  })

  it('every perf matcher name counts', () => {
    for (const name of PERF_MATCHER_NAMES) {
      expect(registersMatchers('/p/x.test.ts', 'auto', scanner({ '/p/x.test.ts': `expect(f).${name}()` }))).toBe(true)
    }
  })

  it("'always' registers them everywhere, without reading the file", () => {
    const unreadable = (): boolean => {
      throw new Error('must not be read')
    }
    expect(registersMatchers('/p/plain.test.ts', 'always', unreadable)).toBe(true)
    expect(registersMatchers('/p/plain.test.ts', ' always ', unreadable)).toBe(true)
  })

  it('registers them when the file cannot be read or there is no test path (never leaves a user without them)', () => {
    expect(registersMatchers('/p/gone.test.ts', 'auto', scanner(texts))).toBe(true)
    expect(registersMatchers('', 'auto', scanner(texts))).toBe(true)
  })
})

describe('createMentionScanner: helper modules reached by relative imports', () => {
  const helper = 'export async function expectQuick(fn) { await expect(fn).toCompleteWithin(5_000) }\n'

  it('follows every import form, with and without extensions, index files and .js written for .ts', () => {
    const forms: Record<string, [string, string]> = {
      esm: ["import { expectQuick } from './helpers'\n", '/p/helpers.ts'],
      'esm .js for .ts': ["import { expectQuick } from './helpers.js'\n", '/p/helpers.ts'],
      require: ["const { expectQuick } = require('../support/perf')\n", '/support/perf.js'],
      dynamic: ["const h = await import('./dir')\n", '/p/dir/index.mjs'],
      'side effect': ['import "./registers"\n', '/p/registers.cjs'],
      're-export': ["export { expectQuick } from './helpers.tsx'\n", '/p/helpers.tsx'],
    }
    for (const [form, [source, target]] of Object.entries(forms)) {
      const mentions = scanner({ '/p/a.test.ts': source, [target]: helper })
      expect(mentions('/p/a.test.ts'), form).toBe(true)
    }
  })

  it('two levels deep and no further; packages and missing files are skipped', () => {
    const chain = {
      '/p/a.test.ts': "import './one'\nimport 'lodash'\nimport './missing'\n",
      '/p/one.ts': "import './two'\n",
      '/p/two.ts': "import './three'\n",
      '/p/three.ts': helper,
    }
    expect(scanner(chain)('/p/a.test.ts')).toBe(false)
    expect(scanner({ ...chain, '/p/two.ts': helper })('/p/a.test.ts')).toBe(true)
    expect(scanner({ '/p/a.test.ts': "import '../node_modules/x/perf'\n", '/node_modules/x/perf.js': helper })('/p/a.test.ts')).toBe(false)
    // Not modules: never read, even where their text names a matcher.
    const data = files({
      '/p/a.test.ts': "const d = require('./data.json')\nimport './x.css'\n",
      '/p/data.json': helper,
      '/p/x.css': helper,
    })
    expect(createMentionScanner(data)('/p/a.test.ts')).toBe(false)
    expect(data.reads).toEqual(['/p/a.test.ts'])
    // A dotted name is not an extension: `./perf.helpers` is perf.helpers.ts.
    expect(scanner({ '/p/a.test.ts': "import './perf.helpers'\n", '/p/perf.helpers.ts': helper })('/p/a.test.ts')).toBe(true)
  })

  it("follows aliases through the runner's resolver, never into node_modules or non-modules", () => {
    const texts = {
      '/p/a.test.ts': "import { expectQuick } from '@helpers/perf'\nimport React from 'react'\nimport '@styles/x.css'\n",
      '/p/src/test/perf.ts': helper,
    }
    const mapped: Record<string, string> = {
      '@helpers/perf': '/p/src/test/perf.ts',
      react: '/p/node_modules/react/index.js',
      '@styles/x.css': '/p/src/x.css',
    }
    const resolveBare = (specifier: string): string => {
      const target = mapped[specifier]
      if (target === undefined) throw new Error(`Cannot find module '${specifier}'`)
      return target
    }
    const fs = files({ ...texts, '/p/node_modules/react/index.js': helper, '/p/src/x.css': helper })
    expect(createMentionScanner(fs)('/p/a.test.ts', resolveBare)).toBe(true)
    // Without a resolver (Jest's ESM setup build) an alias is not followed.
    expect(createMentionScanner(files(texts))('/p/a.test.ts')).toBe(false)
    // Only the package and the stylesheet point at helpers: neither is read.
    const noAlias = files({
      '/p/a.test.ts': "import React from 'react'\nimport '@styles/x.css'\nimport 'missing-pkg'\n",
      '/p/node_modules/react/index.js': helper,
      '/p/src/x.css': helper,
    })
    expect(createMentionScanner(noAlias)('/p/a.test.ts', resolveBare)).toBe(false)
    expect(noAlias.reads).toEqual(['/p/a.test.ts'])
  })

  it('survives import cycles and reads a shared helper once per worker until it changes', () => {
    const fs = files({
      '/p/a.test.ts': "import './h'\n",
      '/p/b.test.ts': "import './h'\n",
      '/p/h.ts': "import './g'\nexport const x = 1\n",
      '/p/g.ts': "import './h'\n",
    })
    const mentions = createMentionScanner(fs)
    expect(mentions('/p/a.test.ts')).toBe(false)
    expect(mentions('/p/b.test.ts')).toBe(false)
    expect(fs.reads.filter((path) => path === '/p/h.ts')).toHaveLength(1)
    // Watch mode: the helper now asserts with a perf matcher; its new stamp makes the worker read it again.
    fs.touch('/p/h.ts', helper)
    expect(mentions('/p/a.test.ts')).toBe(true)
    expect(fs.reads.filter((path) => path === '/p/h.ts')).toHaveLength(2)
  })

  it('stops after a bounded number of files (a barrel importing everything) and then registers them', () => {
    const barrel: Record<string, string> = { '/p/a.test.ts': "import './index'\n" }
    barrel['/p/index.ts'] = Array.from({ length: 80 }, (_, i) => `export * from './m${i}'\n`).join('')
    for (let i = 0; i < 80; i++) barrel[`/p/m${i}.ts`] = `export const m${i} = ${i}\n`
    const fs = files(barrel)
    // None of the 80 names a matcher, but the scan stopped before reading them all: it cannot rule a helper out.
    expect(createMentionScanner(fs)('/p/a.test.ts')).toBe(true)
    expect(fs.reads.length).toBeLessThanOrEqual(48)
    // Within the bound, the same shape answers after reading everything.
    const small: Record<string, string> = { '/p/a.test.ts': "import './index'\n" }
    small['/p/index.ts'] = Array.from({ length: 20 }, (_, i) => `export * from './m${i}'\n`).join('')
    for (let i = 0; i < 20; i++) small[`/p/m${i}.ts`] = `export const m${i} = ${i}\n`
    expect(createMentionScanner(files(small))('/p/a.test.ts')).toBe(false)
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
