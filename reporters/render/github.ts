import type { PerfReport } from '../../src/model/report.js'
import { formatPercent } from '../../src/format.js'
import { regressionMessage } from './regressionMessage.js'

/** Escapes a workflow-command message: %, CR and LF would end the command or start a new one. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Property values also escape `,` and `:` (GitHub's workflow-command syntax). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * GitHub Actions annotations for a report (pure): `::error` for each regression, `::warning` for each warned
 * slowdown, on the test file (`file=`) and, when `lineOf` knows it, the test's line (`line=`).
 */
export function renderGitHubAnnotations(
  report: PerfReport,
  lineOf: (m: PerfReport['measurements'][number]) => number | undefined = () => undefined,
): string[] {
  const lines: string[] = []
  for (const m of report.measurements) {
    const c = m.comparison
    const line = lineOf(m)
    const file = `file=${escapeProperty(m.file)},${line === undefined ? '' : `line=${line},`}`
    if (c?.verdict === 'regressed') lines.push(`::error ${file}title=Performance regression::${escapeData(regressionMessage(m.id, c))}`)
    else if (c?.warning)
      lines.push(`::warning ${file}title=Possible slowdown::${escapeData(`${m.id}: ${formatPercent(c.changePercent ?? 0)}. ${c.reason}`)}`)
  }
  return lines
}
