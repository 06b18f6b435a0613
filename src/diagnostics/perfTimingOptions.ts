/**
 * The options of `perfTiming` and their validation (a wrong key or value throws when the function is wrapped, not on
 * its first call).
 */
import { describeValue } from '../errors.js'
import type { Clock } from '../measure/clock.js'
import type { ProfileMode } from '../model/diagnostics.js'
import type { CallStatsStore } from './callStats.js'
import { isProfileMode } from './diagnosticsConfig.js'
import type { PerfCall } from './perfLog.js'

/** The default threshold over which a slice counts as blocking: the one blocked-at uses, and a dropped frame ×1.2. */
export const DEFAULT_BLOCKING_THRESHOLD_MS = 20

/** Options of `perfTiming` (all optional). Times in ms. */
export interface PerfTimingOptions {
  /** Name in `getStats`, logs and reports. @default the function's name, or `ClassName.method` for decorated methods */
  name?: string
  /** A call slower than this is `thresholdExceeded` (a warning in reports; `toHaveCallsWithin` can fail on it). */
  thresholdMs?: number
  /** Write a PERF JSON line to stderr per call. @default true when `PERF_SENTINEL_LOG=1`, else false */
  log?: boolean
  /** Async kinds: a synchronous slice at least this long sets `hasSyncBlocking`. @default 20 */
  blockingThresholdMs?: number
  /** Async kinds: watch the event loop while calls are in flight (a 1 ms timer, only then). @default true */
  detectBlocking?: boolean
  /** Called after every call (e.g. to export metrics). Exceptions it throws are ignored. */
  onCall?: (call: PerfCall) => void
  /** Clock in ms. @default `process.hrtime()` in ms, captured at module load and checked against the real clock (immune to fake timers; see callClock.ts) */
  clock?: Clock
  /** Where statistics go. @default the process's store, read by `getStats` */
  store?: CallStatsStore
  /** Where PERF lines go. @default one `process.stderr.write` per line */
  writeLog?: (line: string) => void
  /** Read for `PERF_SENTINEL_LOG` when `log` is not given. @default process.env */
  env?: Readonly<Record<string, string | undefined>>
  /**
   * CPU profile of one live call (a call cannot be replayed): `'always'` the first call, `'on-failure'` the call after
   * the first one over `thresholdMs`; one per name until `resetStats()`. Plain and async functions (not generators,
   * not classes). @default 'off'
   */
  profile?: ProfileMode
}

const OPTION_KEYS = new Set<string>([
  'name',
  'thresholdMs',
  'log',
  'blockingThresholdMs',
  'detectBlocking',
  'onCall',
  'clock',
  'store',
  'writeLog',
  'env',
  'profile',
])

/** Validates `perfTiming` options; throws a `TypeError` naming the key, the value and what is accepted. */
export function checkPerfTimingOptions(options: unknown): PerfTimingOptions {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`perfTiming(): options must be an object, received ${describeValue(options)}`)
  }
  for (const [key, value] of Object.entries(options)) {
    if (!OPTION_KEYS.has(key))
      throw new TypeError(`perfTiming(): unknown option "${key}". Accepted options: ${[...OPTION_KEYS].join(', ')}`)
    if (value === undefined) continue
    const bad = (accepted: string): never => {
      throw new TypeError(`perfTiming(): option "${key}" must be ${accepted}, received ${describeValue(value)}`)
    }
    if (key === 'name' && (typeof value !== 'string' || value.trim() === '')) bad('a non-empty string')
    if ((key === 'thresholdMs' || key === 'blockingThresholdMs') && !(typeof value === 'number' && value >= 0 && Number.isFinite(value)))
      bad('a finite number of milliseconds ≥ 0')
    if ((key === 'log' || key === 'detectBlocking') && typeof value !== 'boolean') bad('true or false')
    if ((key === 'onCall' || key === 'clock' || key === 'writeLog') && typeof value !== 'function') bad('a function')
    if (key === 'profile' && !isProfileMode(value)) bad("'on-failure', 'always' or 'off'")
  }
  return options as PerfTimingOptions
}
