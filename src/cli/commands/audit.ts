import type { CliCommand } from '../command.js'
import { integerFlag, numberFlag, outputStyle, stringFlag } from '../flags.js'
import { colorEnabled, paint } from '../terminal.js'
import { MIN_AUDIT_POINTS } from '../trend/analyzeSeries.js'
import { auditHistory } from '../trend/auditHistory.js'
import { markdownTable, trendLabel } from '../trend/historyAnalysis.js'

/** `perf-sentinel audit`: regressions across the history; exit 1 when there are any. */
export const audit: CliCommand = {
  summary: 'list regressions across the history ("parse 1 KB: 15.3% slower since abc1234"); exit 1 when there are any',
  flags: {
    threshold: {
      type: 'string',
      valueHint: '<percent>',
      description: 'report slowdowns of at least this much (default: failThresholdPercent, per-glob thresholds)',
    },
    days: { type: 'string', valueHint: '<n>', description: 'only runs of the last n days (default: all)' },
    name: { type: 'string', valueHint: '<glob>', description: 'only measurements whose name, file or id matches' },
    json: { type: 'boolean', description: 'print { findings, measurements, runs } as JSON' },
    markdown: { type: 'boolean', description: 'print a Markdown table' },
  },
  details: [
    'A regression: the current level (since the last change point) above the level before a change point, or a drift of the last 5 commits over the first 5.',
    `A measurement needs ${MIN_AUDIT_POINTS} commits in the history to be judged (a change point has 3 on each side; 6–9 commits: a drift only when every point of the last half is above the first half); shorter ones are counted as too short.`,
  ],
  async run({ values, cwd, env, out, err }) {
    const style = outputStyle(values)
    const thresholdPercent = numberFlag(values.threshold, 'threshold')
    const days = integerFlag(values.days, 'days')
    const name = stringFlag(values.name)
    err(`reading history${days === undefined ? '' : ` (last ${days} days)`}…`)
    const result = await auditHistory(cwd, env, {
      ...(thresholdPercent === undefined ? {} : { thresholdPercent }),
      ...(days === undefined ? {} : { days }),
      ...(name === undefined ? {} : { name }),
    })
    for (const problem of result.problems) err(problem)
    const { findings } = result
    const short = result.trends.filter((t) => t.analysis.points < MIN_AUDIT_POINTS).length
    const shortNote =
      short === 0 ? '' : `; ${short} measurement(s) have fewer than ${MIN_AUDIT_POINTS} commits in the history: too few to judge`
    const limit =
      thresholdPercent === undefined
        ? `the configured thresholds (${result.config.compare.failThresholdPercent}% unless a glob overrides it)`
        : `${thresholdPercent}%`
    if (style === 'json') {
      out(
        JSON.stringify(
          {
            thresholdPercent: thresholdPercent ?? null,
            runs: result.runs,
            measurements: result.trends.length,
            tooFewCommits: short,
            findings,
          },
          null,
          2,
        ),
      )
    } else if (style === 'markdown') {
      out(
        `### Performance audit: ${findings.length === 0 ? 'no regressions' : `${findings.length} regression(s)`} above ${limit}${shortNote}`,
      )
      if (findings.length > 0) {
        out('')
        for (const line of markdownTable(
          ['measurement', 'slower', 'since', 'id'],
          findings.map((f) => [trendLabel(f), `${f.changePercent.toFixed(1)}%`, f.sinceCommit.slice(0, 7), f.id]),
        ))
          out(line)
      }
    } else {
      const p = paint(colorEnabled(env))
      for (const finding of findings) out(p.red(finding.message))
      out(
        `${findings.length === 0 ? p.green('No regressions') : `${findings.length} regression(s)`} above ${limit} in ${result.trends.length} measurement(s) over ${result.runs} run(s)${name !== undefined && result.trends.length === 0 && result.runs > 0 ? ` (none matches --name ${JSON.stringify(name)})` : ''}${shortNote}.`,
      )
    }
    return findings.length > 0 ? 1 : 0
  },
}
