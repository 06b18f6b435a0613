import type { ReportMeasurement } from '../../src/model/report.js'
import { formatOps } from '../../src/format.js'
import { formatCount, formatInUnit, formatNumber, shortCommit, timeUnitFor, type TimeUnit } from './htmlFormat.js'

/**
 * The statistics of a measurement's detail panel in the report page, as [label, value] pairs formatted in the
 * measurement's display unit: the spread of its samples (only its subject when it has one sample), per-yield
 * figures, and its comparison with the baseline.
 */
export function details(m: ReportMeasurement, unit: TimeUnit): Array<[string, string]> {
  const s = m.stats
  // One sample (a test's duration, a single-shot matcher): every statistic would repeat it, and there are thousands.
  const rows: Array<[string, string]> = s.n === 1 ? [['subject', m.subject]] : spreadDetails(m, unit)
  if (m.perYield !== undefined) rows.push(['per yield', formatInUnit(m.perYield.medianMs, timeUnitFor(m.perYield.medianMs))])
  const c = m.comparison
  if (c !== undefined) {
    if (c.baselineMedianMs !== undefined) rows.push(['baseline median', formatInUnit(c.baselineMedianMs, unit)])
    if (c.absoluteChangeMs !== undefined)
      rows.push(['change', `${c.absoluteChangeMs >= 0 ? '+' : '−'}${formatInUnit(Math.abs(c.absoluteChangeMs), unit)}`])
    if (c.pValue !== undefined) rows.push(['p-value', pValue(c.pValue, c.adjustedPValue)])
    if (c.noiseFloorPercent !== undefined) rows.push(['noise floor', `±${c.noiseFloorPercent.toFixed(1)}%`])
    if (c.machineChangePercent !== undefined)
      rows.push(['machine vs baseline', `${c.machineChangePercent >= 0 ? '+' : '−'}${Math.abs(c.machineChangePercent).toFixed(1)}%`])
    if (c.minDetectablePercent !== undefined) rows.push(['detectable', `≥ ${formatNumber(c.minDetectablePercent)}%`])
    if (c.baseN !== undefined && c.headN !== undefined) rows.push(['n base → head', `${formatCount(c.baseN)} → ${formatCount(c.headN)}`])
    if (c.baselineCommit !== undefined) rows.push(['baseline commit', shortCommit(c.baselineCommit)])
  }
  return rows
}

/** The statistics of a measurement with several samples, for its detail panel. */
function spreadDetails(m: ReportMeasurement, unit: TimeUnit): Array<[string, string]> {
  const s = m.stats
  return [
    ['min', formatInUnit(s.minMs, unit)],
    ['mean', formatInUnit(s.meanMs, unit)],
    ['p75', formatInUnit(s.p75Ms, unit)],
    ['p90', formatInUnit(s.p90Ms, unit)],
    ['p99', formatInUnit(s.p99Ms, unit)],
    ['max', formatInUnit(s.maxMs, unit)],
    ['sd', formatInUnit(s.sdMs, unit)],
    ['MAD', formatInUnit(s.madMs, unit)],
    ['±RME', `${formatNumber(s.rmePercent)}%`],
    ['throughput', formatOps(s.opsPerSecond)],
    ['outliers', `${formatCount(s.outliers)} of ${formatCount(s.n)}`],
    ['batch', `${formatCount(m.batchSize)} op/sample`],
    ['subject', m.subject],
  ]
}

function pValue(p: number, adjusted: number | undefined): string {
  const text = (x: number): string => (x < 0.001 ? '< 0.001' : x.toFixed(3))
  return adjusted === undefined ? text(p) : `${text(p)} (Holm ${text(adjusted)})`
}
