import { describe, expect, it } from 'vitest'
import { titlesByFullName } from '../../../src/record/jestSidecar.js'
import { circusTitlePath, projectName, vitestTitlePath, withIdentity } from '../../../src/record/testIdentity.js'
import { testDurationRecord } from '../../../src/record/testDurationRecord.js'
import { measurementId } from '../../../src/model/types.js'

describe('vitestTitlePath()', () => {
  it("lists the suites' names from the file down, then the test's, never splitting a title on ' > '", () => {
    const module = { type: 'module', name: 'test/a.test.ts' }
    const outer = { type: 'suite', name: 'a > b', parent: module }
    expect(vitestTitlePath({ type: 'test', name: 'c', parent: outer })).toEqual(['a > b', 'c'])
    const a = { type: 'suite', name: 'a', parent: module }
    const b = { type: 'suite', name: 'b', parent: a }
    expect(vitestTitlePath({ type: 'test', name: 'c', parent: b })).toEqual(['a', 'b', 'c'])
    expect(vitestTitlePath({ type: 'test', name: 'top', parent: module })).toEqual(['top'])
  })
})

describe('circusTitlePath()', () => {
  it('leaves out the hidden root describe block (the one without a parent)', () => {
    const root = { name: 'ROOT_DESCRIBE_BLOCK' }
    const x = { name: 'x y', parent: root }
    expect(circusTitlePath({ name: 'z', parent: x })).toEqual(['x y', 'z'])
    expect(circusTitlePath({ name: 'top', parent: root })).toEqual(['top'])
  })

  it('gives up on anything that is not a jest-circus entry', () => {
    expect(circusTitlePath(undefined)).toBeUndefined()
    expect(circusTitlePath({ name: 'orphan' })).toBeUndefined()
    expect(circusTitlePath({ name: 'z', parent: { name: 42 as unknown as string, parent: {} } })).toBeUndefined()
  })
})

describe('titlesByFullName()', () => {
  it("maps Jest's space-joined names to title lists, and a name two tests share to nothing", () => {
    const titles = titlesByFullName([
      { fullName: 'a > b c', ancestorTitles: ['a > b'], title: 'c' },
      { fullName: 'a b c', ancestorTitles: ['a', 'b'], title: 'c' },
      { fullName: 'x y z', ancestorTitles: ['x y'], title: 'z' },
      { fullName: 'x y z', ancestorTitles: ['x'], title: 'y z' },
    ])
    expect(titles.get('a > b c')).toEqual(['a > b', 'c'])
    expect(titles.get('a b c')).toEqual(['a', 'b', 'c'])
    expect(titles.has('x y z')).toBe(true)
    expect(titles.get('x y z')).toBeUndefined()
  })
})

describe('withIdentity()', () => {
  it('gives two tests that share a joined name two ids, and names the project only when it has a name', () => {
    const flat = withIdentity(testDurationRecord('a.test.ts', 'a > b > c', 1), { testPath: ['a > b', 'c'], project: projectName('') })
    const nested = withIdentity(testDurationRecord('a.test.ts', 'a > b > c', 1), {
      testPath: ['a', 'b', 'c'],
      project: projectName(undefined),
    })
    expect(measurementId(flat)).not.toBe(measurementId(nested))
    expect(flat).not.toHaveProperty('project')
    const named = withIdentity(testDurationRecord('a.test.ts', 'c', 1), { testPath: ['c'], project: projectName('web') })
    expect(measurementId(named)).toBe('[web] > a.test.ts > c > (test duration)')
  })
})
