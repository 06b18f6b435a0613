import type { Statistics } from './model/types.js'

/** Formats a duration in ms with a unit that keeps 3 significant digits: `12.3 ns`, `4.56 µs`, `7.21 ms`, `1.20 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms)
  if (ms === 0) return '0 ns'
  return withUnit(ms, MS_UNITS)
}

const MS_UNITS: ReadonlyArray<[factor: number, unit: string]> = [
  [1e6, 'ns'],
  [1e3, 'µs'],
  [1, 'ms'],
  [1e-3, 's'],
]

/** Picks the smallest unit whose ROUNDED value stays under 1000 (0.9996 ms is `1.00 ms`, not `1000 µs`). */
function withUnit(value: number, units: ReadonlyArray<[number, string]>): string {
  for (let i = 0; i < units.length; i++) {
    const [factor, unit] = units[i] as [number, string]
    const scaled = value * factor
    // Already ≥ 1000 before rounding: it cannot round below (skips the formatting; reports format thousands).
    if (Math.abs(scaled) >= 1000 && i < units.length - 1) continue
    const text = significant(scaled)
    if (Math.abs(Number(text)) < 1000 || i === units.length - 1) return `${text} ${unit}`
  }
  return String(value)
}

/** Three significant digits, decided on the rounded value (9.999 is `10.0`, not `10.00`). */
function significant(value: number): string {
  const decimals = (v: number): number => (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2)
  const places = decimals(value)
  const first = value.toFixed(places)
  const rounded = decimals(Number(first))
  return rounded === places ? first : value.toFixed(rounded)
}

/** Formats a signed percentage: `+12.3%`, `-4.0%`. */
export function formatPercent(percent: number): string {
  const text = percent.toFixed(1)
  // Signed on the rounded value: -0.04 is "+0.0%", like 0, not "-0.0%".
  return Number(text) === 0 ? '+0.0%' : `${Number(text) > 0 ? '+' : ''}${text}%`
}

/** Formats a confidence level such as 0.99 as `99%` (up to four significant digits: `99.5%`). */
export function formatConfidenceLevel(level: number): string {
  return `${Number((level * 100).toPrecision(4))}%`
}

/** Formats operations per second: `1.23M ops/s`. */
export function formatOps(opsPerSecond: number): string {
  if (!Number.isFinite(opsPerSecond)) return '∞ ops/s'
  // Decided on the rounded value, so 999 999 is "1.00M ops/s", not "1000.00k ops/s".
  if (Number((opsPerSecond / 1e3).toFixed(2)) >= 1000) return `${(opsPerSecond / 1e6).toFixed(2)}M ops/s`
  if (Number(opsPerSecond.toFixed(1)) >= 1000) return `${(opsPerSecond / 1e3).toFixed(2)}k ops/s`
  return `${opsPerSecond.toFixed(1)} ops/s`
}

/** A compact multi-line statistics table for failure messages and logs. */
export function formatStatisticsTable(stats: Statistics, indent = '  '): string {
  const rows: Array<[string, string]> = [
    ['min', formatMs(stats.minMs)],
    ['median', formatMs(stats.medianMs)],
    ['mean', `${formatMs(stats.meanMs)} ±${stats.rmePercent.toFixed(2)}%`],
    ['p75', formatMs(stats.p75Ms)],
    ['p95', formatMs(stats.p95Ms)],
    ['p99', formatMs(stats.p99Ms)],
    ['max', formatMs(stats.maxMs)],
    ['sd', formatMs(stats.sdMs)],
    ['MAD', formatMs(stats.madMs)],
    ['throughput', formatOps(stats.opsPerSecond)],
    ['samples', `${stats.n} (${stats.outliers} outlier${stats.outliers === 1 ? '' : 's'} flagged, none dropped)`],
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`).join('\n')
}

/** Formats a byte count with a binary unit and 3 significant digits: `512 B`, `1.00 KiB`, `12.3 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes)
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  if (unit === 0) return `${Number(value.toFixed(Math.abs(value) >= 100 ? 0 : 1))} B`
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2
  return `${value.toFixed(digits)} ${units[unit]}`
}

/**
 * `x` rounded to six significant digits, as a number: stored samples and the report page's figures (JSON of a double
 * takes up to 17 digits; a relative error of 5e-7 is far below any timer's noise). Not finite: unchanged.
 */
export function sixSignificantDigits(x: number): number {
  // Whole milliseconds below a million (runners' test durations, thousands at each run's end) already have six
  // digits or fewer: no string round trip for them.
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return x
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x
}
