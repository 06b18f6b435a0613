/**
 * Vitest setup file (added by the `perfSentinel()` plugin, or listed in `test.setupFiles` by hand): registers
 * the matchers and records measurements into `task.meta.perfSentinel`, which Vitest carries to the reporter
 * (and through `--shard` + `--merge-reports`).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { afterEach, beforeEach, expect } from 'vitest'
import type { PendingRecord } from '../../record/recorder.js'
import { installRecorder, uniqueName } from '../../record/recorder.js'
import { perfMatchers } from '../../../matchers/index.js'
import type { WorkerRecord } from '../../record/workerRecord.js'
import { takeTestCalls } from '../../diagnostics/callStats.js'

interface TaskLike {
  name: string
  concurrent?: boolean
  meta: Record<string, unknown> & { perfSentinel?: WorkerRecord[] }
}

// The test a measure() call belongs to. beforeEach runs in the async chain of its own test, so entering the store
// there follows the test body even when several tests run concurrently (a plain variable would not).
const currentTask = new AsyncLocalStorage<TaskLike>()
let lastStartedTask: TaskLike | undefined
const asyncAssertions = new WeakMap<TaskLike, Array<{ settled: boolean; promise: Promise<unknown> }>>()

function taskFor(matcherContext: unknown): TaskLike | undefined {
  // The matcher's own `this.task` (Vitest ≥ 4.0.11) is exact even for the global `expect` in concurrent tests.
  const fromMatcher = (matcherContext as { task?: TaskLike } | undefined)?.task
  return fromMatcher ?? (lastStartedTask?.concurrent === true ? currentTask.getStore() : undefined) ?? lastStartedTask
}

installRecorder({
  record(record: PendingRecord, matcherContext?: unknown) {
    const task = taskFor(matcherContext)
    if (!task) {
      console.warn(`perf-sentinel: "${record.name}" was measured outside a test (e.g. in beforeAll) and is not reported.`)
      return
    }
    const records = (task.meta.perfSentinel ??= [])
    records.push({
      name: uniqueName(records.map((r) => r.name), record),
      kind: record.kind,
      concurrent: task.concurrent === true,
      result: record.result,
      ...(record.budget ? { budget: record.budget } : {}),
      ...(record.load ? { load: record.load } : {}),
      ...(record.memory ? { memory: record.memory } : {}),
      ...(record.blocking ? { blocking: record.blocking } : {}),
      ...(record.profile ? { profile: record.profile } : {}),
    })
  },
  trackAsyncAssertion(promise: Promise<unknown>, matcherContext: unknown) {
    const task = taskFor(matcherContext)
    if (!task) return
    const entry = { settled: false, promise }
    const settle = (): void => {
      entry.settled = true
    }
    promise.then(settle, settle)
    const list = asyncAssertions.get(task) ?? []
    list.push(entry)
    asyncAssertions.set(task, list)
  },
})

expect.extend(perfMatchers)

beforeEach((context) => {
  const task = context.task as unknown as TaskLike
  lastStartedTask = task
  // Only concurrent tests need the async context: the first enterWith switches on Node 20's promise hooks for the
  // whole worker, which slows every await of an ordinary suite by a measurable amount (benchmarked: ~0.4 ms a test).
  if (task.concurrent === true) currentTask.enterWith(task)
})

afterEach((context) => {
  const task = context.task as unknown as TaskLike
  const tracked = asyncAssertions.get(task)
  if (tracked === undefined) return undefined
  asyncAssertions.delete(task)
  const unsettled = tracked.filter((entry) => !entry.settled)
  if (unsettled.length === 0) return undefined
  // An async timing matcher that is not awaited would otherwise pass silently: fail loudly instead.
  return Promise.allSettled(unsettled.map((entry) => entry.promise)).then(() => {
    throw new Error(
      `perf-sentinel: ${unsettled.length} timing assertion(s) on an async function were still running when the ` +
        'test ended. Add `await` before `expect(…).toCompleteWithin(…)` (and the other timing matchers) for async subjects.',
    )
  })
})

// Calls of perfTiming functions during this test, for the report's "Instrumented functions" section.
afterEach((context) => {
  const calls = takeTestCalls()
  if (calls.length > 0) (context.task as unknown as TaskLike).meta.perfSentinelCalls = calls
})
