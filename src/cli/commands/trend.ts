import { loadConfig } from '../../config/loadConfig.js'
import type { CliCommand } from '../command.js'
import { integerFlag, outputStyle, stringFlag } from '../flags.js'
import { inlineOptionsNote } from '../inlineOptions.js'
import { readHistoryRuns } from '../historyRuns.js'
import { formatTable } from '../terminal.js'
import { markdownTable, selectSeries, TREND_HEADER, trendRows, trendsAsJson, trendsOf } from '../trend/historyAnalysis.js'

/** Default window of `trend`. */
export const DEFAULT_TREND_DAYS = 30

/** `perf-sentinel trend`: per measurement, the rolling-median baseline, the slope and the change points. */
export const trend: CliCommand = {
  summary: 'per measurement over the history: rolling-median baseline, slope per commit and change points',
  flags: {
    days: { type: 'string', valueHint: '<n>', description: `only runs of the last n days (default ${DEFAULT_TREND_DAYS})` },
    name: { type: 'string', valueHint: '<glob>', description: 'only measurements whose name, file or id matches' },
    json: { type: 'boolean', description: 'print JSON (points, rolling median, slope, change points per measurement)' },
    markdown: { type: 'boolean', description: 'print a Markdown table' },
  },
  details: ['Re-runs of one commit count once (their median). Reads the history folder, and git notes with gitNotes: true.'],
  async run({ values, cwd, env, out, err }) {
    const style = outputStyle(values)
    const days = integerFlag(values.days, 'days') ?? DEFAULT_TREND_DAYS
    const { options } = await loadConfig({ cwd, env })
    const inline = await inlineOptionsNote(cwd)
    if (inline !== undefined) err(`perf-sentinel: ${inline}`)
    err(`reading history (last ${days} days)…`)
    const history = await readHistoryRuns(cwd, options, { days })
    for (const problem of history.problems) err(problem)
    const name = stringFlag(values.name)
    const trends = trendsOf(selectSeries(history.runs, options, name))
    // Said instead of an empty table, in text and Markdown alike.
    const none =
      trends.length > 0
        ? undefined
        : name !== undefined && history.runs.length > 0
          ? `No measurement matches --name ${JSON.stringify(name)} (${selectSeries(history.runs, options).length} in the history of the last ${days} days).`
          : `No measurements in the history of the last ${days} days${history.runs.length === 0 ? ' (no runs recorded)' : ''}.`
    if (style === 'json') {
      out(JSON.stringify({ days, runs: history.runs.length, measurements: trendsAsJson(trends) }, null, 2))
    } else if (style === 'markdown') {
      out(`### Performance trend (${days} days, ${history.runs.length} runs)`)
      out('')
      if (none !== undefined) out(none.replace(/\|/g, '\\|'))
      else for (const line of markdownTable(TREND_HEADER, trendRows(trends))) out(line)
    } else if (none !== undefined) {
      out(none)
    } else {
      out(`Trend over ${days} days (${history.runs.length} runs):`)
      for (const line of formatTable([[...TREND_HEADER], ...trendRows(trends)])) out(line)
    }
    return 0
  },
}
