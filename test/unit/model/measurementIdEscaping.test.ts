import { describe, expect, it } from 'vitest'
import { measurementId } from '../../../src/model/types.js'

const id = (testPath: string[]): string => measurementId({ file: 'f.test.ts', testName: testPath.join(' > '), testPath, name: 'm' })

describe('measurementId() with title lists', () => {
  it("tells ['x >', 'y'] from ['x', '> y'] (both join to 'x > > y')", () => {
    expect(id(['x >', 'y'])).toBe('f.test.ts > x \\> > y > m')
    expect(id(['x', '> y'])).toBe('f.test.ts > x > \\> y > m')
  })

  it("escapes a '>' between spaces even when two overlap ('a > > b')", () => {
    expect(id(['a > > b'])).toBe('f.test.ts > a \\> \\> b > m')
  })

  it("keeps ordinary titles as earlier versions wrote them ('x >= y', 'a -> b', '<div>')", () => {
    expect(id(['x >= y', 'a -> b', '<div>'])).toBe('f.test.ts > x >= y > a -> b > <div> > m')
  })

  it('gives every list of up to two titles over {a, space, >, \\} of up to 3 characters its own id', () => {
    const alphabet = ['a', ' ', '>', '\\']
    const titles = ['']
    for (let length = 1; length <= 3; length++)
      for (const title of titles.filter((t) => t.length === length - 1)) for (const c of alphabet) titles.push(title + c)
    const lists = [...titles.map((t) => [t]), ...titles.flatMap((a) => titles.map((b) => [a, b]))]
    const ids = new Set(lists.map(id))
    expect(ids.size).toBe(lists.length)
  })
})
