import { describe, expect, it } from 'vitest'
import { formatBytes } from '../../../../src/format.js'

describe('formatBytes()', () => {
  it('keeps three significant digits with a binary unit', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(16.25)).toBe('16.3 B')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1057)).toBe('1.03 KiB')
    expect(formatBytes(104_000)).toBe('102 KiB')
    expect(formatBytes(12.3 * 2 ** 20)).toBe('12.3 MiB')
    expect(formatBytes(-2048)).toBe('-2.00 KiB')
  })
})
