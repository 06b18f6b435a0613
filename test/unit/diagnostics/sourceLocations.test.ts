import { describe, expect, it } from 'vitest'
import { decodeMappings, lookup } from '../../../src/diagnostics/sourceLocations.js'

describe('decodeMappings()', () => {
  it('decodes base64 VLQ segments with their running offsets', () => {
    // Line 0: col 0 → source 0, line 0, col 0; col 4 → line 0 col 4. Line 1 empty. Line 2: col 2 → line 3, col 0.
    const lines = decodeMappings('AAAA,IAAI;;EAGJ')
    expect(lines).toEqual([
      [
        [0, 0, 0, 0],
        [4, 0, 0, 4],
      ],
      [],
      [[2, 0, 3, 0]],
    ])
  })

  it('skips one-field segments (generated code with no source)', () => {
    expect(decodeMappings('A,CAAA')).toEqual([[[1, 0, 0, 0]]])
  })
})

describe('lookup()', () => {
  const map = { sources: ['/src/a.ts'], lines: decodeMappings('AAAA,IAAI;;EAGJ') }

  it('takes the last segment at or before the column, 1-based', () => {
    expect(lookup(map, 0, 6)).toEqual({ source: '/src/a.ts', line: 1, column: 5 })
    expect(lookup(map, 2, 0)).toEqual({ source: '/src/a.ts', line: 4, column: 1 })
  })

  it('returns undefined for lines without mappings', () => {
    expect(lookup(map, 1, 0)).toBeUndefined()
    expect(lookup(map, 9, 0)).toBeUndefined()
  })
})
