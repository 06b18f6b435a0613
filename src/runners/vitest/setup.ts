/**
 * Vitest setup file (added by the `perfSentinel()` plugin, or listed in `test.setupFiles` by hand): registers
 * the matchers and records measurements into `task.meta.perfSentinel`, which Vitest carries to the reporter
 * (and through `--shard` + `--merge-reports`).
 *
 * It runs before every test file, so it does almost nothing: the matchers are stand-ins that load the engine on
 * first use, and no per-test hook is registered unless the file needs one (every hook costs each test four task
 * events sent to the main process). One `beforeAll` per file decides, after collection: concurrent tests get the
 * async context that attributes `measure()` to the right test, and files using `perfTiming` get their calls
 * drained per test. Un-awaited async matchers are checked through the test's own `onTestFinished`.
 */
import type { AsyncLocalStorage } from 'node:async_hooks'
import * as vitest from 'vitest'
import type { PendingRecord } from '../../record/recorder.js'
import { installRecorder } from '../../record/recorder.js'
import type { WorkerRecord } from '../../record/workerRecord.js'
import { toWorkerRecord } from '../../record/workerRecord.js'
import type { Engine } from '../engineLoader.js'
import { createEngineLoader } from '../engineLoader.js'
import { lazyMatchers } from '../lazyMatchers.js'
import { RESOURCES_META_KEY, workerResourceSampler } from '../../diagnostics/resources/workerResourceSampler.js'
import type { RunnerApi, TaskLike } from './runnerApi.js'
import { hasConcurrentTest, runnerApiFromSuiteModule, runnerApiOf } from './runnerApi.js'
import type { TrackedAssertion } from '../../record/unawaitedAssertions.js'
import { trackAssertion, unawaitedFailure } from '../../record/unawaitedAssertions.js'

/** Where `perfTiming` keeps its call statistics (src/diagnostics/callStats.ts): present once a function is wrapped. */
const CALL_STORE = Symbol.for('perf-sentinel.callStats')

// vm pools (vmThreads, vmForks) evaluate this file in another realm than a Node `require` would load the engine in:
// there the engine is imported before the tests run (in beforeAll below), in this realm, instead of on first use.
const sameRealm = Object.getPrototypeOf(process.versions) === Object.prototype
let preloaded: Engine | undefined
const requireEngine = createEngineLoader(import.meta.url)
const loadEngine = (): Engine => preloaded ?? requireEngine()

let runner: RunnerApi | undefined = runnerApiOf(vitest)
// The test a measure() call belongs to, for files with concurrent tests (created only for those: on Node 20 the first
// enterWith switches on promise hooks for the whole worker, which slows every await of an ordinary suite).
let concurrentTask: AsyncLocalStorage<TaskLike> | undefined
const asyncAssertions = new WeakMap<TaskLike, TrackedAssertion[]>()

function taskFor(matcherContext: unknown): TaskLike | undefined {
  // The matcher's own `this.task` (Vitest ≥ 4.0.11) is exact even for the global `expect` in concurrent tests.
  const fromMatcher = (matcherContext as { task?: TaskLike } | undefined)?.task
  if (fromMatcher) return fromMatcher
  const current = runner?.getCurrentTest()
  if (current !== undefined && current.concurrent !== true) return current
  // Concurrent tests: the test whose async context this is. The runner's current test is not enough: Vitest 3.2
  // clears it when the first of two concurrent tests finishes, while the other one still runs.
  const stored = concurrentTask?.getStore()
  if (stored !== undefined && (stored.result?.state ?? 'run') === 'run') return stored
  return current
}

installRecorder({
  record(record: PendingRecord, matcherContext?: unknown) {
    const task = taskFor(matcherContext)
    if (!task) {
      console.warn(`perf-sentinel: "${record.name}" was measured outside a test (e.g. in beforeAll) and is not reported.`)
      return
    }
    const records: WorkerRecord[] = (task.meta.perfSentinel ??= [])
    records.push(
      toWorkerRecord(
        record,
        records.map((r) => r.name),
        task.concurrent === true,
      ),
    )
  },
  trackAsyncAssertion(promise: Promise<unknown>, matcherContext: unknown, matcher?: string) {
    const task = taskFor(matcherContext)
    if (!task) return
    const entry = trackAssertion(promise, (matcherContext as { isNot?: boolean } | undefined)?.isNot === true, process, matcher)
    const list = asyncAssertions.get(task)
    if (list) {
      list.push(entry)
      return
    }
    asyncAssertions.set(task, [entry])
    // An async timing matcher that is not awaited would otherwise pass silently (or show ✓ beside an "Unhandled
    // Rejection" when it fails while the test runs): fail its test loudly instead.
    const check = (): Promise<void> | undefined => {
      const failure = unawaitedFailure(asyncAssertions.get(task) ?? [])
      asyncAssertions.delete(task)
      if (failure === undefined) return undefined
      return Promise.resolve(failure).then((error) => {
        throw error
      })
    }
    const onFinished = task.context?.onTestFinished
    if (typeof onFinished === 'function') onFinished(check)
    else vitest.onTestFinished(check)
  },
})

vitest.expect.extend(
  lazyMatchers(
    () => loadEngine().perfMatchers,
    // Registers the real matchers too: later calls skip the stand-ins, and matchers added since are available.
    (matchers) => vitest.expect.extend(matchers),
  ) as unknown as Parameters<typeof vitest.expect.extend>[0],
)

/**
 * What the setup file does for each test file: its `beforeAll` (the hooks a file needs, decided after collection)
 * and its resource mark and `afterAll`. Vitest evaluates a setup file again for every test file; perf-sentinel's
 * runner (src/runners/vitest/runner.ts) imports it once per worker and calls this for the worker's later files.
 */
export function perFileSetup(): void {
  vitest.beforeAll(beforeFile)
  if (resources === undefined) return
  resources.mark(vitest.expect.getState().testPath ?? 'unknown test file')
  vitest.afterAll(afterFile)
}

// Vitest 4 reads each hook's source text for fixture parameters at every registration (its cache is on a wrapper
// made per registration): one-line functions keep that at a few characters per file instead of the hooks' bodies.
const beforeFile = function (this: unknown): Promise<void> {
  // biome-ignore lint/complexity/noArguments: forwarded as Vitest passed them (see fileHooks)
  return fileHooks.apply(this, arguments as unknown as [])
}
const afterFile = function (this: unknown): void {
  // biome-ignore lint/complexity/noArguments: forwarded as Vitest passed them (see fileResources)
  fileResources.apply(this, arguments as unknown as [])
}

// No declared parameters: Vitest 4 passes (fixtures, file) and parses a first parameter as fixtures, Vitest 3.2 (file).
async function fileHooks(): Promise<void> {
  // biome-ignore lint/complexity/noArguments: see above
  const file = [...arguments].find((arg): arg is TaskLike => (arg as TaskLike | undefined)?.type === 'suite')
  if (file === undefined) return
  // Not a string literal: Vite resolves literal imports when it transforms this file, and Vitest 5 has no vitest/suite.
  runner ??= await runnerApiFromSuiteModule(() => import(/* @vite-ignore */ ['vitest', 'suite'].join('/')))
  if (!sameRealm) preloaded ??= (await import(new URL('../engine.js', import.meta.url).href)) as Engine
  const concurrent = hasConcurrentTest(file)
  const timing = (globalThis as Record<symbol, unknown>)[CALL_STORE] !== undefined
  if (!concurrent && !timing) return
  const hooks = runner.getSuiteHooks(file)
  if (concurrent) {
    const { AsyncLocalStorage } = await import('node:async_hooks')
    const store = (concurrentTask ??= new AsyncLocalStorage<TaskLike>())
    hooks.beforeEach.push((context: { task: TaskLike }) => {
      if (context.task.concurrent === true) store.enterWith(context.task)
    })
  }
  if (timing) {
    // Calls of perfTiming functions during this test, for the report's "Instrumented functions" section.
    hooks.afterEach.push((context: { task: TaskLike }) => {
      const calls = loadEngine().takeTestCalls()
      if (calls.length > 0) context.task.meta.perfSentinelCalls = calls
    })
  }
}

// Process resources (CPU, RSS, heap, event loop) for the report's timeline: one sampler per worker, kept on `process`
// for the next files this worker runs; each file's readings travel in its file task's meta, sent when the file ends.
// Nothing runs with PERF_SENTINEL_RESOURCES=0 (or `resources: false`, which the reporter passes on that way).
const resources = workerResourceSampler(process)

function fileResources(): void {
  // biome-ignore lint/complexity/noArguments: as in fileHooks above
  const file = [...arguments].find((arg): arg is TaskLike => (arg as TaskLike | undefined)?.type === 'suite')
  if (file !== undefined && resources !== undefined) file.meta[RESOURCES_META_KEY] = resources.flush()
}

perFileSetup()
