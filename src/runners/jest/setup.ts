/**
 * Jest setup file (`setupFilesAfterEnv: ['perf-sentinel/jest/setup']`): registers the matchers and hands every
 * measurement to the reporter through a sidecar file per test file. Jest results have no per-test metadata, and
 * a sidecar works with any `testRunner`, with several workers and with `--runInBand` (runners.md).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PendingRecord } from '../../record/recorder.js'
import { installRecorder, uniqueName } from '../../record/recorder.js'
import { perfMatchers } from '../../../matchers/index.js'
import type { JestSidecar } from '../../record/jestSidecar.js'
import { JEST_DIR_ENV, sidecarFileName } from '../../record/jestSidecar.js'
import { takeTestCalls } from '../../diagnostics/callStats.js'

interface JestExpectState {
  currentTestName?: string
  currentConcurrentTestName?: () => string | undefined
  /** Jest 30: the running test itself, right even inside `test.concurrent`. */
  currentTestIdentity?: () => { concurrent?: boolean } | undefined
  testPath?: string
}
interface JestGlobals {
  expect: { extend(matchers: object): void; getState(): JestExpectState }
  afterEach(fn: () => Promise<void> | void): void
}

const jestGlobals = globalThis as unknown as JestGlobals
const sidecar: JestSidecar = { testPath: jestGlobals.expect.getState().testPath ?? '', records: [] }
const sidecarDir = process.env[JEST_DIR_ENV]
const asyncAssertions = new Map<string, Array<{ settled: boolean; promise: Promise<unknown> }>>()

/** The running test's name; `currentConcurrentTestName` is the only right one inside `test.concurrent`. */
function currentTest(matcherContext: unknown): { testName: string | undefined; concurrent: boolean } {
  const fromMatcher = (matcherContext as JestExpectState | undefined)?.currentConcurrentTestName?.()
  const state = jestGlobals.expect.getState()
  const concurrentName = fromMatcher ?? state.currentConcurrentTestName?.()
  // Jest 30 answers currentConcurrentTestName() for every test, so ask the test itself; Jest 29 answers only
  // inside test.concurrent.
  const identity = state.currentTestIdentity?.()
  const concurrent = identity ? identity.concurrent === true : concurrentName !== undefined
  return { testName: concurrentName ?? state.currentTestName, concurrent }
}

function writeSidecar(): void {
  if (!sidecarDir) return
  mkdirSync(sidecarDir, { recursive: true })
  const path = join(sidecarDir, sidecarFileName(sidecar.testPath))
  const temporary = `${path}.${process.pid}.tmp`
  // Rewritten after every record, atomically: a crash later in the file still leaves what was measured.
  writeFileSync(temporary, JSON.stringify(sidecar))
  renameSync(temporary, path)
}

installRecorder({
  record(record: PendingRecord, matcherContext?: unknown) {
    const { testName, concurrent } = currentTest(matcherContext)
    if (testName === undefined) {
      console.warn(`perf-sentinel: "${record.name}" was measured outside a test (e.g. in beforeAll) and is not reported.`)
      return
    }
    const taken = sidecar.records.filter((r) => r.testName === testName).map((r) => r.name)
    sidecar.records.push({
      testName,
      name: uniqueName(taken, record),
      kind: record.kind,
      concurrent,
      result: record.result,
      ...(record.budget ? { budget: record.budget } : {}),
      ...(record.load ? { load: record.load } : {}),
      ...(record.memory ? { memory: record.memory } : {}),
      ...(record.blocking ? { blocking: record.blocking } : {}),
      ...(record.profile ? { profile: record.profile } : {}),
    })
    writeSidecar()
  },
  trackAsyncAssertion(promise: Promise<unknown>, matcherContext: unknown) {
    const { testName, concurrent } = currentTest(matcherContext)
    if (testName === undefined || concurrent) return
    const entry = { settled: false, promise }
    const settle = (): void => {
      entry.settled = true
    }
    promise.then(settle, settle)
    asyncAssertions.set(testName, [...(asyncAssertions.get(testName) ?? []), entry])
  },
})

jestGlobals.expect.extend(perfMatchers)

jestGlobals.afterEach(async () => {
  const { testName } = currentTest(undefined)
  if (testName === undefined) return
  const unsettled = (asyncAssertions.get(testName) ?? []).filter((entry) => !entry.settled)
  asyncAssertions.delete(testName)
  if (unsettled.length === 0) return
  await Promise.allSettled(unsettled.map((entry) => entry.promise))
  throw new Error(
    `perf-sentinel: ${unsettled.length} timing assertion(s) on an async function were still running when the test ` +
      'ended. Add `await` before `expect(…).toCompleteWithin(…)` (and the other timing matchers) for async subjects.',
  )
})

// Calls of perfTiming functions during this test, for the report's "Instrumented functions" section.
jestGlobals.afterEach(() => {
  const calls = takeTestCalls()
  const { testName } = currentTest(undefined)
  if (calls.length === 0 || testName === undefined) return
  ;(sidecar.calls ??= []).push({ testName, calls })
  writeSidecar()
})
