/**
 * The few runner facilities the Vitest setup file needs, found on whichever Vitest is running: `TestRunner`'s static
 * methods from Vitest 4.1 on, `vitest/suite` before (importing it from 4.1 on prints a deprecation warning, so it is
 * only imported when `TestRunner` lacks them).
 */
import type { WorkerRecord } from '../../record/workerRecord.js'

/** A Vitest task (test, suite or file) as far as the setup file reads it. */
export interface TaskLike {
  name: string
  type?: string
  concurrent?: boolean
  tasks?: readonly TaskLike[]
  meta: Record<string, unknown> & { perfSentinel?: WorkerRecord[] }
  /** The test context, with its own `onTestFinished` (right even in concurrent tests). */
  context?: { onTestFinished?(fn: () => unknown): void }
  /** `state` is `'run'` while the test runs (absent before it starts). */
  result?: { state?: string }
}

type Hook = (context: { task: TaskLike }) => unknown

/** A suite's hook lists; callbacks pushed during the run take effect for the tests that have not started yet. */
export interface SuiteHooks {
  beforeEach: Hook[]
  afterEach: Hook[]
}

export interface RunnerApi {
  getCurrentTest(): TaskLike | undefined
  getSuiteHooks(suite: TaskLike): SuiteHooks
}

interface RunnerStatics {
  getCurrentTest?: () => unknown
  getSuiteHooks?: (suite: unknown) => unknown
  getHooks?: (suite: unknown) => unknown
}

function fromStatics(source: RunnerStatics | undefined, hooksOf: 'getSuiteHooks' | 'getHooks'): RunnerApi | undefined {
  const getCurrentTest = source?.getCurrentTest
  const getHooks = source?.[hooksOf]
  if (typeof getCurrentTest !== 'function' || typeof getHooks !== 'function') return undefined
  return {
    getCurrentTest: () => getCurrentTest() as TaskLike | undefined,
    getSuiteHooks: (suite) => getHooks(suite) as SuiteHooks,
  }
}

/** `TestRunner.getCurrentTest` / `TestRunner.getSuiteHooks` (Vitest ≥ 4.1), if this Vitest has them. */
export function runnerApiOf(vitest: unknown): RunnerApi | undefined {
  return fromStatics((vitest as { TestRunner?: RunnerStatics }).TestRunner, 'getSuiteHooks')
}

/** The same from `vitest/suite` (Vitest 3.2 – 4.0). */
export async function runnerApiFromSuiteModule(importSuite: () => Promise<unknown>): Promise<RunnerApi> {
  const api = fromStatics((await importSuite()) as RunnerStatics, 'getHooks')
  if (!api) throw new Error('perf-sentinel: this Vitest has neither TestRunner.getCurrentTest nor vitest/suite getCurrentTest')
  return api
}

/** True when the file (or any suite in it) holds a concurrent test. */
export function hasConcurrentTest(task: TaskLike): boolean {
  if (task.concurrent === true && task.type === 'test') return true
  return (task.tasks ?? []).some(hasConcurrentTest)
}
