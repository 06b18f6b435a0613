/**
 * The Vitest reporter: `--reporter perf` (through the `perfSentinel()` plugin) or
 * `--reporter perf-sentinel/vitest/reporter`. Builds the report at `onTestRunEnd` from `testCase.meta()`, so it
 * also works after `--shard` + `--merge-reports`. No hook rejects: a failure is printed once and sets the exit code.
 */
import { relative, resolve } from 'node:path'
import type { MeasurementRecord } from '../src/model/types.js'
import type { WorkerRecord } from '../src/record/workerRecord.js'
import type { TestCallStats } from '../src/model/diagnostics.js'
import type { TestCallsRecord } from '../src/diagnostics/instrumentedSection.js'
import { failureBlock, failureLine, firstLine } from './render/failureList.js'
import type { RunPrefetch } from '../src/pipeline/finishRun.js'
import type { PerfReporterOptions, ResolvedReporterOptions } from '../src/config/reporterOptions.js'
import { resolveReporterOptions } from '../src/config/reporterOptions.js'
import { formatError } from '../src/errors.js'
import type { ProjectLike } from '../src/record/setupCoverage.js'
import { addSetupToProjects, perfSetupFile } from '../src/record/setupCoverage.js'
import { testDurationRecord } from '../src/record/testDurationRecord.js'

// Structural types of the Vitest ≥ 3.2 reporter API that this adapter reads (no runtime import of vitest, so the
// same build serves Vitest 3, 4 and 5).
interface VitestError {
  message?: string
  name?: string
}
interface VitestTestCase {
  fullName: string
  meta(): { perfSentinel?: WorkerRecord[]; perfSentinelCalls?: TestCallStats[]; typecheck?: boolean }
  result(): { state: string; errors?: readonly VitestError[] }
  diagnostic(): { duration: number } | undefined
}
interface VitestTestModule {
  moduleId: string
  project?: { name: string }
  children: { allTests(): Iterable<VitestTestCase> }
  errors?(): readonly VitestError[]
}
interface VitestLike {
  version?: string
  config: {
    root: string
    update?: boolean
    outputFile?: string | Record<string, string>
    snapshotOptions?: { updateSnapshot?: string }
    reporters?: readonly unknown[]
  }
  projects?: readonly ProjectLike[]
  logger: { log(message: string): void; error(message: string): void; warn?(message: string): void }
}

/** What one pass over the finished test modules collects for the pipeline. */
interface Collected {
  records: MeasurementRecord[]
  ranFiles: string[]
  skippedTests: string[]
  failedTests: string[]
  /** Tests Vitest type-checked (`typecheck`): they never run, so they have no duration to record. */
  typechecked: number
  /** Calls of `perfTiming` functions, per test. */
  calls: TestCallsRecord[]
}

export default class PerfReporter {
  private vitest: VitestLike | undefined
  private options: ResolvedReporterOptions
  private startedAt = new Date()
  private readonly rawOptions: PerfReporterOptions | undefined
  private prefetch: Promise<RunPrefetch> | undefined
  // The pipeline (git, stores, statistics, renderers) loads while the tests run, not while Vitest starts.
  private pipeline: Promise<typeof import('../src/pipeline/finishRun.js')> | undefined

  constructor(options?: PerfReporterOptions) {
    this.rawOptions = options
    this.options = resolveReporterOptions(options, 'perf reporter')
  }

  onInit(vitest: VitestLike): void {
    this.vitest = vitest
    const outputFile = vitest.config.outputFile
    const fromCli = typeof outputFile === 'object' ? outputFile.perf : undefined
    if (fromCli) this.options = resolveReporterOptions({ ...this.rawOptions, outputDir: fromCli }, 'perf reporter (--outputFile.perf)')
    this.startedAt = new Date()
    // Projects the plugin could not reach (own config files, or no plugin at all: `--reporter` by module path with
    // no config file) get the setup file here, before any test file starts: matchers and measure() work everywhere.
    addSetupToProjects(vitest.projects ?? [], perfSetupFile())
  }

  onTestRunStart(): void {
    this.startedAt = new Date()
    const root = this.vitest?.config.root
    if (root === undefined) return
    this.pipeline ??= import('../src/pipeline/finishRun.js')
    // Never rejects: a failed import surfaces at the run end, where it is reported once.
    this.prefetch = this.pipeline
      .then((pipeline) => pipeline.prefetchRun(root, this.options))
      .catch(() => undefined as unknown as RunPrefetch)
  }

  async onTestRunEnd(testModules: readonly VitestTestModule[], unhandledErrors: readonly VitestError[] = []): Promise<void> {
    const vitest = this.vitest
    if (!vitest) return
    try {
      await this.finish(vitest, testModules, unhandledErrors)
    } catch (error) {
      vitest.logger.error(formatError(error))
      process.exitCode = 1
    }
  }

  private async finish(
    vitest: VitestLike,
    testModules: readonly VitestTestModule[],
    unhandledErrors: readonly VitestError[],
  ): Promise<void> {
    const root = vitest.config.root
    // `--reporter perf` alone: no other reporter shows what failed, so this one does (briefly).
    if (vitest.config.reporters?.length === 1) {
      const failed = failedTests(root, testModules, unhandledErrors)
      if (failed !== '') vitest.logger.error(failed)
    }
    const collected = collect(root, testModules, this.options.testDurations)
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
        skippedTests: collected.skippedTests,
        failedTests: collected.failedTests,
        calls: collected.calls,
        options: this.options,
        updateRequested: vitest.config.update === true || vitest.config.snapshotOptions?.updateSnapshot === 'all',
        ...(prefetch ? { prefetch } : {}),
      },
      { color: process.stdout.isTTY === true && !process.env.NO_COLOR },
    )
    if (outcome.terminal) vitest.logger.log(outcome.terminal)
    const note = typecheckNote(collected.typechecked)
    if (note !== undefined && this.options.terminal) vitest.logger.log(note)
    for (const failure of outcome.failures) vitest.logger.error(`\n${formatError(failure)}\n`)
    // Reporters cannot add failed tests; a non-zero exit code is how a regression or a tool error fails CI.
    if (outcome.failures.length > 0) process.exitCode = 1
  }
}

/** The line that counts type-checked tests apart (Vitest `typecheck`: checked by tsc, never run, so no duration). */
function typecheckNote(count: number): string | undefined {
  if (count === 0) return undefined
  return `perf-sentinel: ${count} type-checked test${count === 1 ? '' : 's'} (Vitest typecheck) counted apart: checked by the compiler, never run, so no test duration is recorded.`
}

/**
 * One pass over every test: measurements, one duration record per executed test, and the run's scope. A file that
 * several projects ran gets its test names prefixed with the project (`[unit] suite > test`): ids stay unique.
 */
function collect(root: string, testModules: readonly VitestTestModule[], testDurations: boolean): Collected {
  const collected: Collected = { records: [], ranFiles: [], skippedTests: [], failedTests: [], typechecked: 0, calls: [] }
  const runsPerFile = new Map<string, number>()
  for (const module of testModules) runsPerFile.set(module.moduleId, (runsPerFile.get(module.moduleId) ?? 0) + 1)
  for (const module of testModules) {
    const file = relative(root, resolve(root, module.moduleId)).split('\\').join('/')
    const prefix = (runsPerFile.get(module.moduleId) ?? 0) > 1 && module.project?.name ? `[${module.project.name}] ` : ''
    collected.ranFiles.push(file)
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
      for (const record of meta.perfSentinel ?? []) collected.records.push({ ...record, file, testName })
      if (meta.perfSentinelCalls?.length) collected.calls.push({ file, testName, calls: meta.perfSentinelCalls })
      const durationMs = testDurations ? test.diagnostic()?.duration : undefined
      if (durationMs !== undefined) collected.records.push(testDurationRecord(file, testName, durationMs))
    }
  }
  return collected
}

/** One line per failed test, failed module and unhandled error, with the first line of its message. */
function failedTests(root: string, testModules: readonly VitestTestModule[], unhandledErrors: readonly VitestError[]): string {
  const text = (error: VitestError | undefined): string => `${error?.name ? `${error.name}: ` : ''}${error?.message ?? ''}`
  const lines: string[] = []
  for (const module of testModules) {
    const file = relative(root, resolve(root, module.moduleId)).split('\\').join('/')
    for (const error of module.errors?.() ?? []) lines.push(failureLine(file, text(error)))
    for (const test of module.children.allTests()) {
      const result = test.result()
      if (result.state === 'failed') lines.push(failureLine(`${file} > ${test.fullName}`, text(result.errors?.[0])))
    }
  }
  for (const error of unhandledErrors) lines.push(` Unhandled error: ${firstLine(text(error))}`)
  return failureBlock(lines, '--reporter default')
}
