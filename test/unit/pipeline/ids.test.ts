import { describe, expect, it } from 'vitest'
import type { CompareInputBase } from '../../../src/compare/index.js'
import { measurementId } from '../../../src/model/types.js'
import { migrateLegacyIds } from '../../../src/pipeline/compareWithBaseline.js'
import { splitDuplicates } from '../../../src/pipeline/duplicates.js'
import { inScope } from '../../../src/pipeline/scope.js'
import { record } from '../stores/fixtures.js'

const base = (medianMs: number): CompareInputBase => ({ samplesMs: [medianMs], medianMs })

describe('measurementId()', () => {
  it('keeps the id earlier versions wrote when the runner gives no title list and no project', () => {
    expect(measurementId({ file: 'a.test.ts', testName: 'suite > case', name: 'm' })).toBe('a.test.ts > suite > case > m')
  })

  it("tells describe('a > b') from describe('a') > describe('b')", () => {
    const nested = measurementId({ file: 'a.test.ts', testName: 'a > b > t', testPath: ['a', 'b', 't'], name: 'm' })
    const oneTitle = measurementId({ file: 'a.test.ts', testName: 'a > b > t', testPath: ['a > b', 't'], name: 'm' })
    expect(nested).toBe('a.test.ts > a > b > t > m')
    expect(oneTitle).toBe('a.test.ts > a \\> b > t > m')
    expect(nested).not.toBe(oneTitle)
  })

  it('puts the project first, so one file run by two projects gives two ids', () => {
    const web = measurementId({ project: 'web', file: 'a.test.ts', testName: 't', testPath: ['t'], name: 'm' })
    const node = measurementId({ project: 'node', file: 'a.test.ts', testName: 't', testPath: ['t'], name: 'm' })
    expect(web).toBe('[web] > a.test.ts > t > m')
    expect(web).not.toBe(node)
  })
})

describe('splitDuplicates()', () => {
  it('reports two tests with the same name instead of merging them, and keeps the rest', () => {
    const records = [record('a.test.ts', 'dup', 'm', 1), record('a.test.ts', 'dup', 'm', 3), record('a.test.ts', 'other', 'm', 2)]
    const { unique, notes, shared, tests } = splitDuplicates(records)
    expect(unique.map((r) => r.testName)).toEqual(['other'])
    expect([...shared]).toEqual([['a.test.ts > dup > m', 2]])
    expect(tests).toEqual(['a.test.ts > dup'])
    expect(notes).toEqual([
      'WARNING: 2 measurements share the id "a.test.ts > dup > m" (tests or measurements with the same name, or one test file run by two projects): they are reported but neither compared nor written to the baseline. Give them distinct names (for projects: a displayName for each Jest project, a name for each Vitest project).',
    ])
  })
})

describe('migrateLegacyIds()', () => {
  it('gives a measurement the base stored under its old id, when that old id is its alone', () => {
    const head = { ...record('a.test.ts', 't', 'm', 1), project: 'web', testPath: ['t'] }
    const bases = new Map([['a.test.ts > t > m', base(1)]])
    migrateLegacyIds(bases, [head])
    expect([...bases.keys()]).toEqual(['[web] > a.test.ts > t > m'])
  })

  it('does not guess when two projects share the old id', () => {
    const web = { ...record('a.test.ts', 't', 'm', 1), project: 'web', testPath: ['t'] }
    const node = { ...web, project: 'node' }
    const bases = new Map([['a.test.ts > t > m', base(1)]])
    migrateLegacyIds(bases, [web, node])
    expect([...bases.keys()]).toEqual(['a.test.ts > t > m'])
  })
})

describe('inScope() with projects', () => {
  it('reads the file after a project prefix', () => {
    const scope = { ranFiles: new Set(['a.test.ts']), skipped: new Set<string>() }
    expect(inScope('[web] > a.test.ts > t > m', undefined, scope)).toBe(true)
    expect(inScope('[web] > b.test.ts > t > m', undefined, scope)).toBe(false)
  })
})
