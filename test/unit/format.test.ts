import { describe, expect, it } from 'vitest'
import { formatMs, formatOps, formatPercent, formatStatisticsTable } from '../../src/format.js'
import { summarize } from '../../src/stats/summarize.js'
import type { Statistics } from '../../src/model/types.js'

describe('formatMs()', () => {
  it.each([
    [0.0000123, '12.3 ns'],
    [0.000001, '1.00 ns'],
    [0.000999, '999 ns'],
    [0.001, '1.00 µs'],
    [0.00456, '4.56 µs'],
    [0.0456, '45.6 µs'],
    [0.999, '999 µs'],
    [1, '1.00 ms'],
    [7.214, '7.21 ms'],
    [12.34, '12.3 ms'],
    [999, '999 ms'],
    [1000, '1.00 s'],
    [1200, '1.20 s'],
    [123_456, '123 s'],
  ])('formats %s ms as %s', (ms, expected) => {
    expect(formatMs(ms)).toBe(expected)
  })

  it('switches unit exactly at 1 µs, 1 ms and 1 s', () => {
    expect(formatMs(0.00099)).toMatch(/ ns$/)
    expect(formatMs(0.001)).toMatch(/ µs$/)
    expect(formatMs(0.99)).toMatch(/ µs$/)
    expect(formatMs(1)).toMatch(/ ms$/)
    expect(formatMs(999.4)).toMatch(/ ms$/)
    // 999.9 ms rounds to 1000 at three significant digits, so it is shown in seconds.
    expect(formatMs(999.9)).toBe('1.00 s')
    expect(formatMs(1000)).toMatch(/ s$/)
  })

  it('writes what the plain unit-by-unit rounding writes, for values around every unit edge and at random', () => {
    // The rule, written out slowly: the smallest unit whose value, rounded to 3 significant digits, is under 1000.
    const units: Array<[number, string]> = [
      [1e6, 'ns'],
      [1e3, 'µs'],
      [1, 'ms'],
      [1e-3, 's'],
    ]
    const reference = (ms: number): string => {
      for (let i = 0; i < units.length; i++) {
        const [factor, unit] = units[i] as [number, string]
        const v = ms * factor
        const places = (x: number): number => (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2)
        const text = v.toFixed(places(Number(v.toFixed(places(v)))))
        if (Math.abs(Number(text)) < 1000 || i === units.length - 1) return `${text} ${unit}`
      }
      return String(ms)
    }
    const values: number[] = []
    for (const edge of [1e-6, 1e-3, 1, 1e3, 1e6])
      for (const f of [0.9994, 0.9995, 0.99949, 0.99951, 0.999, 1, 1.0005, 9.995, 99.95, 999.5]) values.push(edge * f, -edge * f)
    let seed = 3
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      values.push(10 ** ((seed / 2 ** 31) * 14 - 8))
    }
    for (const ms of values) expect(formatMs(ms), String(ms)).toBe(reference(ms))
  })

  it('formats zero (and negative zero) as 0 ns', () => {
    expect(formatMs(0)).toBe('0 ns')
    expect(formatMs(-0)).toBe('0 ns')
  })

  it('keeps the sign of negative durations and picks the unit by magnitude', () => {
    expect(formatMs(-0.5)).toBe('-500 µs')
    expect(formatMs(-2)).toBe('-2.00 ms')
    expect(formatMs(-1500)).toBe('-1.50 s')
    expect(formatMs(-0.0000042)).toBe('-4.20 ns')
  })

  it('prints non-finite values as they are', () => {
    expect(formatMs(Number.POSITIVE_INFINITY)).toBe('Infinity')
    expect(formatMs(Number.NaN)).toBe('NaN')
  })

  // BUG: format.ts:8-11 picks the unit before rounding, so values just under a unit boundary round up to
  // "1000 µs" / "1000 ns" / "1000 ms" instead of moving to the next unit.
  it('moves to the next unit when rounding reaches 1000 (0.9996 ms → 1.00 ms, not 1000 µs)', () => {
    expect(formatMs(0.9996)).toBe('1.00 ms')
  })

  // BUG: same cause inside a unit: the decimals are chosen from the unrounded value, so 9.999 ms prints 4 digits.
  it('keeps 3 significant digits when rounding crosses 10 (9.999 ms → 10.0 ms, not 10.00 ms)', () => {
    expect(formatMs(9.999)).toBe('10.0 ms')
  })
})

describe('formatPercent()', () => {
  it('signs positive changes with + and negative ones with -', () => {
    expect(formatPercent(12.34)).toBe('+12.3%')
    expect(formatPercent(-4)).toBe('-4.0%')
  })

  it('signs zero with +', () => {
    expect(formatPercent(0)).toBe('+0.0%')
  })

  it('keeps one decimal', () => {
    expect(formatPercent(100)).toBe('+100.0%')
    expect(formatPercent(-0.25)).toBe('-0.3%')
  })
})

describe('formatOps()', () => {
  it.each([
    [1_234_567, '1.23M ops/s'],
    [1e6, '1.00M ops/s'],
    [12_340, '12.34k ops/s'],
    [1000, '1.00k ops/s'],
    [999, '999.0 ops/s'],
    [0.5, '0.5 ops/s'],
  ])('formats %s operations per second as %s', (ops, expected) => {
    expect(formatOps(ops)).toBe(expected)
  })

  it('prints infinite throughput (0 ms per operation) as ∞', () => {
    expect(formatOps(Number.POSITIVE_INFINITY)).toBe('∞ ops/s')
  })
})

describe('formatStatisticsTable()', () => {
  const stats: Statistics = summarize([1, 2, 3, 4, 100])

  it('has one line per statistic, labels aligned, indented by two spaces', () => {
    const lines = formatStatisticsTable(stats).split('\n')
    expect(lines.map((line) => line.slice(0, 14))).toEqual([
      '  min         ',
      '  median      ',
      '  mean        ',
      '  p75         ',
      '  p95         ',
      '  p99         ',
      '  max         ',
      '  sd          ',
      '  MAD         ',
      '  throughput  ',
      '  samples     ',
    ])
  })

  it('shows every statistic formatted with its unit', () => {
    const table = formatStatisticsTable(stats)
    expect(table).toContain(`min         ${formatMs(stats.minMs)}`)
    expect(table).toContain(`median      ${formatMs(stats.medianMs)}`)
    expect(table).toContain(`mean        ${formatMs(stats.meanMs)} ±${stats.rmePercent.toFixed(2)}%`)
    expect(table).toContain(`p75         ${formatMs(stats.p75Ms)}`)
    expect(table).toContain(`p95         ${formatMs(stats.p95Ms)}`)
    expect(table).toContain(`p99         ${formatMs(stats.p99Ms)}`)
    expect(table).toContain(`max         ${formatMs(stats.maxMs)}`)
    expect(table).toContain(`sd          ${formatMs(stats.sdMs)}`)
    expect(table).toContain(`MAD         ${formatMs(stats.madMs)}`)
    expect(table).toContain(`throughput  ${formatOps(stats.opsPerSecond)}`)
    expect(table).toContain('samples     5 (1 outlier flagged, none dropped)')
  })

  it('pluralizes the outlier count', () => {
    expect(formatStatisticsTable({ ...stats, outliers: 0 })).toContain('(0 outliers flagged, none dropped)')
    expect(formatStatisticsTable({ ...stats, outliers: 3 })).toContain('(3 outliers flagged, none dropped)')
  })

  it('uses the given indent', () => {
    for (const line of formatStatisticsTable(stats, '>> ').split('\n')) expect(line.startsWith('>> ')).toBe(true)
    expect(formatStatisticsTable(stats, '').startsWith('min ')).toBe(true)
  })
})
