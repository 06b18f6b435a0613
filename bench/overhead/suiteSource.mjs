/**
 * Source text of the generated fixture suites: ordinary TypeScript unit tests (no perf assertions) over a small
 * library module per file, shaped like a real project's suite — a few describe blocks, string and sorting work, and
 * a third of the tests async (awaited promises, `setImmediate` hops). Both runners get the same tests; Vitest imports
 * `describe`/`it`/`expect` from 'vitest', Jest uses its globals (what most Jest projects do). The files are TypeScript
 * so that every test file goes through a transform: Vite's in Vitest, an esbuild transformer in Jest.
 */

/** The library each test file exercises: string, sorting and async helpers, a few µs to a ms per call. */
export function librarySource() {
  return `export interface Counted { word: string; count: number }

export function slugify(text: string): string {
  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}
export function sortNumbers(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b)
}
export function isSorted(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i - 1] as number) > (values[i] as number)) return false
  return true
}
export function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const word of text.split(/\\s+/)) counts.set(word, (counts.get(word) ?? 0) + 1)
  return counts
}
export function topWords(text: string, n: number): Counted[] {
  return [...wordCounts(text)].map(([word, count]) => ({ word, count })).sort((a, b) => b.count - a.count).slice(0, n)
}
export async function later<T>(value: T): Promise<T> {
  await new Promise<void>((resolve) => setImmediate(resolve))
  return value
}
`
}

/** One test file with `testsPerFile` tests in three describe blocks (strings, sorting, async). */
export function testFileSource(runner, fileIndex, testsPerFile) {
  const names = '{ isSorted, later, slugify, sortNumbers, topWords, wordCounts }'
  const header =
    (runner === 'vitest' ? `import { describe, expect, it } from 'vitest'\n` : '') + `import ${names} from '../src/lib${fileIndex}'\n`
  const perBlock = Math.ceil(testsPerFile / 3)
  const tests = { strings: [], sorting: [], async: [] }
  for (let t = 0; t < testsPerFile; t++) {
    const n = fileIndex * 1000 + t
    if (t < perBlock) {
      tests.strings.push(`  it('slugifies phrase ${n}', () => {
    const phrase: string = '  Hello, World ${n}! '
    expect(slugify(phrase)).toBe('hello-world-${n}')
    expect(wordCounts('a b a c ${n} a').get('a')).toBe(3)
    expect(topWords('x y x z x y', 2).map((w) => w.word)).toEqual(['x', 'y'])
  })`)
    } else if (t < 2 * perBlock) {
      const size = 200 + 40 * (t % 30)
      tests.sorting.push(`  it('sorts ${size} numbers (${n})', () => {
    const input: number[] = Array.from({ length: ${size} }, (_, k) => (k * 7919 + ${n}) % 1009)
    const output = sortNumbers(input)
    expect(output).toHaveLength(input.length)
    expect(isSorted(output)).toBe(true)
  })`)
    } else {
      tests.async.push(`  it('resolves value ${n}', async () => {
    await expect(later(${n})).resolves.toBe(${n})
    const values = await Promise.all([later('a'), later('b')])
    expect(values.join('')).toBe('ab')
  })`)
    }
  }
  const blocks = Object.entries(tests)
    .filter(([, list]) => list.length > 0)
    .map(([name, list]) => `describe('${name} ${fileIndex}', () => {\n${list.join('\n\n')}\n})`)
  return `${header}\n${blocks.join('\n\n')}\n`
}

/**
 * A Jest transformer for the TypeScript files, the way @swc/jest or esbuild-jest do it (ts-jest is not installed
 * here): esbuild strips the types and emits CommonJS. Jest caches its output by file content, as with any transformer.
 */
export const JEST_TRANSFORMER = `const { transformSync } = require('esbuild')
module.exports = {
  process(source, path) {
    const { code, map } = transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcemap: 'external', sourcefile: path })
    return { code, map }
  },
}
`
