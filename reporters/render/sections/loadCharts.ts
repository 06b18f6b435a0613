/**
 * Small inline SVG charts of one load run (pure strings, no script): completions per second over the run, and the
 * corrected vs uncorrected latency percentiles on a log scale, where a coordinated-omission gap shows at a glance.
 */
import { formatMs } from '../../../src/format.js'
import type { LoadFigures } from '../../../src/model/loadFigures.js'
import { escapeHtml } from './htmlEscape.js'
import { PERCENTILE_LABELS } from './loadRows.js'

const WIDTH = 320
const HEIGHT = 90
const PAD = 4

/** Completions (and errors, in red) per second as bars; '' when the run has no timeline. */
export function throughputChart(l: LoadFigures, label: string): string {
  const buckets = l.timeline
  if (buckets.length === 0) return ''
  const top = Math.max(1, ...buckets.map((b) => b.completed + b.errors))
  const barWidth = (WIDTH - 2 * PAD) / buckets.length
  const bars = buckets.map((b, i) => {
    const x = PAD + i * barWidth
    const okHeight = ((HEIGHT - 2 * PAD) * b.completed) / top
    const errorHeight = ((HEIGHT - 2 * PAD) * b.errors) / top
    const base = HEIGHT - PAD
    const title = `${(b.atMs / 1000).toFixed(0)} s: ${b.completed} ok, ${b.errors} errors, mean ${formatMs(b.meanMs)}, max ${formatMs(b.maxMs)}`
    return (
      `<g><title>${title}</title>` +
      `<rect class="ok" x="${x.toFixed(1)}" y="${(base - okHeight).toFixed(1)}" width="${Math.max(0.5, barWidth - 1).toFixed(1)}" height="${okHeight.toFixed(1)}"/>` +
      (b.errors > 0
        ? `<rect class="error" x="${x.toFixed(1)}" y="${(base - okHeight - errorHeight).toFixed(1)}" width="${Math.max(0.5, barWidth - 1).toFixed(1)}" height="${errorHeight.toFixed(1)}"/>`
        : '') +
      '</g>'
    )
  })
  return `<svg class="load-throughput" role="img" aria-label="${escapeHtml(label)}: completions per second" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">${bars.join('')}</svg>`
}

/** Corrected and uncorrected p50 … max on a log scale; the closed model has one line. */
export function percentileChart(l: LoadFigures, label: string): string {
  const pick = (s: LoadFigures['latency']): number[] => [s.p50Ms, s.p90Ms, s.p95Ms, s.p99Ms, s.p999Ms, s.maxMs]
  const series: Array<[string, number[]]> = [['corrected', pick(l.latency)]]
  if (l.model === 'open') series.push(['uncorrected', pick(l.uncorrectedLatency)])
  const values = series.flatMap(([, v]) => v).filter((v) => v > 0)
  if (values.length === 0) return ''
  const lo = Math.log10(Math.min(...values))
  const hi = Math.max(lo + 1e-9, Math.log10(Math.max(...values)))
  const x = (i: number): number => PAD + 30 + (i * (WIDTH - 2 * PAD - 40)) / (PERCENTILE_LABELS.length - 1)
  const y = (ms: number): number => HEIGHT - 14 - ((Math.log10(Math.max(ms, 10 ** lo)) - lo) / (hi - lo)) * (HEIGHT - 24)
  const lines = series.map(([name, v]) => {
    const points = v.map((ms, i) => `${x(i).toFixed(1)},${y(ms).toFixed(1)}`).join(' ')
    const dots = v
      .map(
        (ms, i) =>
          `<circle cx="${x(i).toFixed(1)}" cy="${y(ms).toFixed(1)}" r="2"><title>${name} ${PERCENTILE_LABELS[i]} ${formatMs(ms)}</title></circle>`,
      )
      .join('')
    return `<g class="${name}"><polyline fill="none" points="${points}"/>${dots}</g>`
  })
  const ticks = PERCENTILE_LABELS.map((p, i) => `<text x="${x(i).toFixed(1)}" y="${HEIGHT - 2}" text-anchor="middle">${p}</text>`).join('')
  const axis = `<text x="${PAD}" y="12">${formatMs(10 ** hi)}</text><text x="${PAD}" y="${HEIGHT - 14}">${formatMs(10 ** lo)}</text>`
  return `<svg class="load-percentiles" role="img" aria-label="${escapeHtml(label)}: latency percentiles, corrected and uncorrected" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">${axis}${ticks}${lines.join('')}</svg>`
}
