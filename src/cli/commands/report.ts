import { resolve } from 'node:path'
import { renderers } from '../../../reporters/render/index.js'
import { loadConfig } from '../../config/loadConfig.js'
import { createMeasurementFilter, measurementKey } from '../../config/measurementFilter.js'
import { formatError } from '../../errors.js'
import type { PerfReport } from '../../model/report.js'
import type { ReportTrends } from '../../model/trend.js'
import { writeReports } from '../../pipeline/writeReports.js'
import type { HistoryRun } from '../../stores/history/index.js'
import type { TrendSubject } from '../../pipeline/trends.js'
import { thisTrendRun, trendsFor } from '../../pipeline/trends.js'
import type { CliCommand } from '../command.js'
import { stringFlag } from '../flags.js'
import { inlineOptionsNote } from '../inlineOptions.js'
import { readHistoryRuns } from '../historyRuns.js'
import { parseFormats, readReportFile, rebuildReport, relinkProfiles } from '../reportFiles.js'

/**
 * Trends of a stored report's measurements from the history as it is now (pure): the stored runs oldest first,
 * the report's own run appended when the history does not hold it, its baseline commit marked, change points found.
 */
export function trendsFromHistory(report: PerfReport, runs: readonly HistoryRun[]): ReportTrends {
  const commit = report.run.git.commit
  const ownRunStored = runs.some((run) => run.time === report.run.startedAt && run.git.commit === commit)
  // Test durations from the newest stored runs only, as at the end of a test run, the report's own run one more: a
  // full history would make every executed test's trend hundreds of points long.
  const subjects = report.measurements.map(
    (m): TrendSubject => ({
      id: m.id,
      kind: m.kind,
      medianMs: m.stats.medianMs,
      p95Ms: m.stats.p95Ms,
      baselineCommit: m.comparison?.baselineCommit,
    }),
  )
  return trendsFor(subjects, runs, ownRunStored ? undefined : thisTrendRun(report.run.git, report.run.startedAt), ownRunStored ? 1 : 0)
}

/** `perf-sentinel report`: rewrites the report files from a stored report.json and the history, running no test. */
export const report: CliCommand = {
  summary: 'regenerate the html/json/markdown reports from a stored report.json and the history, without re-running tests',
  flags: {
    from: { type: 'string', valueHint: '<file>', description: 'the stored report (default: <outputDir>/report.json)' },
    format: { type: 'string', valueHint: '<list>', description: 'formats to write: json,markdown,html (default: the configured formats)' },
    out: { type: 'string', valueHint: '<dir>', description: 'where to write (default: outputDir, perf-report)' },
    json: { type: 'boolean', description: 'print { from, historyRuns, measurements, written } as JSON' },
  },
  details: ['Trends are recomputed from the history folder (and git notes with gitNotes: true); include/exclude apply.'],
  async run({ values, cwd, env, out, err }) {
    const { options } = await loadConfig({ cwd, env })
    const inline = await inlineOptionsNote(cwd)
    if (inline !== undefined) err(`perf-sentinel: ${inline}`)
    // Flags first: a wrong --format is said before any reading.
    const formats = parseFormats(stringFlag(values.format), options.formats)
    const from = resolve(cwd, stringFlag(values.from) ?? `${options.outputDir}/${renderers.json.fileName}`)
    const stored = await readReportFile(from)
    err('reading history…')
    const history = await readHistoryRuns(cwd, options)
    for (const problem of history.problems) err(problem)
    const outputDir = stringFlag(values.out) ?? options.outputDir
    const keep = createMeasurementFilter(options)
    const kept = stored.measurements.filter((m) => keep(measurementKey(m)))
    const measurements = relinkProfiles(kept, from, outputDir, cwd)
    const trends = trendsFromHistory({ ...stored, measurements }, history.runs)
    const regenerated = rebuildReport(stored.run, measurements, stored.removed, trends, stored)
    const { written, failures } = await writeReports(regenerated, cwd, { ...options, outputDir, formats })
    for (const failure of failures) err(formatError(failure))
    if (values.json === true) {
      out(JSON.stringify({ from, historyRuns: history.runs.length, measurements: measurements.length, written }, null, 2))
    } else {
      const durations = measurements.filter((m) => m.kind === 'test-duration').length
      const counted = `${measurements.length - durations} measurement(s)${durations > 0 ? ` and ${durations} test duration(s)` : ''}`
      out(`Regenerated ${counted} from ${from} with ${history.runs.length} history run(s):`)
      for (const path of written) out(`  ${path}`)
    }
    return failures.length > 0 ? 2 : 0
  },
}
