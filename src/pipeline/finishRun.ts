import { mergeResourceTimelines } from '../diagnostics/resources/mergeResourceTimelines.js'
import { appendFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { TestCallsRecord } from '../diagnostics/instrumentedSection.js'
import { buildInstrumentedSection } from '../diagnostics/instrumentedSection.js'
/**
 * The run end, shared by the Vitest and Jest reporters. The steps, in order:
 *   1. compare      load the base (baseline file or a git ref's runs), keep what this run covered, decide verdicts;
 *                   confirm each regression by re-running its test file in a fresh process
 *   2. save         baseline (per the write policy) and history — before the report, which notes what was written
 *   3. build        trends and the report model
 *   4. write        alerts (de-duplicated), report files, GitHub annotations and step summary
 *   5. decide       which findings fail the run
 * It never throws: every problem is returned in `failures` or as a note in the report.
 */
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import type { ResolvedConfig } from '../config/configSchema.js'
import { createMeasurementFilter, measurementKey } from '../config/measurementFilter.js'
import type { AlertOptions } from '../alerts/alertOptions.js'
import { sendReportAlerts } from '../alerts/sendReportAlerts.js'
import { isCI } from '../env/ci.js'
import { environmentFingerprint } from '../env/fingerprint.js'
import { asError } from '../errors.js'
import type { PerfReport } from '../model/report.js'
import type { MeasurementRecord } from '../model/types.js'
import { isGated } from '../model/comparison.js'
import { renderers } from '../../reporters/render/index.js'
import { buildReport } from './buildReport.js'
import { writeConfirmationRecords } from './confirmationRecords.js'
import { confirmRegressions } from './confirm.js'
import type { RerunFiles } from './rerunFiles.js'
import { CONFIRM_OUT_ENV, rerunFromArgv } from './rerunFiles.js'
import { rememberWatchConfirmations, reuseWatchConfirmations, type WatchConfirmations } from './watchRuns.js'
import type { BaselineComparison } from './compareWithBaseline.js'
import { compareWithBaseline, removedEntries } from './compareWithBaseline.js'
import { sharedIdComparison, splitDuplicates } from './duplicates.js'
import { decideFailures } from './failures.js'
import { confineOutputs } from './outputPaths.js'
import { githubOutputs } from './githubOutputs.js'
import type { RunPrefetch } from './prefetch.js'
import { prefetchRun } from './prefetch.js'
import type { BaselineReceipt, BaselineWrite } from './saveBaseline.js'
import { BASELINE_RECEIPT_ENV, baselineWritePolicy, saveBaseline, writeThisRun } from './saveBaseline.js'
import { brokenFilesNotes, comparisonNotes } from './runNotes.js'
import { saveHistory } from './saveHistory.js'
import { applySessionFloor, sessionFloorNote } from './sessionFloor.js'
import { buildTrends } from './trends.js'
import { writeReports } from './writeReports.js'
import { runTimeScale } from '../measure/timeScale.js'

export type { RunPrefetch } from './prefetch.js'
export { prefetchRun } from './prefetch.js'

/** What the runner adapter collected. */
export interface FinishRunInput {
  runner: { name: 'vitest' | 'jest'; version: string }
  rootDir: string
  startedAt: Date
  /** Every measurement of the run, test durations included. */
  records: readonly MeasurementRecord[]
  /** Test files that ran (relative): a filtered or sharded run only prunes baseline entries of these. */
  ranFiles: readonly string[]
  /**
   * Test files that failed as a whole (an import error, a failing file-level hook), relative: like files that did
   * not run, their baseline entries are neither `removed` nor pruned (an update keeps them), and a note names them.
   * A file another project ran fine is still covered by that run.
   */
  brokenFiles?: readonly string[]
  /** `[project] > file` of each file a named project ran (not broken): see `RunScope.ranProjectFiles`. */
  ranProjectFiles?: readonly string[]
  /** Tests that exist but did not run (`-t`, `.skip`), as `file > full test name`: never `removed` nor pruned. */
  skippedTests?: readonly string[]
  /** Tests that failed (timeouts included), as `file > full test name`: their measurements never become a baseline. */
  failedTests?: readonly string[]
  /** The runner instruments the code for coverage: part of the environment fingerprint (`FingerprintInput.coverage`). */
  coverage?: boolean
  /** Vitest ran test files in a vm pool: part of the environment fingerprint (`FingerprintInput.vmPool`). */
  vmPool?: boolean
  /** The runner says this is CI (`jest --ci`), on top of the CI environment variables. */
  ci?: boolean
  /** Reporter options; with a config file also `include` / `exclude` / `thresholds` (see `loadConfig`). */
  options: ResolvedReporterOptions & Partial<Pick<ResolvedConfig, 'include' | 'exclude' | 'thresholds'>> & { alerts?: AlertOptions }
  /** The runner's own update flag (`vitest -u`, `jest -u`). */
  updateRequested: boolean
  /** Lookups started with `prefetchRun` when the run began; made now when absent (e.g. `--merge-reports`). */
  prefetch?: RunPrefetch
  /** Watch mode: the reporter's memory of regressions confirmed in earlier runs of this session (`watchRuns.ts`). */
  watchConfirmations?: WatchConfirmations
  /** Re-runs test files in a fresh process to confirm regressions. @default rerunFromArgv(runner, rootDir) */
  rerun?: RerunFiles
  /** Calls of `perfTiming` functions, per test (Vitest `task.meta.perfSentinelCalls`, Jest sidecar `calls`). */
  calls?: readonly TestCallsRecord[]
  /** Process-resource readings the workers sent, one per test file run (Vitest file meta, Jest sidecars); unchecked. */
  resources?: readonly unknown[]
}

/** The process edges of the run end, injectable for tests. */
export interface FinishRunIo {
  env?: NodeJS.ProcessEnv
  now?: () => Date
  color?: boolean
  /** Where GitHub annotations go. @default process.stdout */
  annotate?: (line: string) => void
  /** Where a line about slow work in progress (a baseline's further processes) goes. @default process.stderr */
  progress?: (line: string) => void
}

export interface FinishRunOutcome {
  report: PerfReport
  /** The concise terminal table. */
  terminal: string
  written: string[]
  /** Each fails the run: regressions (with `failOnRegression`) and tool errors (corrupt baseline, unwritable output). */
  failures: Error[]
}

/** Runs the steps above. */
export async function finishRun(input: FinishRunInput, io: FinishRunIo = {}): Promise<FinishRunOutcome> {
  const env = io.env ?? process.env
  const now = io.now ?? ((): Date => new Date())
  const { rootDir } = input
  const confirmOut = env[CONFIRM_OUT_ENV]
  if (confirmOut) return { ...(await writeConfirmationRecords(input, confirmOut)), terminal: '', written: [] }
  // PERF_SENTINEL_BASE=<ref> is the command-line way to say `base` (runners reject unknown CLI flags).
  const confined = confineOutputs(rootDir, { ...input.options, base: input.options.base ?? (env.PERF_SENTINEL_BASE || undefined) }, env)
  const options = confined.options
  const ci = isCI(env) || input.ci === true
  const failures: Error[] = [...confined.failures]
  const prefetch = input.prefetch ?? prefetchRun(rootDir, options, env)
  const git = await prefetch.git
  const environment = environmentFingerprint({
    runner: input.runner.name,
    runnerVersion: input.runner.version,
    env,
    coverage: input.coverage === true,
    vmPool: input.vmPool === true,
  })
  // include / exclude (config): what is measured and tracked; the rest is left out of everything below.
  const include = options.include ?? []
  const exclude = options.exclude ?? []
  const tracked = createMeasurementFilter({ include, exclude })
  // Without globs every record is kept: no key built per record (thousands of test durations).
  const records =
    include.length === 0 && exclude.length === 0 ? input.records : input.records.filter((record) => tracked(measurementKey(record)))
  const duplicates = splitDuplicates(records.filter(isGated))
  const gated = duplicates.unique
  // A colliding id's baseline entry is left alone: not compared, not `removed`, not pruned by an update. So are the
  // entries of a failed test: the measurements after its failure never ran, and an update keeps what it had.
  const broken = new Set(input.brokenFiles ?? [])
  const scope = {
    // A file one run covered and another broke (two projects): not pruned either.
    ranFiles: broken.size === 0 ? input.ranFiles : input.ranFiles.filter((file) => !broken.has(file)),
    skippedTests: [...(input.skippedTests ?? []), ...duplicates.tests, ...(input.failedTests ?? [])],
    ...(input.ranProjectFiles === undefined ? {} : { ranProjectFiles: input.ranProjectFiles }),
  }
  const scaled = runTimeScale(env)
  const notes = [...git.notes, ...duplicates.notes, ...scaled.notes, ...brokenFilesNotes(broken)]
  // Fresh runner processes for confirmation and for a baseline's further processes (building it only reads argv).
  const rerun: RerunFiles | undefined =
    'rerun' in input
      ? input.rerun
      : rerunFromArgv(input.runner.name, rootDir, process.argv, process.execArgv, env, { coverage: input.coverage === true })

  // Whether this run rewrites the baseline: an update run (-u) accepts its regressions, so it re-runs none to confirm.
  let policy: BaselineWrite | undefined
  try {
    policy = baselineWritePolicy(options, input.updateRequested, env, ci)
  } catch (error) {
    failures.push(asError(error))
  }

  // 1. compare
  let compared: BaselineComparison | undefined
  try {
    // Without gated measurements or a base ref, only test durations' trends read the history: its newest runs.
    const historyRead = gated.length > 0 || options.base !== undefined ? prefetch.history() : prefetch.recentHistory
    compared = await compareWithBaseline({ records: gated, environment, rootDir, options, historyRead, scope, ci })
    notes.push(...compared.notes)
    for (const [id, count] of duplicates.shared) compared.comparison.comparisons.set(id, sharedIdComparison(count))
    if (compared.failure) failures.push(compared.failure)
    // Against the baseline file, a change within the session floor cannot fail: held before confirmation (no re-run
    // for it) and again on the confirmed change.
    const sessionFloor = compared.source?.source === 'file' ? options.sessionFloorPercent : 0
    let held = applySessionFloor(compared.comparison.comparisons, compared.historyRunsOf, sessionFloor)
    const comparisons = compared.comparison.comparisons
    if (options.confirm > 0 && policy?.kind !== 'all') {
      const reused = input.watchConfirmations ? reuseWatchConfirmations(comparisons, input.watchConfirmations) : 0
      if (reused > 0) notes.push(`${reused} regression(s) confirmed earlier in this watch session: not re-run for this change.`)
      notes.push(...(await confirmRegressions(comparisons, gated, compared.recompare, rerun, options.confirm)))
    }
    held += applySessionFloor(comparisons, compared.historyRunsOf, sessionFloor)
    if (input.watchConfirmations) rememberWatchConfirmations(comparisons, input.watchConfirmations)
    if (held > 0) notes.push(sessionFloorNote(held, sessionFloor))
  } catch (error) {
    failures.push(asError(error))
    notes.push('The baseline could not be read, so nothing was compared and the baseline was not written.')
  }

  // 2. save
  const failedTests = new Set(input.failedTests ?? [])
  const write = writeThisRun(compared ? policy : undefined, failedTests.size)
  let savedBaseline = false
  if (compared && !compared.failure) {
    const passed = gated.filter((r) => !failedTests.has(`${r.file} > ${r.testName}`))
    if (passed.length < gated.length)
      notes.push(`${gated.length - passed.length} measurement(s) of failed tests are reported but never written to the baseline.`)
    try {
      const note = await saveBaseline({
        rootDir,
        options,
        write,
        records: passed,
        compared,
        meta: { git, environment, now: now() },
        scope,
        rerun,
        progress: io.progress ?? ((line) => process.stderr.write(`${line}\n`)),
      })
      if (note) notes.push(note)
      savedBaseline = write.kind !== 'none' && passed.length > 0
    } catch (error) {
      failures.push(asError(error))
    }
    if (write.kind === 'none' && ((ci && compared.source === undefined) || policy?.kind === 'all'))
      notes.push(`No baseline written: ${write.why}.`)
  }
  const receiptPath = env[BASELINE_RECEIPT_ENV]
  if (receiptPath) {
    const receipt: BaselineReceipt = { measurements: gated.length, written: savedBaseline }
    await appendFile(receiptPath, `${JSON.stringify(receipt)}\n`).catch((error: unknown) => {
      notes.push(`Could not tell perf-sentinel baseline update what this run recorded (${receiptPath}): ${asError(error).message}`)
    })
  }
  // Appended while the trends and the report are built (from the history already read): its write and fsync
  // overlap that work. Never rejects.
  const historySaved = saveHistory({ rootDir, options, records, git, environment, startedAt: input.startedAt })

  // 3. build
  // This run ends each trend at the time its history entry gets: the run's start.
  const trends = compared ? buildTrends(records, compared, git, input.startedAt) : undefined
  const report = buildReport({
    run: {
      startedAt: input.startedAt.toISOString(),
      durationMs: now().getTime() - input.startedAt.getTime(),
      runner: input.runner,
      ci,
      git,
      environment,
      ...(compared?.source ? { baseline: compared.source } : {}),
      ...(scaled.timeScale === undefined ? {} : { timeScale: scaled.timeScale }),
      notes,
    },
    records,
    ...(compared ? { comparisons: compared.comparison.comparisons, baselineSamplesMs: compared.baseSamplesMs } : {}),
    ...(trends ? { trends } : {}),
    removed: compared ? removedEntries(compared) : [],
    ...(input.calls && input.calls.length > 0 ? { instrumented: buildInstrumentedSection(input.calls) } : {}),
    reportDir: resolve(rootDir, options.outputDir),
  })

  report.run.notes.push(...(await historySaved), ...comparisonNotes(report, write.kind === 'all'))
  if (input.resources && input.resources.length > 0) {
    const resources = mergeResourceTimelines(input.resources, { rootDir })
    if (resources.length > 0) report.resources = resources
  }

  // 5. decide (before writing, so the report says what an update run accepted)
  const findings = decideFailures(report, options, ci, write, input.watchConfirmations ? input.runner.name : undefined)
  report.run.notes.push(...findings.accepted)
  if (findings.accepted.length > 0) {
    report.summary.failed = false
    report.summary.accepted = findings.accepted.length
  }

  // Alerts for confirmed regressions and blown budgets (PERF_SENTINEL_WEBHOOK_URL, PERF_SENTINEL_ALERT_DIR or the
  // config's `alerts`): de-duplicated across runs; a failing notifier becomes a note, never a failed run.
  report.run.notes.push(...(await sendReportAlerts(report, { ...(options.alerts ? { alerts: options.alerts } : {}), env, rootDir })))

  // 4. write
  const { written, failures: writeFailures } = await writeReports(report, rootDir, options)
  failures.push(...writeFailures)
  if (options.github) {
    const htmlReportPath = written.some((path) => path.endsWith(renderers.html.fileName))
      ? `${options.outputDir}/${renderers.html.fileName}`
      : undefined
    const summaryFailure = await githubOutputs(
      report,
      rootDir,
      env,
      io.annotate ?? ((line) => process.stdout.write(`${line}\n`)),
      htmlReportPath,
    )
    if (summaryFailure) failures.push(summaryFailure)
  }
  failures.push(...findings.failures)
  const terminal = options.terminal ? renderers.terminal.render(report, { written, color: io.color ?? false }) : ''
  return { report, terminal, written, failures }
}
