import { resolve } from 'node:path'
import { renderers } from '../../../reporters/render/index.js'
import { loadConfig } from '../../config/loadConfig.js'
import { formatError, PerfSentinelError } from '../../errors.js'
import type { PerfReport } from '../../model/report.js'
import { budgetMissed } from '../../model/types.js'
import { isCI } from '../../env/ci.js'
import { decideFailures } from '../../pipeline/failures.js'
import { saveHistory } from '../../pipeline/saveHistory.js'
import { writeReports } from '../../pipeline/writeReports.js'
import type { CliCommand } from '../command.js'
import { stringFlag } from '../flags.js'
import { mergeReports } from '../mergeReports.js'
import { findReportFiles, parseFormats, readReportFile, toRecord } from '../reportFiles.js'
import { colorEnabled } from '../terminal.js'

/**
 * The exit code the test run would have had for this report, by the run end's own rule (`decideFailures`): 1 for
 * a gated regression with `failOnRegression`, or measurements without a baseline with `failOnNew` in CI — and for a
 * matcher budget that was not met, which failed its test in the shard.
 */
export function verdictExitCode(
  report: PerfReport,
  options: { failOnRegression: boolean; failOnNew: boolean },
  ci: boolean,
): { code: 0 | 1; failures: string[] } {
  const { failures } = decideFailures(report, options, ci, { kind: 'none', why: 'merging stored reports' })
  const budgets = report.measurements.filter((m) => budgetMissed(m.budget)).map((m) => `Budget not met (its test failed): ${m.id}`)
  const all = [...failures.map((f) => f.problem), ...budgets]
  return { code: all.length > 0 ? 1 : 0, failures: all }
}

/** `perf-sentinel merge <dir|files…>`: one report and one verdict from per-shard report.json files. */
export const merge: CliCommand = {
  summary: 'combine per-shard report.json files (Jest --shard, or any runner) into one report and one verdict',
  positionals: [{ name: 'inputs', description: 'folders (searched for report.json) or report.json files', required: true, variadic: true }],
  flags: {
    out: { type: 'string', valueHint: '<dir>', description: 'where to write the merged report (default: outputDir, perf-report)' },
    format: {
      type: 'string',
      valueHint: '<list>',
      description: 'formats to write, e.g. json,markdown,html (default: the configured formats)',
    },
    record: {
      type: 'boolean',
      description: 'append the merged run to the history (folder, and git notes with gitNotes), as the unsharded run would have',
    },
    json: { type: 'boolean', description: 'print { inputs, written, summary, exitCode } as JSON instead of the table' },
  },
  details: ['Exit code: 1 when the merged report has a regression (failOnRegression), as the unsharded run would have.'],
  async run({ positionals, values, cwd, env, out, err }) {
    const { options } = await loadConfig({ cwd, env })
    const outputDir = stringFlag(values.out) ?? options.outputDir
    const outDir = resolve(cwd, outputDir)
    // The output folder may sit among the inputs (perf-report/ beside perf-report-1/…): never merge the old result in.
    const paths = (await findReportFiles(positionals, cwd)).filter((path) => path !== resolve(outDir, renderers.json.fileName))
    if (paths.length === 0) {
      throw new PerfSentinelError('E_READ', `no report.json found in ${positionals.join(', ')}`, {
        fix: 'pass the folders the shards wrote (each has a report.json), e.g. perf-sentinel merge shard-reports/',
      })
    }
    const shards = []
    for (const [index, path] of paths.entries()) {
      err(`reading ${index + 1}/${paths.length}: ${path}`)
      shards.push({ path, report: await readReportFile(path) })
    }
    const report = mergeReports(shards, { outputDir, rootDir: cwd })
    if (values.record === true) {
      // The shards' own history went with their machines: the merged run is the one the history should hold.
      const notes = await saveHistory({
        rootDir: cwd,
        options,
        records: report.measurements.map(toRecord),
        git: report.run.git,
        environment: report.run.environment,
        startedAt: new Date(report.run.startedAt),
      })
      for (const note of notes) err(note)
      err(
        `recorded the merged run in ${[options.history === false ? '' : options.history, options.gitNotes ? 'git notes' : ''].filter(Boolean).join(' and ') || 'nothing (history: false, gitNotes: false)'}`,
      )
    }
    const formats = parseFormats(stringFlag(values.format), options.formats)
    const { written, failures: writeFailures } = await writeReports(report, cwd, { ...options, outputDir, formats })
    for (const failure of writeFailures) err(formatError(failure))
    const verdict = verdictExitCode(report, options, isCI(env) || report.run.ci)
    const exitCode = writeFailures.length > 0 ? 2 : verdict.code
    if (values.json === true) {
      out(JSON.stringify({ inputs: paths, written, summary: report.summary, failures: verdict.failures, exitCode }, null, 2))
    } else {
      out(`Merged ${paths.length} report(s): ${report.summary.total} measurement(s).`)
      out(renderers.terminal.render(report, { written, color: colorEnabled(env) }))
      for (const failure of verdict.failures) out(failure)
    }
    return exitCode
  },
}
