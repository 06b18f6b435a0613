/**
 * The Jest reporter (`reporters: ['default', 'perf-sentinel/jest/reporter']`). Workers leave a sidecar file per test
 * file run (see `src/runners/jest/setup.ts`); this collects each file's result as it arrives, reads the sidecars once
 * at the end and runs the pipeline. Following Jest's reporters: logs go to stderr, no hook throws or rejects (each
 * failure is printed once), failures surface through `getLastError()`.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { RESOURCES_ENV } from '../src/diagnostics/resources/resourceSamplingEnabled.js'
import { relative } from 'node:path'
import type { JestSidecar } from '../src/record/jestSidecar.js'
import { shareProfileDir } from '../src/diagnostics/profileDir.js'
import { JEST_DIR_ENV } from '../src/record/jestSidecar.js'
import { type MeasurementRecord, projectFileKey } from '../src/model/types.js'
import type { TestCallsRecord } from '../src/diagnostics/instrumentedSection.js'
import { failureBlock, failureLine } from './render/failureList.js'
import type { RunPrefetch } from '../src/pipeline/finishRun.js'
import { CONFIRM_OUT_ENV } from '../src/pipeline/rerunFiles.js'
import type { PerfSentinelConfig, ResolvedConfig } from '../src/config/configSchema.js'
import { loadRunConfig } from '../src/config/runConfig.js'
import { asError, formatError } from '../src/errors.js'
import { BUDGET_OVERRIDES_ENV, encodeBudgetOverrides } from '../matchers/budgetOverride.js'
import { runOutput } from './render/runFailures.js'
import { testDurationRecord } from '../src/record/testDurationRecord.js'
import { createSidecarDir } from '../src/record/sidecarDirs.js'
import { projectName, withIdentity } from '../src/record/testIdentity.js'
import type { JestGlobalConfig, JestTestContext, JestTestResult } from '../src/runners/jest/reporterApi.js'
import { watchLoopLine } from '../src/runners/jest/watchLoop.js'
import {
  addHeldRegressions,
  NOTHING_RAN_LINE,
  rememberRegressedFiles,
  type WatchConfirmations,
  type WatchRegressions,
  watchSessionConfirmations,
  watchSessionRegressions,
} from '../src/pipeline/watchRuns.js'
import { jestVersion } from '../src/runners/jest/reporterApi.js'
import { InBandSampler } from '../src/runners/jest/inBandSampler.js'
import { failureLineAfterSummary } from '../src/runners/jest/afterSummary.js'
import { readSidecars } from '../src/runners/jest/readSidecars.js'
import type { FileRun } from '../src/runners/jest/fileRun.js'
import { fileRunOf } from '../src/runners/jest/fileRun.js'
import { FullHistoryTrigger } from '../src/runners/jest/fullHistoryTrigger.js'
import {
  JEST_MATCHERS_ENV,
  listsPerfSetup,
  missingMatchers,
  unrecordedError,
  unregisteredMatchersHint,
} from '../src/runners/jest/matcherScope.js'

export default class PerfJestReporter {
  private readonly options: ResolvedConfig
  private readonly rootDir: string
  private readonly updateRequested: boolean
  private readonly sidecarDir: string
  private readonly records: MeasurementRecord[] = []
  private readonly calls: TestCallsRecord[] = []
  /** Process-resource readings, one per file run (sidecar `resources`). */
  private readonly resources: unknown[] = []
  private readonly ranFiles: string[] = []
  /** `[project] > file` of each file a named project ran: see `FinishRunInput.ranProjectFiles`. */
  private readonly ranProjectFiles: string[] = []
  private readonly brokenFiles: string[] = []
  private readonly skippedTests: string[] = []
  private readonly failedTests: string[] = []
  private readonly fileRuns: FileRun[] = []
  private readonly ci: boolean
  /** Coverage instrumentation is on: the measured code runs slower, so it is part of the fingerprint. */
  private readonly coverage: boolean
  private readonly watching: boolean
  /** Watch mode: regressions confirmed in earlier runs of this session, not re-run on every save. */
  private readonly watchConfirmations: WatchConfirmations
  /** Watch mode: files whose measurements stand regressed, added to an update run (the watch plugin's key). */
  private readonly watchRegressions: WatchRegressions
  private readonly alone: boolean
  private readonly failures: string[] = []
  /** Test files where a perf matcher was called but not registered (a helper module called it): file → matchers. */
  private readonly unregistered = new Map<string, Set<string>>()
  /** Files whose project's config lists no perf-sentinel setup file. */
  private readonly withoutSetup = new Set<string>()
  private startedAt = new Date()
  private lastError: Error | undefined
  private prefetch: Promise<RunPrefetch | undefined> | undefined
  private readonly fullHistory: FullHistoryTrigger
  /** Samples this process while Jest runs the test files in it (in band). */
  private readonly inBand = new InBandSampler()
  // The pipeline (git, stores, statistics, renderers) loads while the tests run, not while Jest starts.
  private pipeline: Promise<typeof import('../src/pipeline/finishRun.js')> | undefined

  /**
   * Resolves the configuration once, before any test runs: the config file found from `rootDir`, these options and
   * the PERF_SENTINEL_* variables (what `perf-sentinel config` prints). An invalid configuration throws here, which
   * Jest reports before running anything ("An error occurred while adding the reporter"); no hook below rejects.
   */
  constructor(globalConfig: JestGlobalConfig, options?: PerfSentinelConfig) {
    const source = 'perf-sentinel/jest/reporter options'
    const run = loadRunConfig({ rootDir: globalConfig.rootDir, inline: options, inlineSource: source })
    this.options = run.options
    // Workers inherit the environment: the off switch reaches them so.
    if (run.options.resources === false) process.env[RESOURCES_ENV] = '0'
    // The workers' setup file reads it (config file or reporter option → variable); invalid values failed above.
    process.env[JEST_MATCHERS_ENV] = run.options.jestMatchers
    for (const warning of run.warnings) process.stderr.write(`perf-sentinel: ${warning}\n`)
    this.rootDir = globalConfig.rootDir
    this.updateRequested = globalConfig.updateSnapshot === 'all'
    this.ci = globalConfig.ci === true
    this.coverage = globalConfig.collectCoverage === true
    this.watching = globalConfig.watch === true || globalConfig.watchAll === true
    this.watchConfirmations = watchSessionConfirmations(globalConfig.rootDir)
    this.watchRegressions = watchSessionRegressions(globalConfig.rootDir)
    // Configured as the only reporter: nothing else would show what failed, so this one does (briefly).
    this.alone = globalConfig.reporters?.length === 1
    // Workers inherit the environment, so they learn where to leave their sidecar files.
    // Named after this process, so a later run removes it if this one is killed (and removes such leftovers now).
    this.sidecarDir = createSidecarDir()
    process.env[JEST_DIR_ENV] = this.sidecarDir
    this.fullHistory = new FullHistoryTrigger(this.sidecarDir)
    // …where to write CPU profiles: <outputDir>/profiles, next to the report that links them…
    shareProfileDir(this.rootDir, this.options.outputDir)
    // …and the per-glob budgets of the configuration, which the matchers apply there.
    const budgets = encodeBudgetOverrides(this.rootDir, this.options.thresholds)
    if (budgets !== undefined) process.env[BUDGET_OVERRIDES_ENV] = budgets
    else delete process.env[BUDGET_OVERRIDES_ENV]
  }

  onRunStart(_results?: unknown, runOptions?: { showStatus?: boolean }): void {
    this.startedAt = new Date()
    this.inBand.runStarted(runOptions)
    // Watch mode runs again in the same reporter: start from nothing, with the sidecar folder back in place.
    for (const list of [
      this.records,
      this.calls,
      this.resources,
      this.ranFiles,
      this.brokenFiles,
      this.skippedTests,
      this.failedTests,
      this.fileRuns,
      this.failures,
    ])
      list.length = 0
    this.lastError = undefined
    this.fullHistory.reset()
    try {
      mkdirSync(this.sidecarDir, { recursive: true })
      this.pipeline ??= import('../src/pipeline/finishRun.js')
      // A confirmation re-run hands its records to the run that started it and reads neither git nor history.
      this.prefetch = process.env[CONFIRM_OUT_ENV]
        ? undefined
        : this.pipeline.then((pipeline) => pipeline.prefetchRun(this.rootDir, this.options)).catch(() => undefined)
    } catch (error) {
      this.fail(error)
    }
  }

  onTestFileStart(test: { path: string }): void {
    this.inBand.fileStarted(test.path)
  }

  onTestFileResult(
    test: { context?: { config?: { setupFilesAfterEnv?: unknown; setupFiles?: unknown } } } | undefined,
    result: JestTestResult,
  ): void {
    const readings = this.inBand.fileFinished()
    if (readings !== undefined) this.resources.push(readings)
    try {
      this.fullHistory.check(this.prefetch)
      this.collect(result, listsPerfSetup(test?.context?.config))
    } catch (error) {
      this.fail(error)
    }
  }

  async onRunComplete(contexts?: Set<JestTestContext>): Promise<void> {
    try {
      this.inBand.stop()
      if (this.watching) {
        const loop = watchLoopLine(this.rootDir, this.options, contexts ?? [])
        const skip = loop ?? (this.ranFiles.length === 0 && this.brokenFiles.length === 0 ? NOTHING_RAN_LINE : undefined)
        if (skip !== undefined) return void process.stderr.write(`${skip}\n`)
      }
      await this.finish()
    } catch (error) {
      this.fail(error)
    } finally {
      rmSync(this.sidecarDir, { recursive: true, force: true })
    }
  }

  /** Jest exits non-zero when a reporter reports an error here: regressions and tool errors end up failing CI. */
  getLastError(): Error | undefined {
    return this.lastError
  }

  /** Prints a failure of this reporter once and keeps it for `getLastError()`. */
  private fail(error: unknown): void {
    this.lastError = asError(error)
    process.stderr.write(`${formatError(error)}\n`)
  }

  private async finish(): Promise<void> {
    const failed = failureBlock(this.failures, "'default' to reporters")
    if (failed !== '') process.stderr.write(`${failed}\n`)
    for (const [file, names] of this.unregistered)
      process.stderr.write(`${unregisteredMatchersHint(file, [...names], !this.withoutSetup.has(file))}\n`)
    const read = readSidecars(this.sidecarDir, this.fileRuns)
    if (read.unrecorded.size > 0) this.fail(unrecordedError(read.unrecorded, (path) => relative(this.rootDir, path)))
    this.resources.push(...read.resources)
    this.emit(read.sidecars)
    // The watch plugin's key sets PERF_SENTINEL_UPDATE (updateBaseline) for one run, before Jest builds its reporters.
    const updating = this.updateRequested || this.options.updateBaseline === true
    const run = { records: this.records, ranFiles: this.ranFiles }
    const held = this.watching ? addHeldRegressions(this.watchRegressions, run, updating) : undefined
    if (held !== undefined) process.stderr.write(`${held}\n`)
    const prefetch = await this.prefetch
    this.pipeline ??= import('../src/pipeline/finishRun.js')
    const { finishRun } = await this.pipeline
    const outcome = await finishRun(
      {
        runner: { name: 'jest', version: jestVersion(this.rootDir) },
        rootDir: this.rootDir,
        startedAt: this.startedAt,
        records: this.records,
        ranFiles: this.ranFiles,
        ranProjectFiles: this.ranProjectFiles,
        brokenFiles: this.brokenFiles,
        skippedTests: this.skippedTests,
        failedTests: this.failedTests,
        calls: this.calls,
        resources: this.resources,
        ci: this.ci,
        coverage: this.coverage,
        ...(this.watching ? { watchConfirmations: this.watchConfirmations } : {}),
        options: this.options,
        updateRequested: this.updateRequested,
        ...(prefetch ? { prefetch } : {}),
      },
      { color: process.stderr.isTTY === true && !process.env.NO_COLOR },
    )
    if (this.watching) rememberRegressedFiles(this.watchRegressions, { ...run, updated: updating }, outcome.report.measurements)
    // A regression's detail is printed once: as its failure message, not also as a line under the table.
    const printed = runOutput(outcome.terminal, outcome.failures)
    if (printed.terminal) process.stderr.write(printed.terminal)
    for (const text of printed.failures) process.stderr.write(`\n${text}\n`)
    if (outcome.failures.length > 0) this.lastError = new Error(outcome.failures.map((f) => f.message).join('\n'))
    if (!this.watching) failureLineAfterSummary(outcome.failures)
  }

  private collect(result: JestTestResult, setupListed: boolean): void {
    const file = relative(this.rootDir, result.testFilePath).split('\\').join('/')
    if (!setupListed) this.withoutSetup.add(file)
    // A file that could not run (an import error, a failing file-level hook) covered none of its tests.
    if (result.testExecError) this.brokenFiles.push(file)
    else this.ranFiles.push(file)
    if (this.alone && result.testExecError) this.failures.push(failureLine(file, result.testExecError.message))
    for (const a of result.testResults) {
      if (a.status !== 'failed') continue
      if (this.alone) this.failures.push(failureLine(`${file} > ${[...a.ancestorTitles, a.title].join(' > ')}`, a.failureMessages?.[0]))
      for (const name of missingMatchers((a.failureMessages ?? []).join('\n'))) {
        const names = this.unregistered.get(file) ?? new Set<string>()
        this.unregistered.set(file, names.add(name))
      }
    }
    this.fileRuns.push(fileRunOf(result, file, setupListed, this.options.testDurations))
  }

  /**
   * Every file run's tests, durations and measurements, in run order. A file that several projects ran gets its
   * test names prefixed with the project (`[unit] suite > test`), so that each run keeps distinct measurement ids.
   */
  private emit(sidecars: Map<FileRun, JestSidecar>): void {
    const runsPerFile = new Map<string, number>()
    for (const run of this.fileRuns) runsPerFile.set(run.file, (runsPerFile.get(run.file) ?? 0) + 1)
    for (const run of this.fileRuns) {
      const prefix = (runsPerFile.get(run.file) ?? 0) > 1 && run.project ? `[${run.project}] ` : ''
      for (const testName of run.skipped) this.skippedTests.push(`${run.file} > ${prefix}${testName}`)
      for (const testName of run.failed) this.failedTests.push(`${run.file} > ${prefix}${testName}`)
      // Ids from the title lists and the project, never from the joined names (src/record/testIdentity.ts).
      const project = projectName(run.project)
      if (project !== undefined && !run.broken) this.ranProjectFiles.push(projectFileKey(project, run.file))
      for (const [testName, ms, testPath] of run.durations)
        this.records.push(withIdentity(testDurationRecord(run.file, `${prefix}${testName}`, ms), { testPath, project }))
      for (const test of sidecars.get(run)?.calls ?? []) {
        this.calls.push({
          file: run.file,
          testName: `${prefix}${run.pathByFullName.get(test.testName) ?? test.testName}`,
          calls: test.calls,
        })
      }
      for (const record of sidecars.get(run)?.records ?? []) {
        const testPath = record.testPath ?? run.titles.get(record.testName)
        const testName = `${prefix}${testPath?.join(' > ') ?? run.pathByFullName.get(record.testName) ?? record.testName}`
        const named = { ...record, file: run.file, testName }
        // Without a title list (Jest 29, two tests sharing a full name) the ids collide and are reported as duplicates.
        this.records.push(testPath ? withIdentity(named, { testPath, project }) : project ? { ...named, project } : named)
      }
    }
  }
}
