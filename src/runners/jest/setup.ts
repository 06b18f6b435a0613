/**
 * Jest setup file (`setupFilesAfterEnv: ['perf-sentinel/jest/setup']`): registers the matchers and hands every
 * measurement to the reporter through a sidecar file per test file. Jest results have no per-test metadata, and
 * a sidecar works with any `testRunner`, with several workers and with `--runInBand` (runners.md).
 *
 * It runs before every test file, so it does almost nothing: the matchers are stand-ins that load the engine on
 * first use, registered only in test files that name one or whose helpers do (matcherScope.ts), and no per-test
 * hook is registered unless the file wraps functions with `perfTiming`. An un-awaited async matcher fails its own
 * test through Jest's suppressed errors, which Jest adds to the test when it ends.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import NodeModule, { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PendingRecord } from '../../record/recorder.js'
import { installRecorder } from '../../record/recorder.js'
import type { JestSidecar } from '../../record/jestSidecar.js'
import { JEST_DIR_ENV, JEST_SAMPLED_PID_ENV, sidecarFileName } from '../../record/jestSidecar.js'
import { resourceSamplingEnabled } from '../../diagnostics/resources/resourceSamplingEnabled.js'
import type * as WorkerAgent from './workerAgent.js'
import type * as ScopeAgent from './scopeAgent.js'
import { toWorkerRecord } from '../../record/workerRecord.js'
import type { Engine } from '../engineLoader.js'
import { createEngineLoader } from '../engineLoader.js'
import { lazyMatchers } from '../lazyMatchers.js'
import { JEST_MATCHERS_ENV, registersMatchers } from './matcherScope.js'
import type { CircusTestEntry } from '../../record/testIdentity.js'
import { circusTitlePath } from '../../record/testIdentity.js'
import { addAwaitAdvice, silenceFailure } from '../../record/unawaitedAssertions.js'
import { PerfSentinelError } from '../../errors.js'

interface JestExpectState {
  currentTestName?: string
  currentConcurrentTestName?: () => string | undefined
  /** Jest 30: the running test itself (a jest-circus entry), right even inside `test.concurrent`. */
  currentTestIdentity?: () => (CircusTestEntry & { concurrent?: boolean }) | undefined
  testPath?: string
  /** Errors Jest adds to the running test when it ends (then starts a new list). */
  suppressedErrors?: Error[]
}
interface JestGlobals {
  expect: { extend(matchers: object): void; getState(): JestExpectState }
  afterEach(fn: () => void): void
  beforeAll(fn: () => void): void
  afterAll(fn: () => void): void
}

/** Where `perfTiming` keeps its call statistics (src/diagnostics/callStats.ts): created when a function is wrapped. */
const CALL_STORE = Symbol.for('perf-sentinel.callStats')

const jestGlobals = globalThis as unknown as JestGlobals
// Listed under `setupFiles`, this runs before Jest installs `expect` and the test hooks: say where it belongs.
if (typeof (jestGlobals as Partial<JestGlobals>).expect?.getState !== 'function' || typeof jestGlobals.afterAll !== 'function') {
  throw new PerfSentinelError('E_CONFIG', 'perf-sentinel/jest/setup ran before Jest set up expect() and the test hooks', {
    fix: "move 'perf-sentinel/jest/setup' from setupFiles to setupFilesAfterEnv in the Jest config (each project's, with projects)",
  })
}
const setupAtMs = Date.now()
const sidecar: JestSidecar = { testPath: jestGlobals.expect.getState().testPath ?? '', setupAtMs, records: [] }
const sidecarDir = process.env[JEST_DIR_ENV]
// In the CommonJS build this is Jest's own `require`: the engine then lives in this test file's sandbox.
const loadEngine: () => Engine = createEngineLoader(import.meta.url, typeof require === 'function' ? require : undefined)
let sidecarPath: string | undefined

/**
 * The running test's name and, on Jest 30, its title list (Jest's names are space-joined, so `describe('a b')` >
 * `test('c')` and `describe('a')` > `test('b c')` share one); `currentConcurrentTestName` is the only right name
 * inside `test.concurrent`.
 */
function currentTest(matcherContext: unknown): { testName: string | undefined; testPath: string[] | undefined; concurrent: boolean } {
  const context = matcherContext as JestExpectState | undefined
  const fromMatcher = context?.currentConcurrentTestName?.()
  const state = jestGlobals.expect.getState()
  const concurrentName = fromMatcher ?? state.currentConcurrentTestName?.()
  // Jest 30 answers currentConcurrentTestName() for every test, so ask the test itself; Jest 29 answers only
  // inside test.concurrent.
  const identity = context?.currentTestIdentity?.() ?? state.currentTestIdentity?.()
  const concurrent = identity ? identity.concurrent === true : concurrentName !== undefined
  return { testName: concurrentName ?? state.currentTestName, testPath: circusTitlePath(identity), concurrent }
}

function sameTitles(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((title, i) => title === b[i])
}

function writeSidecar(): void {
  if (!sidecarDir) return
  mkdirSync(sidecarDir, { recursive: true })
  sidecarPath ??= join(
    sidecarDir,
    sidecarFileName(sidecar.testPath, `${process.pid}-${setupAtMs}-${Math.random().toString(36).slice(2, 8)}`),
  )
  const temporary = `${sidecarPath}.tmp`
  // Rewritten after every record, atomically: a crash later in the file still leaves what was measured.
  writeFileSync(temporary, JSON.stringify(sidecar))
  renameSync(temporary, sidecarPath)
}

installRecorder({
  record(record: PendingRecord, matcherContext?: unknown) {
    const { testName, testPath, concurrent } = currentTest(matcherContext)
    if (testName === undefined) {
      console.warn(`perf-sentinel: "${record.name}" was measured outside a test (e.g. in beforeAll) and is not reported.`)
      return
    }
    const sameTest = (r: { testName: string; testPath?: string[] }): boolean =>
      testPath === undefined ? r.testName === testName : sameTitles(r.testPath, testPath)
    const taken = sidecar.records.filter(sameTest).map((r) => r.name)
    const worker = toWorkerRecord(record, taken, concurrent)
    sidecar.records.push(testPath === undefined ? { ...worker, testName } : { ...worker, testName, testPath })
    writeSidecar()
  },
  trackAsyncAssertion(promise: Promise<unknown>, matcherContext: unknown, matcher?: string) {
    const { testName, concurrent } = currentTest(matcherContext)
    const suppressed = jestGlobals.expect.getState().suppressedErrors
    if (testName === undefined || concurrent || !Array.isArray(suppressed)) return
    // An async timing matcher that is not awaited would otherwise pass silently. Jest adds the running test's
    // suppressed errors to it when it ends: this one stays there, failing the test, unless the assertion settles
    // first (awaited, or finished while the test still ran).
    const pending = new Error(
      `perf-sentinel: ${matcher === undefined ? 'a timing assertion on an async function' : `a ${matcher} assertion`} was still running ` +
        `when the test ended. ${addAwaitAdvice(matcher === undefined ? [] : [matcher])}`,
    )
    suppressed.push(pending)
    const settle = (): void => {
      const at = suppressed.indexOf(pending)
      if (at >= 0) suppressed.splice(at, 1)
    }
    const isNot = (matcherContext as { isNot?: boolean } | undefined)?.isNot === true
    promise.then((result) => {
      settle()
      // Jest starts a new list when a test ends: this test has ended and failed with `pending` already.
      if (jestGlobals.expect.getState().suppressedErrors !== suppressed) silenceFailure(result, isNot)
    }, settle)
  },
})

// Only in test files that name a perf matcher or perf-sentinel, themselves or in a module they import (or with
// `jestMatchers: 'always'`): Jest builds every registered matcher into each `expect()` call, so the other files'
// assertions would pay for nine unused matchers. The scope agent scans, keeping what it read for later files; an
// alias (`moduleNameMapper`) resolves through Jest's own `require.resolve`, which applies the project's mapper.
const resolveBare = typeof require === 'function' ? (specifier: string): string => require.resolve(specifier) : undefined
const mentionsPerf = (path: string): boolean => loadOnce<typeof ScopeAgent>('scope.cjs', 'scan').mentionsPerf(path, resolveBare)
if (registersMatchers(sidecar.testPath, process.env[JEST_MATCHERS_ENV], mentionsPerf)) {
  jestGlobals.expect.extend(
    lazyMatchers(
      () => loadEngine().perfMatchers,
      // Registers the real matchers too: later calls skip the stand-ins, and matchers added since are available.
      (matchers) => jestGlobals.expect.extend(matchers),
    ),
  )
}

// Calls of perfTiming functions during each test, for the report's "Instrumented functions" section. Jest accepts
// hooks only while the test file loads, which is also when perfTiming wraps functions and creates its store: the
// drain is registered then, so files that never use perfTiming run no per-test hook.
let collecting = true
jestGlobals.beforeAll(() => {
  collecting = false
})
function drainCallsAfterEachTest(): void {
  jestGlobals.afterEach(() => {
    const calls = loadEngine().takeTestCalls()
    const { testName } = currentTest(undefined)
    if (calls.length === 0 || testName === undefined) return
    ;(sidecar.calls ??= []).push({ testName, calls })
    writeSidecar()
  })
}
const holder = globalThis as Record<symbol, unknown>
if (holder[CALL_STORE] !== undefined) {
  drainCallsAfterEachTest()
} else {
  Object.defineProperty(holder, CALL_STORE, {
    configurable: true,
    enumerable: false,
    get: () => undefined,
    set(store: unknown) {
      Object.defineProperty(holder, CALL_STORE, { value: store, writable: true, configurable: true, enumerable: false })
      // Created inside a test or hook: too late for a hook; its calls stay in getStats(), unsplit per test.
      if (collecting) drainCallsAfterEachTest()
    },
  })
}

// Process resources (CPU, RSS, heap, event loop) for the report's timeline, in this thread's log. One sampler per
// test file, stopped when it ends (the reporter joins the files of one worker into one timeline). Only with the
// reporter (it sets the sidecar folder), and not with PERF_SENTINEL_RESOURCES=0 (or `resources: false`, which the
// reporter passes on that way). In band, the reporter runs in this process and samples it itself, marking each file
// as Jest starts and finishes it. The sampler's code is loaded once per worker, outside the file's sandbox (workerAgent.ts).
const sampledByReporter = process.env[JEST_SAMPLED_PID_ENV] === String(process.pid)
const resources =
  sidecarDir && !sampledByReporter && resourceSamplingEnabled(undefined, process.env)
    ? loadOnce<typeof WorkerAgent>('worker.cjs', 'worker agent').startFileResources(sidecar.testPath, sidecarDir, process.env)
    : undefined
if (resources !== undefined) {
  jestGlobals.afterAll(() => {
    const unlogged = resources.stop()
    if (unlogged === undefined) return
    sidecar.resources = unlogged
    writeSidecar()
  })
}

/**
 * One of the setup file's agents (`worker.cjs`, the resource sampler; `scope.cjs`, the matcher scan), loaded by Node's
 * own CommonJS loader: evaluated once per worker and warm in every later test file. Inside a test file `node:module`
 * is Jest's stand-in, whose `createRequire` loads through Jest's module registry — a fresh, cold evaluation in each
 * file: measured in a 150-file suite with 2 workers, the sampler's start and stop cost ~2–4 ms per file that way and
 * ~0.5–0.7 ms loaded once (BENCHMARKS.md part 2, twelfth session). The stand-in keeps `Module`'s static functions,
 * `_load` (Node's loader, undocumented but in every Node release) among them; where it is missing, Jest's
 * `createRequire` loads the same file, cold.
 */
function loadOnce<T>(file: string, what: string): T {
  const path = fileURLToPath(new URL(`./${file}`, import.meta.url))
  const nodeLoad = (NodeModule as unknown as { _load?: unknown })._load
  try {
    return (typeof nodeLoad === 'function' ? nodeLoad.call(NodeModule, path, null, false) : createRequire(import.meta.url)(path)) as T
  } catch (error) {
    throw new PerfSentinelError('E_CONFIG', `perf-sentinel could not load its Jest ${what} ${path}`, {
      fix: 'reinstall perf-sentinel: its dist/ folder is incomplete',
      cause: error,
    })
  }
}
