import { appendFile, mkdir } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { planBaselineUpdate, updateBaselineFile } from '../stores/baseline/index.js'
import { buildReport } from './buildReport.js'
import { environmentFingerprint } from '../env/fingerprint.js'
import { isPerfSentinelError, PerfSentinelError } from '../errors.js'
import { formatPercent } from '../format.js'
import { readGitInfo } from '../git/git.js'
import { appendRun, appendRunToNotes, buildHistoryRun, compactHistory, trendFor } from '../stores/history/index.js'
import type { PerfReport, TrendPoint } from '../model/report.js'
import type { HistoryReadResult } from '../stores/history/index.js'
import type { GitInfo } from '../model/types.js'
import type { Comparison, MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'
import { writeFileAtomic } from '../stores/atomicWrite.js'
import { detectChangePoints } from '../stats/changePoints.js'
import type { BaselineComparison } from './compareWithBaseline.js'
import { compareWithBaseline, readHistory } from './compareWithBaseline.js'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import { renderers } from '../../reporters/render/index.js'

export interface FinishRunInput {
  runner: { name: 'vitest' | 'jest'; version: string }
  rootDir: string
  startedAt: Date
  /** Every measurement of the run, test durations included. */
  records: readonly MeasurementRecord[]
  /** Test files that ran (relative): a filtered or sharded run only prunes baseline entries of these. */
  ranFiles: readonly string[]
  /**
   * Tests that exist but did not run (`-t`, `.skip`, `.only` elsewhere), as `file > full test name`: their baseline
   * entries are neither `removed` nor pruned, like snapshots of skipped tests.
   */
  skippedTests?: readonly string[]
  /** The runner says this is CI (`jest --ci`), on top of the CI environment variables. */
  ci?: boolean
  options: ResolvedReporterOptions
  /** The runner's own update flag (`vitest -u`, `jest -u`). */
  updateRequested: boolean
  /** Lookups started with `prefetchRun` when the run began; made now when absent (e.g. `--merge-reports`). */
  prefetch?: RunPrefetch
}

/** Lookups that do not depend on the results, started when the run starts so their latency hides behind the tests. */
export interface RunPrefetch {
  git: Promise<GitInfo>
  history: Promise<HistoryReadResult>
}

/** Starts the git and history lookups of a run. Neither promise rejects. */
export function prefetchRun(rootDir: string, options: ResolvedReporterOptions, env: NodeJS.ProcessEnv = process.env): RunPrefetch {
  return { git: readGitInfo({ cwd: rootDir, env }), history: readHistory(rootDir, options) }
}

export interface FinishRunIo {
  env?: NodeJS.ProcessEnv
  now?: () => Date
  color?: boolean
  /** Where GitHub annotations go. @default process.stdout */
  annotate?: (line: string) => void
}

export interface FinishRunOutcome {
  report: PerfReport
  /** The concise terminal table. */
  terminal: string
  written: string[]
  /** Each fails the run: regressions (with `failOnRegression`) and tool errors (corrupt baseline, unwritable output). */
  failures: Error[]
}

/** True when running in CI (`CI` set to anything but false/0), as Jest and most CI providers mean it. */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI
  return value !== undefined && value !== '' && value !== 'false' && value !== '0'
}

/**
 * The reporter pipeline, shared by the Vitest and Jest adapters: collect (done by the adapter) → compare → render
 * → write. It never throws: every problem is returned in `failures` or as a note in the report.
 */
export async function finishRun(input: FinishRunInput, io: FinishRunIo = {}): Promise<FinishRunOutcome> {
  const env = io.env ?? process.env
  const now = io.now ?? ((): Date => new Date())
  const { rootDir } = input
  // PERF_SENTINEL_BASE=<ref> is the command-line way to say `base` (runners reject unknown CLI flags).
  const base = input.options.base ?? (env.PERF_SENTINEL_BASE || undefined)
  const options = { ...input.options, base }
  const failures: Error[] = []
  const ci = isCI(env) || input.ci === true
  const prefetch = input.prefetch ?? prefetchRun(rootDir, options, env)
  const git = await prefetch.git
  const environment = environmentFingerprint({ runner: input.runner.name, runnerVersion: input.runner.version, env })
  const gated = input.records.filter((r) => r.kind !== 'test-duration')
  const notes = [...git.notes]

  let compared: BaselineComparison | undefined
  try {
    compared = await compareWithBaseline(gated, environment, rootDir, options, prefetch.history, { ranFiles: input.ranFiles, skippedTests: input.skippedTests ?? [] })
    notes.push(...compared.notes)
  } catch (error) {
    failures.push(asError(error))
    notes.push('The baseline could not be read, so nothing was compared and the baseline was not written.')
  }

  if (compared) await saveBaseline({ ...input, options }, gated, compared, { git, environment, now: now() }, ci, env, notes, failures)
  const trends = compared ? buildTrends(input.records, compared, git.commit, now()) : undefined
  await saveHistory({ ...input, options }, git, environment, notes)
  const report = buildReport({
    run: {
      startedAt: input.startedAt.toISOString(),
      durationMs: now().getTime() - input.startedAt.getTime(),
      runner: input.runner,
      ci,
      git,
      environment,
      ...(compared?.source ? { baseline: compared.source } : {}),
      notes,
    },
    records: input.records,
    ...(compared ? { comparisons: compared.comparison.comparisons, baselineSamplesMs: compared.baseSamplesMs } : {}),
    ...(trends ? { trends } : {}),
    removed: compared ? removedEntries(compared) : [],
  })

  const written = await writeReports(report, rootDir, options, failures)
  if (options.github) {
    const htmlReportPath = written.some((path) => path.endsWith(renderers.html.fileName)) ? join(options.outputDir, renderers.html.fileName) : undefined
    await githubOutputs(report, env, io.annotate ?? ((line) => process.stdout.write(`${line}\n`)), failures, htmlReportPath)
  }

  if (options.failOnRegression) {
    for (const m of report.measurements) {
      if (m.comparison?.verdict === 'regressed') failures.push(regressionError(m.id, m.comparison))
    }
  }
  if (options.failOnNew && ci && report.summary.byVerdict.new > 0) {
    failures.push(new PerfSentinelError('E_CONFIG', `${report.summary.byVerdict.new} measurement(s) have no baseline and failOnNew is set.`, {
      fix: 'record a baseline outside CI (PERF_SENTINEL_UPDATE=1) and commit it',
    }))
  }
  const terminal = options.terminal ? renderers.terminal.render(report, { written, color: io.color ?? false }) : ''
  return { report, terminal, written, failures }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

/** The message a failed CI run shows: measurement, change, interval and baseline commit. */
export function regressionError(id: string, c: Comparison): Error {
  const interval = c.intervalPercent ? `, ${Math.round((c.confidenceLevel ?? 0.99) * 100)}% interval ${formatPercent(c.intervalPercent[0])} … ${formatPercent(c.intervalPercent[1])}` : ''
  const base = c.baselineCommit ? ` against baseline ${c.baselineCommit.slice(0, 7)}` : ''
  return new Error(`Performance regression: ${id} is ${formatPercent(c.changePercent ?? 0)} slower${interval}${base}. ${c.reason}`)
}

function removedEntries(compared: BaselineComparison): PerfReport['removed'] {
  return compared.comparison.removed.flatMap((id) => {
    const entry = compared.baselineFile?.entries[id]
    if (!entry) return []
    return [{ id, file: entry.file, testName: entry.testName, name: entry.name, kind: entry.kind, baselineMedianMs: entry.stats.medianMs }]
  })
}

function buildTrends(records: readonly MeasurementRecord[], compared: BaselineComparison, commit: string | undefined, time: Date): Map<string, TrendPoint[]> {
  const trends = new Map<string, TrendPoint[]>()
  for (const record of records) {
    const id = measurementId(record)
    const points = trendFor(compared.history, id)
    // The measurement's own baseline commit (entries of one baseline file can come from different commits); test
    // durations have none. Marked on the latest earlier run at that commit.
    const baselineCommit = compared.comparison.comparisons.get(id)?.baselineCommit
    if (baselineCommit !== undefined) {
      const at = points.findLastIndex((p) => p.commit === baselineCommit)
      if (at >= 0) (points[at] as TrendPoint).isBaseline = true
    }
    // This run is not in the store yet: it ends the trend.
    points.push({ commit: commit ?? 'working tree', time: time.toISOString(), medianMs: record.result.medianMs, p95Ms: record.result.p95Ms })
    for (const index of detectChangePoints(points.map((p) => p.medianMs))) (points[index] as TrendPoint).isChangePoint = true
    trends.set(id, points)
  }
  return trends
}

async function writeReports(report: PerfReport, rootDir: string, options: ResolvedReporterOptions, failures: Error[]): Promise<string[]> {
  const dir = resolve(rootDir, options.outputDir)
  const written: string[] = []
  const fix = 'choose a writable outputDir (reporter option) or --outputFile.perf=<dir>'
  try {
    await mkdir(dir, { recursive: true })
  } catch (error) {
    // One error for the directory, not one per report format.
    failures.push(new PerfSentinelError('E_WRITE', `perf-sentinel could not create the report directory ${dir}: ${asError(error).message}`, { fix, cause: error }))
    return written
  }
  for (const format of options.formats) {
    const { fileName, render } = renderers[format]
    const path = join(dir, fileName)
    try {
      const htmlName = options.formats.includes('html') ? renderers.html.fileName : undefined
      await writeFileAtomic(path, render(report, { htmlReportPath: htmlName ? join(options.outputDir, htmlName) : undefined }))
      written.push(relative(rootDir, path) || path)
    } catch (error) {
      failures.push(isPerfSentinelError(error) ? error : new PerfSentinelError('E_WRITE', `perf-sentinel could not write ${path}: ${asError(error).message}`, {
        fix,
        cause: error,
      }))
    }
  }
  return written
}

async function githubOutputs(
  report: PerfReport,
  env: NodeJS.ProcessEnv,
  annotate: (line: string) => void,
  failures: Error[],
  htmlReportPath: string | undefined,
): Promise<void> {
  if (env.GITHUB_ACTIONS === 'true') {
    const escape = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
    // Property values also escape , and : (GitHub's workflow-command syntax). file= puts the annotation on the test file.
    const property = (text: string): string => escape(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
    for (const m of report.measurements) {
      const c = m.comparison
      const file = `file=${property(m.file)},`
      if (c?.verdict === 'regressed') annotate(`::error ${file}title=Performance regression::${escape(regressionError(m.id, c).message)}`)
      else if (c?.warning) annotate(`::warning ${file}title=Possible slowdown::${escape(`${m.id}: ${formatPercent(c.changePercent ?? 0)}. ${c.reason}`)}`)
    }
  }
  if (!env.GITHUB_STEP_SUMMARY) return
  try {
    await appendFile(env.GITHUB_STEP_SUMMARY, renderers.markdown.render(report, { htmlReportPath }))
  } catch (error) {
    failures.push(new PerfSentinelError('E_WRITE', `perf-sentinel could not append to GITHUB_STEP_SUMMARY (${env.GITHUB_STEP_SUMMARY}): ${asError(error).message}`, {
      fix: 'set github: false in the reporter options if the step summary is not wanted',
      cause: error,
    }))
  }
}

async function saveBaseline(
  input: FinishRunInput,
  gated: readonly MeasurementRecord[],
  compared: BaselineComparison,
  meta: Parameters<typeof planBaselineUpdate>[2],
  ci: boolean,
  env: NodeJS.ProcessEnv,
  notes: string[],
  failures: Error[],
): Promise<void> {
  const { options, rootDir } = input
  if (options.updateBaseline === false || options.base !== undefined) return
  const explicit = options.updateBaseline === true || input.updateRequested || ['1', 'true'].includes(env.PERF_SENTINEL_UPDATE ?? '')
  // Like Jest snapshots with --ci: CI never writes a baseline unless asked to explicitly.
  if (ci && !explicit) return
  const fresh = explicit ? gated : gated.filter((r) => compared.comparison.comparisons.get(measurementId(r))?.verdict === 'new')
  if (fresh.length === 0 && !explicit) return
  const path = join(rootDir, options.baselinePath)
  try {
    await updateBaselineFile(path, (existing) => planBaselineUpdate(existing, fresh, meta, { prune: explicit, ranFiles: input.ranFiles, skippedTests: input.skippedTests ?? [] }))
    notes.push(explicit ? `Baseline ${options.baselinePath} updated with ${fresh.length} measurement(s).` : `Baseline ${options.baselinePath}: ${fresh.length} new measurement(s) recorded.`)
  } catch (error) {
    failures.push(asError(error))
  }
}

async function saveHistory(input: FinishRunInput, git: PerfReport['run']['git'], environment: PerfReport['run']['environment'], notes: string[]): Promise<void> {
  const { options, rootDir } = input
  if (options.history === false && !options.gitNotes) return
  const run = buildHistoryRun({ records: input.records, git, environment, time: input.startedAt })
  if (options.history !== false) {
    const dir = join(rootDir, options.history)
    try {
      await appendRun(dir, run)
      await compactHistory(dir)
    } catch (error) {
      notes.push(`History not recorded: ${asError(error).message}`)
    }
  }
  if (options.gitNotes) {
    const notesResult = await appendRunToNotes(rootDir, run)
    notes.push(...notesResult.problems)
  }
}
