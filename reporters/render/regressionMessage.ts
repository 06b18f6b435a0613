import { formatPercent } from '../../src/format.js'
import type { DecidedComparison } from '../../src/model/comparison.js'

/** The one-line message of a regression: measurement, change, interval and baseline commit, then the reason. */
export function regressionMessage(id: string, c: DecidedComparison): string {
  const level = Math.round(c.confidenceLevel * 100)
  const interval = `, ${level}% interval ${formatPercent(c.intervalPercent[0])} … ${formatPercent(c.intervalPercent[1])}`
  const base = c.baselineCommit ? ` against baseline ${c.baselineCommit.slice(0, 7)}` : ''
  return `Performance regression: ${id} is ${formatPercent(c.changePercent)} slower${interval}${base}. ${c.reason}`
}
