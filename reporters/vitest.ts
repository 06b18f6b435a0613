import { RESOURCES_META_KEY } from '../src/diagnostics/resources/workerResourceSampler.js'
import { RESOURCES_ENV } from '../src/diagnostics/resources/resourceSamplingEnabled.js'
/**
 * The Vitest reporter: `--reporter perf` (through the `perfSentinel()` plugin) or
 * `--reporter perf-sentinel/vitest/reporter`. Builds the report at `onTestRunEnd` from `testCase.meta()`, so it
 * also works after `--shard` + `--merge-reports`. No hook rejects: a failure is printed once and sets the exit code.
 */
import { relative, resolve } from 'node:path'
import { type MeasurementRecord, projectFileKey } from '../src/model/types.js'
import type { TestCallsRecord } from '../src/diagnostics/instrumentedSection.js'
import {
  failedTests,
  markWatchRunFailed,
  typecheckNote,
  updateRequested,
  type VitestError,
  type VitestLike,
  type VitestTestCase,
  type VitestTestModule,
} from './vitestApi.js'
import type { RunPrefetch } from '../src/pipeline/finishRun.js'
import { CONFIRM_OUT_ENV } from '../src/pipeline/rerunFiles.js'
import type { PerfSentinelConfig, ResolvedConfig } from '../src/config/configSchema.js'
import { checkInlineConfig, loadRunConfig } from '../src/config/runConfig.js'
import { formatError } from '../src/errors.js'
import { shareProfileDir } from '../src/diagnostics/profileDir.js'
import { BUDGET_OVERRIDES_ENV, encodeBudgetOverrides } from '../matchers/budgetOverride.js'
import { runOutput } from './render/runFailures.js'
import {
  addHeldRegressions,
  NOTHING_RAN_LINE,
  rememberRegressedFiles,
  type WatchConfirmations,
  type WatchRegressions,
} from '../src/pipeline/watchRuns.js'
import { addSetupToProjects, leaveBrowserProjects, perfRunnerFile, perfSetupFile } from '../src/record/setupCoverage.js'
import { testDurationRecord } from '../src/record/testDurationRecord.js'
import { projectName, vitestTitlePath, withIdentity } from '../src/record/testIdentity.js'

/** What one pass over the finished test modules collects for the pipeline. */
interface Collected {
  records: MeasurementRecord[]
  ranFiles: string[]
  /** `[project] > file` of each file a named project ran: see `FinishRunInput.ranProjectFiles`. */
  ranProjectFiles: string[]
  /** Files that failed as a whole (an import error, a failing file-level hook): see `FinishRunInput.brokenFiles`. */
  brokenFiles: string[]
  skippedTests: string[]
  failedTests: string[]
  /** Tests Vitest type-checked (`typecheck`): they never run, so they have no duration to record. */
  typechecked: number
  /** Calls of `perfTiming` functions, per test. */
  calls: TestCallsRecord[]
  /** Process-resource readings, one per file run (`task.meta.perfSentinelResources` of the file). */
  resources: unknown[]
}

/**
 * How the options the plugin hands its reporter are named in errors and `perf-sentinel config`: `perfSentinel()`'s
 * (checked when it was called), or a `['perf', { … }]` entry's on top of them — a bad option then is the entry's.
 */
export function pluginOptionsSource(inline: unknown): string {
  return inline !== null && typeof inline === 'object' && Object.keys(inline).length > 0
    ? "reporters: [['perf', { … }]] options (over perfSentinel() options)"
    : 'perfSentinel() options'
}

export default class PerfReporter {
  private vitest: VitestLike | undefined
  /** Resolved in `onInit`, where the root (and so the config file) is known. */
  private options: ResolvedConfig | undefined
  private startedAt = new Date()
  private readonly rawOptions: PerfSentinelConfig | undefined
  private readonly source: string
  private prefetch: Promise<RunPrefetch> | undefined
  /** Set once a test of this run measured something: the full history is then being read. */
  private historyRequested = false
  /** Watch mode: regressions confirmed in earlier runs of this session, not re-run on every save. */
  private readonly watchConfirmations: WatchConfirmations = new Map()
  /** Watch mode: files whose measurements stand regressed, with their latest records (what `u` accepts). */
  private readonly watchRegressions: WatchRegressions = new Map()
  // The pipeline (git, stores, statistics, renderers) loads while the tests run, not while Vitest starts.
  private pipeline: Promise<typeof import('../src/pipeline/finishRun.js')> | undefined

  /** `source` names the options in errors: the plugin passes `perfSentinel()` options through here. */
  constructor(options?: PerfSentinelConfig, source = 'perf reporter options') {
    this.source = source
    this.rawOptions = checkInlineConfig(options, source)
  }

  /**
   * Resolves the configuration once, before any test runs: the config file found from the root, these options and
   * the PERF_SENTINEL_* variables (what `perf-sentinel config` prints). An invalid configuration throws here, at
   * start-up, with the key, the value and what is accepted; the run hooks below never reject.
   */
  onInit(vitest: VitestLike): void {
    this.vitest = vitest
    const outputFile = vitest.config.outputFile
    const fromCli = typeof outputFile === 'object' ? outputFile.perf : undefined
    const run = loadRunConfig({ rootDir: vitest.config.root, inline: this.rawOptions, inlineSource: this.source, outputDir: fromCli })
    this.options = run.options
    // Workers start after this and inherit the environment: profiles go to <outputDir>/profiles, next to the report.
    shareProfileDir(vitest.config.root, run.options.outputDir)
    // Workers start after this and inherit the environment: the off switch reaches them so.
    if (run.options.resources === false) process.env[RESOURCES_ENV] = '0'
    for (const warning of run.warnings) (vitest.logger.warn ?? vitest.logger.log).call(vitest.logger, `perf-sentinel: ${warning}`)
    // Workers start after this and inherit the environment: per-glob budgets reach the matchers there.
    const budgets = encodeBudgetOverrides(vitest.config.root, run.options.thresholds)
    if (budgets !== undefined) process.env[BUDGET_OVERRIDES_ENV] = budgets
    else delete process.env[BUDGET_OVERRIDES_ENV]
    this.startedAt = new Date()
    // Projects the plugin could not reach (own config files, or no plugin at all: `--reporter` by module path with
    // no config file) get the setup file here, before any test file starts: matchers and measure() work everywhere.
    // Browser-mode projects get neither (their test files would fail to load perf-sentinel's Node modules).
    leaveBrowserProjects(vitest, [perfSetupFile()], perfRunnerFile())
    addSetupToProjects(vitest.projects ?? [], perfSetupFile())
  }

  onTestRunStart(): void {
    this.startedAt = new Date()
    const root = this.vitest?.config.root
    const options = this.options
    // Before any test measures: started later, the lookups (git processes, history decoding on this thread) would
    // share the 2 cores of a small CI machine with the measurements of the files still running. A confirmation
    // re-run hands its records to the run that started it and reads neither git nor history.
    this.prefetch = undefined
    this.historyRequested = false
    if (root === undefined || options === undefined || process.env[CONFIRM_OUT_ENV]) return
    this.pipeline ??= import('../src/pipeline/finishRun.js')
    // Never rejects: a failed import surfaces at the run end, where it is reported once.
    this.prefetch = this.pipeline.then((pipeline) => pipeline.prefetchRun(root, options)).catch(() => undefined as unknown as RunPrefetch)
  }

  /**
   * The first test that measured something: gated measurements read the full history (noise floors, trends), so its
   * read starts now, behind the tests. A run that measures nothing reads only the newest runs (prefetch.ts).
   */
  onTestCaseResult(testCase: VitestTestCase): void {
    if (this.historyRequested || this.prefetch === undefined || !testCase.meta().perfSentinel?.length) return
    this.historyRequested = true
    void this.prefetch.then((prefetch) => prefetch?.history())
  }

  async onTestRunEnd(testModules: readonly VitestTestModule[], unhandledErrors: readonly VitestError[] = []): Promise<void> {
    const vitest = this.vitest
    const options = this.options
    if (!vitest || !options) return
    try {
      await this.finish(vitest, options, testModules, unhandledErrors)
    } catch (error) {
      vitest.logger.error(formatError(error))
      process.exitCode = 1
      markWatchRunFailed(vitest, 1)
    }
  }

  private async finish(
    vitest: VitestLike,
    options: ResolvedConfig,
    testModules: readonly VitestTestModule[],
    unhandledErrors: readonly VitestError[],
  ): Promise<void> {
    const root = vitest.config.root
    // `--reporter perf` alone: no other reporter shows what failed, so this one does (briefly).
    if (vitest.config.reporters?.length === 1) {
      const failed = failedTests(root, testModules, unhandledErrors)
      if (failed !== '') vitest.logger.error(failed)
    }
    const collected = collect(root, testModules, options.testDurations)
    const watching = vitest.config.watch === true
    const updating = updateRequested(vitest)
    const held = watching ? addHeldRegressions(this.watchRegressions, collected, updating) : undefined
    if (held !== undefined) vitest.logger.log(held)
    if (watching && collected.ranFiles.length === 0 && collected.brokenFiles.length === 0) return vitest.logger.log(NOTHING_RAN_LINE)
    const prefetch = await this.prefetch
    this.prefetch = undefined
    this.pipeline ??= import('../src/pipeline/finishRun.js')
    const { finishRun } = await this.pipeline
    const outcome = await finishRun(
      {
        runner: { name: 'vitest', version: vitest.version ?? 'unknown' },
        rootDir: root,
        startedAt: this.startedAt,
        records: collected.records,
        ranFiles: collected.ranFiles,
        ranProjectFiles: collected.ranProjectFiles,
        brokenFiles: collected.brokenFiles,
        skippedTests: collected.skippedTests,
        failedTests: collected.failedTests,
        calls: collected.calls,
        resources: collected.resources,
        options,
        updateRequested: updating,
        coverage: vitest.config.coverage?.enabled === true,
        ...(watching ? { watchConfirmations: this.watchConfirmations } : {}),
        vmPool: (vitest.projects ?? []).some((project) => project.config.pool === 'vmThreads' || project.config.pool === 'vmForks'),
        ...(prefetch ? { prefetch } : {}),
      },
      { color: process.stdout.isTTY === true && !process.env.NO_COLOR },
    )
    if (watching) rememberRegressedFiles(this.watchRegressions, { ...collected, updated: updating }, outcome.report.measurements)
    // A regression's detail is printed once: as its failure message, not also as a line under the table.
    const printed = runOutput(outcome.terminal, outcome.failures)
    if (printed.terminal) vitest.logger.log(printed.terminal)
    const note = typecheckNote(collected.typechecked)
    if (note !== undefined && options.terminal) vitest.logger.log(note)
    for (const text of printed.failures) vitest.logger.error(`\n${text}\n`)
    // Reporters cannot add failed tests; a non-zero exit code is how a regression or a tool error fails CI.
    if (outcome.failures.length === 0) return
    process.exitCode = 1
    markWatchRunFailed(vitest, outcome.failures.length)
  }
}

/**
 * One pass over every test: measurements, one duration record per executed test, and the run's scope. A file that
 * several projects ran gets its test names prefixed with the project (`[unit] suite > test`): ids stay unique.
 */
function collect(root: string, testModules: readonly VitestTestModule[], testDurations: boolean): Collected {
  const collected: Collected = {
    records: [],
    ranFiles: [],
    ranProjectFiles: [],
    brokenFiles: [],
    skippedTests: [],
    failedTests: [],
    typechecked: 0,
    calls: [],
    resources: [],
  }
  const runsPerFile = new Map<string, number>()
  for (const module of testModules) runsPerFile.set(module.moduleId, (runsPerFile.get(module.moduleId) ?? 0) + 1)
  for (const module of testModules) {
    const file = relative(root, resolve(root, module.moduleId)).split('\\').join('/')
    const prefix = (runsPerFile.get(module.moduleId) ?? 0) > 1 && module.project?.name ? `[${module.project.name}] ` : ''
    const project = projectName(module.project?.name)
    if ((module.errors?.() ?? []).length > 0) collected.brokenFiles.push(file)
    else {
      collected.ranFiles.push(file)
      if (project !== undefined) collected.ranProjectFiles.push(projectFileKey(project, file))
    }
    const resources = module.meta?.()[RESOURCES_META_KEY]
    if (resources !== undefined) collected.resources.push(resources)
    for (const test of module.children.allTests()) {
      const testName = `${prefix}${test.fullName}`
      const state = test.result().state
      if (state === 'skipped' || state === 'pending') {
        collected.skippedTests.push(`${file} > ${testName}`)
        continue
      }
      if (state === 'failed') collected.failedTests.push(`${file} > ${testName}`)
      const meta = test.meta()
      if (meta.typecheck === true) {
        collected.typechecked++
        continue
      }
      // Ids from the title list and the project, never from the joined name (src/record/testIdentity.ts).
      const identity = { testPath: vitestTitlePath(test), project }
      for (const record of meta.perfSentinel ?? []) collected.records.push(withIdentity({ ...record, file, testName }, identity))
      if (meta.perfSentinelCalls?.length) collected.calls.push({ file, testName, calls: meta.perfSentinelCalls })
      const durationMs = testDurations ? test.diagnostic()?.duration : undefined
      if (durationMs !== undefined) collected.records.push(withIdentity(testDurationRecord(file, testName, durationMs), identity))
    }
  }
  return collected
}
