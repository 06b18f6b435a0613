import { describe, expect, it } from 'vitest'
import { projectFileKey, projectFileOfId } from '../../../src/model/types.js'
import { dropOutOfScope, inScope } from '../../../src/pipeline/scope.js'

const scope = { ranFiles: new Set(['test/a.test.ts']), skipped: new Set(['test/a.test.ts > skipped suite', 'test/a.test.ts > t > x']) }

describe('inScope()', () => {
  it('keeps measurements of files that ran and tests that were not skipped', () => {
    expect(inScope('test/a.test.ts > ran > m', undefined, scope)).toBe(true)
    expect(inScope('test/b.test.ts > ran > m', undefined, scope)).toBe(false)
  })

  it('drops measurements under a skipped describe block, trying every " > " prefix', () => {
    expect(inScope('test/a.test.ts > skipped suite > case > m', undefined, scope)).toBe(false)
  })

  it('uses the exact test of a baseline entry when it is known', () => {
    expect(inScope('test/a.test.ts > t > x > m', 'test/a.test.ts > t > x', scope)).toBe(false)
    expect(inScope('test/a.test.ts > t > x > m', 'test/a.test.ts > t', scope)).toBe(true)
  })
})

describe('projects running the same file', () => {
  const projects = { ...scope, ranProjectFiles: new Set([projectFileKey('unit', 'test/a.test.ts')]) }

  it('an id of a named project is in reach only where that project ran its file', () => {
    expect(inScope('[unit] > test/a.test.ts > ran > m', undefined, projects)).toBe(true)
    expect(inScope('[cond] > test/a.test.ts > ran > m', undefined, projects)).toBe(false)
    // Ids without a project keep the file rule.
    expect(inScope('test/a.test.ts > ran > m', undefined, projects)).toBe(true)
  })

  it('reads the project and file off an id, escaped names included', () => {
    expect(projectFileOfId('[unit] > test/a.test.ts > t > m')).toBe('[unit] > test/a.test.ts')
    expect(projectFileOfId(`${projectFileKey('a > b', 'test/x.ts')} > t > m`)).toBe(projectFileKey('a > b', 'test/x.ts'))
    expect(projectFileOfId('test/a.test.ts > t > m')).toBeUndefined()
  })
})

describe('dropOutOfScope()', () => {
  it('removes bases this run could not have produced but keeps every id it did produce', () => {
    const bases = new Map([
      ['test/a.test.ts > ran > m', 1],
      ['test/b.test.ts > other file > m', 2],
      ['test/b.test.ts > produced anyway > m', 3],
    ])
    dropOutOfScope(bases, new Set(['test/b.test.ts > produced anyway > m']), new Map(), { ranFiles: ['test/a.test.ts'], skippedTests: [] })
    expect([...bases.keys()]).toEqual(['test/a.test.ts > ran > m', 'test/b.test.ts > produced anyway > m'])
  })
})
