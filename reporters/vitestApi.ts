/**
 * The parts of Vitest's reporter API the perf reporter reads, as structural types (no runtime import of vitest, so
 * the same build serves Vitest 3, 4 and 5), and the lines it prints beside the report.
 */
import { relative, resolve } from 'node:path'
import type { TestCallStats } from '../src/model/diagnostics.js'
import type { WorkerRecord } from '../src/record/workerRecord.js'
import type { ProjectLike } from '../src/record/setupCoverage.js'
import type { VitestTreeNode } from '../src/record/testIdentity.js'
import { failureBlock, failureLine, firstLine } from './render/failureList.js'

export interface VitestError {
  message?: string
  name?: string
}
export interface VitestTestCase {
  fullName: string
  name?: string
  parent?: VitestTreeNode
  meta(): { perfSentinel?: WorkerRecord[]; perfSentinelCalls?: TestCallStats[]; typecheck?: boolean }
  result(): { state: string; errors?: readonly VitestError[] }
  diagnostic(): { duration: number } | undefined
}
export interface VitestTestModule {
  moduleId: string
  project?: { name: string }
  children: { allTests(): Iterable<VitestTestCase> }
  meta?(): Record<string, unknown>
  errors?(): readonly VitestError[]
}
export interface VitestLike {
  version?: string
  config: {
    root: string
    update?: boolean
    /** Watch mode (`vitest`, `vitest watch`): the run repeats on every change. */
    watch?: boolean
    outputFile?: string | Record<string, string>
    snapshotOptions?: { updateSnapshot?: string }
    reporters?: readonly unknown[]
    coverage?: { enabled?: boolean }
  }
  projects?: readonly ProjectLike[]
  logger: { log(message: string): void; error(message: string): void; warn?(message: string): void }
  /** Vitest's snapshot manager: its `updateSnapshot` is 'all' during a run started by the watch prompt's `u` key. */
  snapshot?: { options?: { updateSnapshot?: string } }
  /** Vitest's run state: an error caught here is one of the run's errors (its watch banner then says FAIL). */
  state?: { catchError?(error: unknown, type: string): void }
}

/** The line that counts type-checked tests apart (Vitest `typecheck`: checked by tsc, never run, so no duration). */
export function typecheckNote(count: number): string | undefined {
  if (count === 0) return undefined
  return `perf-sentinel: ${count} type-checked test${count === 1 ? '' : 's'} (Vitest typecheck) counted apart: checked by the compiler, never run, so no test duration is recorded.`
}

/** One line per failed test, failed module and unhandled error, with the first line of its message. */
export function failedTests(root: string, testModules: readonly VitestTestModule[], unhandledErrors: readonly VitestError[]): string {
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

/**
 * Watch mode: a failed perf gate makes the banner after the run say `FAIL Tests failed` instead of `PASS Waiting for
 * file changes`. A reporter cannot fail a test, and in watch mode no exit code is seen; Vitest's banner counts the
 * run's errors (cleared when the next run starts), so the gate's failure becomes one of them. Its text was already
 * printed above the banner.
 */
export function markWatchRunFailed(vitest: VitestLike, failures: number): void {
  if (vitest.config.watch !== true) return
  const message = `perf-sentinel failed this run: ${failures} failure(s), details above`
  vitest.state?.catchError?.({ name: 'PerfSentinelFailure', message, stack: '' }, 'perf-sentinel')
}

/** `-u` / `--update`, or the watch prompt's `u` key (which sets the snapshot manager's option for its run only). */
export function updateRequested(vitest: VitestLike): boolean {
  return (
    vitest.config.update === true ||
    vitest.config.snapshotOptions?.updateSnapshot === 'all' ||
    vitest.snapshot?.options?.updateSnapshot === 'all'
  )
}
