import type { Statistics } from './types.js'

/** Formats a duration in ms with a unit that keeps 3 significant digits: `12.3 ns`, `4.56 µs`, `7.21 ms`, `1.20 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms)
  const abs = Math.abs(ms)
  if (abs === 0) return '0 ns'
  if (abs < 0.001) return `${significant(ms * 1e6)} ns`
  if (abs < 1) return `${significant(ms * 1e3)} µs`
  if (abs < 1000) return `${significant(ms)} ms`
  return `${significant(ms / 1000)} s`
}

function significant(value: number): string {
  const abs = Math.abs(value)
  return value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2)
}

/** Formats a signed percentage: `+12.3%`, `-4.0%`. */
export function formatPercent(percent: number): string {
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`
}

/** Formats operations per second: `1.23M ops/s`. */
export function formatOps(opsPerSecond: number): string {
  if (!Number.isFinite(opsPerSecond)) return '∞ ops/s'
  if (opsPerSecond >= 1e6) return `${(opsPerSecond / 1e6).toFixed(2)}M ops/s`
  if (opsPerSecond >= 1e3) return `${(opsPerSecond / 1e3).toFixed(2)}k ops/s`
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
