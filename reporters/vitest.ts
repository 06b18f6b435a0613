/**
 * The Vitest reporter: `--reporter perf` (through the `perfSentinel()` plugin) or
 * `--reporter perf-sentinel/vitest/reporter`. Builds the report at `onTestRunEnd` from `testCase.meta()`, so it
 * also works after `--shard` + `--merge-reports`.
 */
import { relative, resolve } from 'node:path'
import type { MeasurementRecord } from '../src/model/types.js'
import type { WorkerRecord } from '../src/record/workerRecord.js'
import { failureBlock, failureLine, firstLine } from './render/failureList.js'
import type { RunPrefetch } from '../src/pipeline/finishRun.js'
import type { PerfReporterOptions, ResolvedReporterOptions } from '../src/config/reporterOptions.js'
import { resolveReporterOptions } from '../src/config/reporterOptions.js'
import { testDurationRecord } from '../src/record/testDurationRecord.js'

// Structural types of the Vitest ≥ 3.2 reporter API that this adapter reads (no runtime import of vitest, so the
// same build serves Vitest 3, 4 and 5).
interface VitestError {
  message?: string
  name?: string
}
interface VitestTestCase {
  fullName: string
  meta(): { perfSentinel?: WorkerRecord[] }
  result(): { state: string; errors?: readonly VitestError[] }
  diagnostic(): { duration: number } | undefined
}
interface VitestTestModule {
  moduleId: string
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
  logger: { log(message: string): void; error(message: string): void }
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
  }

  onTestRunStart(): void {
    this.startedAt = new Date()
    const root = this.vitest?.config.root
    if (root === undefined) return
    this.pipeline ??= import('../src/pipeline/finishRun.js')
    this.prefetch = this.pipeline.then((pipeline) => pipeline.prefetchRun(root, this.options))
  }

  async onTestRunEnd(testModules: readonly VitestTestModule[], unhandledErrors: readonly VitestError[] = []): Promise<void> {
    const vitest = this.vitest
    if (!vitest) return
    const root = vitest.config.root
    // `--reporter perf` alone: no other reporter shows what failed, so this one does (briefly).
    if (vitest.config.reporters?.length === 1) {
      const failed = failedTests(root, testModules, unhandledErrors)
      if (failed !== '') vitest.logger.error(failed)
    }
    const records: MeasurementRecord[] = []
    const ranFiles: string[] = []
    const skippedTests: string[] = []
    for (const module of testModules) {
      const file = relative(root, resolve(root, module.moduleId)).split('\\').join('/')
      ranFiles.push(file)
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'skipped' || state === 'pending') {
          skippedTests.push(`${file} > ${test.fullName}`)
          continue
        }
        for (const record of test.meta().perfSentinel ?? []) records.push({ ...record, file, testName: test.fullName })
        const durationMs = test.diagnostic()?.duration
        if (this.options.testDurations && durationMs !== undefined) records.push(testDurationRecord(file, test.fullName, durationMs))
      }
    }
    const prefetch = await this.prefetch
    this.prefetch = undefined
    this.pipeline ??= import('../src/pipeline/finishRun.js')
    const { finishRun } = await this.pipeline
    const outcome = await finishRun(
      {
        runner: { name: 'vitest', version: vitest.version ?? 'unknown' },
        rootDir: root,
        startedAt: this.startedAt,
        records,
        ranFiles,
        skippedTests,
        options: this.options,
        updateRequested: vitest.config.update === true || vitest.config.snapshotOptions?.updateSnapshot === 'all',
        ...(prefetch ? { prefetch } : {}),
      },
      { color: process.stdout.isTTY === true && !process.env.NO_COLOR },
    )
    if (outcome.terminal) vitest.logger.log(outcome.terminal)
    for (const failure of outcome.failures) vitest.logger.error(`\n${failure.message}\n`)
    // Reporters cannot add failed tests; a non-zero exit code is how a regression or a tool error fails CI.
    if (outcome.failures.length > 0) process.exitCode = 1
  }
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
