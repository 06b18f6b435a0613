/**
 * `perf-sentinel` as a browser resolves it (the `browser` export condition: Vitest browser mode, a bundler building
 * an app for the browser). Application code wrapped in `perfTiming` keeps working there — timed with the browser's
 * `performance.now()`, counted in `getStats` and logged to the console with `log: true` — and the pure helpers are the
 * same. Measuring (`measure()`, `load()`, the perf matchers) needs Node (its clocks, GC control, worker processes and
 * the reporter in the runner's process): each name exists, so a test file importing it still loads and its other tests
 * run, but a call fails with what to do instead of the whole file failing to import.
 * Node can resolve this entry too — Vitest with `resolve.conditions: ['browser']` (jsdom setups for Svelte, Solid…) —
 * and there it is the Node entry: everything below is re-exported from `./index.cjs`, required at load. Required, not
 * imported: an `await import()` here would be a top-level await, which browser builds for older targets refuse (Vite 5's
 * default among them). A second copy of the Node code is safe: the state it shares lives on `globalThis` (as for the
 * self-contained setup files).
 */
import * as errors from './errors.js'
import type { perfMatchers as nodePerfMatchers } from '../matchers/index.js'
import type { load as nodeLoad } from './diagnostics/load/load.js'
import type { measure as nodeMeasure } from './measure/measure.js'
import * as callStats from './diagnostics/callStats.js'
import * as diagnosticsConfig from './diagnostics/diagnosticsConfig.js'
import type { PerfTimingFunction } from './diagnostics/instrument.js'
import { createPerfTiming } from './diagnostics/instrument.js'
import { browserPerfMatchers, nodeOnlyError } from './runners/browserMatchers.js'
import * as defaults from './measure/defaults.js'
import * as stats from './stats/summarize.js'
import * as format from './format.js'
import * as trend from './model/trend.js'
import * as report from './model/report.js'
import * as configSchema from './config/configSchema.js'

type NodeEntry = typeof import('./index.js')

interface NodeProcess {
  versions?: { node?: unknown }
  /** Node ≥ 20.16 / 22.3. */
  getBuiltinModule?: (id: 'node:module') => typeof import('node:module')
}

/** `process` in Node (and runtimes that present themselves as Node); a browser's `process` shim has no `versions.node`. */
const globalProcess = (globalThis as { process?: NodeProcess }).process
const nodeProcess = typeof globalProcess?.versions?.node === 'string' ? globalProcess : undefined
const inNode = nodeProcess !== undefined
const node = nodeProcess?.getBuiltinModule?.('node:module').createRequire(import.meta.url)('./index.cjs') as NodeEntry | undefined

/** The browser's `perfTiming`: its clock; no event-loop blocking detection and no CPU profiles (Node's inspector). */
function browserPerfTiming(): PerfTimingFunction {
  // Taken now: fake timers may replace `globalThis.performance` later.
  const browserPerformance = globalThis.performance
  const now = (): number => browserPerformance.now()
  const fromNow = (ms: number): number => browserPerformance.timeOrigin + ms
  return createPerfTiming({
    clock: now,
    toEpochMs: (clock) => (clock === now ? fromNow : undefined),
    watcher: () => undefined,
    profiler: () => undefined,
    writeLog: (line) => console.log(line),
    env: () => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {},
  })
}

/** Node only: in a browser, rejects with `E_USAGE`. */
export const measure: typeof nodeMeasure = node?.measure ?? (() => Promise.reject(nodeOnlyError('measure()', inNode)))
/** Node only: in a browser, rejects with `E_USAGE`. */
export const load: typeof nodeLoad = node?.load ?? (() => Promise.reject(nodeOnlyError('load()', inNode)))
/** Every matcher; in a browser each throws `E_USAGE` when used (`expect.extend(perfMatchers)` itself works). */
export const perfMatchers: typeof nodePerfMatchers = node?.perfMatchers ?? browserPerfMatchers(inNode)
export const perfTiming: PerfTimingFunction = node?.perfTiming ?? browserPerfTiming()
export const PerfSentinelError: typeof errors.PerfSentinelError = node?.PerfSentinelError ?? errors.PerfSentinelError
export const isPerfSentinelError: typeof errors.isPerfSentinelError = node?.isPerfSentinelError ?? errors.isPerfSentinelError
export const MEASURE_DEFAULTS: typeof defaults.MEASURE_DEFAULTS = node?.MEASURE_DEFAULTS ?? defaults.MEASURE_DEFAULTS
export const summarize: typeof stats.summarize = node?.summarize ?? stats.summarize
export const formatMs: typeof format.formatMs = node?.formatMs ?? format.formatMs
export const getStats: typeof callStats.getStats = node?.getStats ?? callStats.getStats
export const resetStats: typeof callStats.resetStats = node?.resetStats ?? callStats.resetStats
export const configureDiagnostics: typeof diagnosticsConfig.configureDiagnostics =
  node?.configureDiagnostics ?? diagnosticsConfig.configureDiagnostics
export const trendPoints: typeof trend.trendPoints = node?.trendPoints ?? trend.trendPoints
export const REPORT_SCHEMA_VERSION: typeof report.REPORT_SCHEMA_VERSION = node?.REPORT_SCHEMA_VERSION ?? report.REPORT_SCHEMA_VERSION
export const defineConfig: typeof configSchema.defineConfig = node?.defineConfig ?? configSchema.defineConfig
