/**
 * Source text of the generated fixture suite: ordinary unit tests (no perf assertions) over a small library module
 * per file. The same tests for both runners; only the module syntax differs (Vitest: ESM imports; Jest: CommonJS
 * with globals, the setup most Jest projects have).
 */

/** The library each test file exercises: string, sorting and async helpers, a few µs to a ms per call. */
export function librarySource(runner) {
  const body = `
function slugify(text) {
  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}
function sortNumbers(values) {
  return [...values].sort((a, b) => a - b)
}
function isSorted(values) {
  for (let i = 1; i < values.length; i++) if (values[i - 1] > values[i]) return false
  return true
}
function wordCounts(text) {
  const counts = new Map()
  for (const word of text.split(/\\s+/)) counts.set(word, (counts.get(word) ?? 0) + 1)
  return counts
}
async function later(value) {
  await new Promise((resolve) => setImmediate(resolve))
  return value
}
`
  const names = 'slugify, sortNumbers, isSorted, wordCounts, later'
  return runner === 'vitest' ? `${body}\nexport { ${names} }\n` : `${body}\nmodule.exports = { ${names} }\n`
}

/** One test file with `testsPerFile` tests in three describe blocks. */
export function testFileSource(runner, fileIndex, testsPerFile) {
  const names = '{ isSorted, later, slugify, sortNumbers, wordCounts }'
  const library = `'../src/lib${fileIndex}.js'`
  const header =
    runner === 'vitest'
      ? `import { describe, expect, it } from 'vitest'\nimport ${names} from ${library}\n`
      : `const ${names} = require(${library})\n`
  const perBlock = Math.ceil(testsPerFile / 3)
  const tests = { strings: [], sorting: [], async: [] }
  for (let t = 0; t < testsPerFile; t++) {
    const n = fileIndex * 100 + t
    if (t < perBlock) {
      tests.strings.push(`  it('slugifies phrase ${n}', () => {
    expect(slugify('  Hello, World ${n}! ')).toBe('hello-world-${n}')
    expect(wordCounts('a b a c ${n} a').get('a')).toBe(3)
  })`)
    } else if (t < 2 * perBlock) {
      tests.sorting.push(`  it('sorts ${200 + 40 * t} numbers', () => {
    const input = Array.from({ length: ${200 + 40 * t} }, (_, k) => (k * 7919 + ${n}) % 1009)
    const output = sortNumbers(input)
    expect(output).toHaveLength(input.length)
    expect(isSorted(output)).toBe(true)
  })`)
    } else {
      tests.async.push(`  it('resolves value ${n}', async () => {
    await expect(later(${n})).resolves.toBe(${n})
  })`)
    }
  }
  const blocks = Object.entries(tests).map(
    ([name, list]) => `describe('${name} ${fileIndex}', () => {\n${list.join('\n\n')}\n})`,
  )
  return `${header}\n${blocks.join('\n\n')}\n`
}
