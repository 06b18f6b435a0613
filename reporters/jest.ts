/**
 * The Jest reporter (`reporters: ['default', 'perf-sentinel/jest/reporter']`). Workers leave one sidecar file per
 * test file (see `src/runners/jest/setup.ts`); this reads it in `onTestFileResult` and runs the pipeline at the end.
 * Following Jest's reporters: logs go to stderr, no hook throws, failures surface through `getLastError()`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { JestSidecar } from '../src/record/jestSidecar.js'
import { JEST_DIR_ENV, sidecarFileName } from '../src/record/jestSidecar.js'
import type { MeasurementRecord } from '../src/model/types.js'
import { failureBlock, failureLine } from './render/failureList.js'
import type { RunPrefetch } from '../src/pipeline/finishRun.js'
import type { PerfReporterOptions, ResolvedReporterOptions } from '../src/config/reporterOptions.js'
import { resolveReporterOptions } from '../src/config/reporterOptions.js'
import { testDurationRecord } from '../src/record/testDurationRecord.js'

// Structural types of the Jest 29/30 reporter API this adapter reads.
interface JestGlobalConfig {
  rootDir: string
  updateSnapshot?: string
  /** `--ci`, or Jest's own CI detection. */
  ci?: boolean
  /** The configured reporters: names or [name, options]. */
  reporters?: readonly unknown[]
}
interface JestAssertion {
  ancestorTitles: string[]
  title: string
  fullName: string
  status: string
  duration?: number | null
  failureMessages?: string[]
}
interface JestTestResult {
  testFilePath: string
  testResults: JestAssertion[]
  /** Set when the file itself failed (syntax error, failing import, hook outside a test). */
  testExecError?: { message?: string }
}

function jestVersion(rootDir: string): string {
  try {
    return (createRequire(join(rootDir, 'package.json'))('jest/package.json') as { version: string }).version
  } catch {
    return 'unknown'
  }
}

export default class PerfJestReporter {
  private readonly options: ResolvedReporterOptions
  private readonly rootDir: string
  private readonly updateRequested: boolean
  private readonly sidecarDir: string
  private readonly records: MeasurementRecord[] = []
  private readonly ranFiles: string[] = []
  private readonly skippedTests: string[] = []
  private readonly ci: boolean
  private readonly alone: boolean
  private readonly failures: string[] = []
  private startedAt = new Date()
  private lastError: Error | undefined
  private prefetch: Promise<RunPrefetch> | undefined
  // The pipeline (git, stores, statistics, renderers) loads while the tests run, not while Jest starts.
  private pipeline: Promise<typeof import('../src/pipeline/finishRun.js')> | undefined

  constructor(globalConfig: JestGlobalConfig, options?: PerfReporterOptions) {
    this.options = resolveReporterOptions(options, 'perf-sentinel/jest/reporter')
    this.rootDir = globalConfig.rootDir
    this.updateRequested = globalConfig.updateSnapshot === 'all'
    this.ci = globalConfig.ci === true
    // Configured as the only reporter: nothing else would show what failed, so this one does (briefly).
    this.alone = globalConfig.reporters?.length === 1
    // Workers inherit the environment, so they learn where to leave their sidecar files.
    this.sidecarDir = mkdtempSync(join(tmpdir(), 'perf-sentinel-jest-'))
    process.env[JEST_DIR_ENV] = this.sidecarDir
  }

  onRunStart(): void {
    this.startedAt = new Date()
    // Watch mode runs again in the same reporter: start from nothing, with the sidecar folder back in place.
    for (const list of [this.records, this.ranFiles, this.skippedTests, this.failures]) list.length = 0
    this.lastError = undefined
    mkdirSync(this.sidecarDir, { recursive: true })
    this.pipeline ??= import('../src/pipeline/finishRun.js')
    this.prefetch = this.pipeline.then((pipeline) => pipeline.prefetchRun(this.rootDir, this.options))
  }

  onTestFileResult(_test: unknown, result: JestTestResult): void {
    try {
      this.collect(result)
    } catch (error) {
      this.lastError = error instanceof Error ? error : new Error(String(error))
      process.stderr.write(`perf-sentinel: ${this.lastError.message}\n`)
    }
  }

  async onRunComplete(): Promise<void> {
    const failed = failureBlock(this.failures, "'default' to reporters")
    if (failed !== '') process.stderr.write(`${failed}\n`)
    try {
      const prefetch = await this.prefetch
      this.pipeline ??= import('../src/pipeline/finishRun.js')
      const { finishRun } = await this.pipeline
      const outcome = await finishRun({
        runner: { name: 'jest', version: jestVersion(this.rootDir) },
        rootDir: this.rootDir,
        startedAt: this.startedAt,
        records: this.records,
        ranFiles: this.ranFiles,
        skippedTests: this.skippedTests,
        ci: this.ci,
        options: this.options,
        updateRequested: this.updateRequested,
        ...(prefetch ? { prefetch } : {}),
      }, { color: process.stderr.isTTY === true && !process.env.NO_COLOR })
      if (outcome.terminal) process.stderr.write(outcome.terminal)
      for (const failure of outcome.failures) process.stderr.write(`\n${failure.message}\n`)
      if (outcome.failures.length > 0) {
        this.lastError = new Error(outcome.failures.map((f) => f.message).join('\n'))
      }
    } finally {
      rmSync(this.sidecarDir, { recursive: true, force: true })
    }
  }

  /** Jest exits non-zero when a reporter reports an error here: regressions and tool errors end up failing CI. */
  getLastError(): Error | undefined {
    return this.lastError
  }

  private collect(result: JestTestResult): void {
    const file = relative(this.rootDir, result.testFilePath).split('\\').join('/')
    this.ranFiles.push(file)
    if (this.alone) {
      if (result.testExecError) this.failures.push(failureLine(file, result.testExecError.message))
      for (const a of result.testResults) {
        if (a.status === 'failed') this.failures.push(failureLine(`${file} > ${[...a.ancestorTitles, a.title].join(' > ')}`, a.failureMessages?.[0]))
      }
    }
    // Jest's recorded names are space-joined; report names use the suite path joined with " > ".
    const pathByFullName = new Map<string, string>()
    for (const a of result.testResults) {
      const testName = [...a.ancestorTitles, a.title].join(' > ')
      pathByFullName.set(a.fullName, testName)
      const ran = a.status === 'passed' || a.status === 'failed'
      if (!ran) this.skippedTests.push(`${file} > ${testName}`)
      if (ran && this.options.testDurations && typeof a.duration === 'number') {
        this.records.push(testDurationRecord(file, testName, a.duration))
      }
    }
    const sidecarPath = join(this.sidecarDir, sidecarFileName(result.testFilePath))
    let sidecar: JestSidecar
    try {
      sidecar = JSON.parse(readFileSync(sidecarPath, 'utf8')) as JestSidecar
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    for (const record of sidecar.records) {
      this.records.push({ ...record, file, testName: pathByFullName.get(record.testName) ?? record.testName })
    }
  }
}
