import * as v from 'valibot'
import type { AlertManager } from '../alerts/alertManager.js'
import type { AlertOptions } from '../alerts/alertOptions.js'
import { validateOptions } from '../alerts/validateOptions.js'
import type { RequestSummary } from './requestSummary.js'

/** Options of `httpMonitor`, `expressMonitor`, `fastifyMonitor`, `koaMonitor` and `createHttpMonitor`. */
export interface HttpMonitorOptions {
  /** Switch: false makes every adapter a pass-through. `PERF_SENTINEL_HTTP_ENABLED=0` overrides. @default true */
  enabled?: boolean
  /** A request slower than this raises an alert. `PERF_SENTINEL_HTTP_THRESHOLD_MS`. @default 1000 */
  thresholdMs?: number
  /** Per-route thresholds by route template or glob, with or without a method: `{ 'GET /reports/:id': 5000, '/export/**': 10000 }`. */
  thresholds?: Record<string, number>
  /** Only these paths are monitored (picomatch globs; `'GET /api/**'` also matches the method). `PERF_SENTINEL_HTTP_INCLUDE` (comma-separated). */
  include?: string[]
  /** These paths are not monitored, e.g. `['/health', '/assets/**']`. `PERF_SENTINEL_HTTP_EXCLUDE`. */
  exclude?: string[]
  /** Share of requests timed, 0–1 (stats then count the sampled ones). `PERF_SENTINEL_HTTP_SAMPLE_RATE`. @default 1 */
  sampleRate?: number
  /** Endpoint keys kept; later ones are counted under `METHOD __other__`. @default 1000 */
  maxEndpoints?: number
  /** What of the query (and parsed body) parameters enters the alert key: names and values, names, or none. @default 'values' */
  keyParams?: 'values' | 'names' | 'none'
  /** Parameter names (case-insensitive) whose values are never shown or keyed. Added to the defaults (password, token…). */
  redactParams?: string[]
  /** CPU profile of the next request of a slow endpoint, attached to its alert. `PERF_SENTINEL_HTTP_PROFILE=0` turns it off. @default true */
  profile?: boolean | { maxPerHour?: number; samplingIntervalUs?: number; waitMs?: number }
  /** Serve `getStats()` as JSON at this path (e.g. `'/__perf'`), or false. `PERF_SENTINEL_HTTP_STATS_PATH`. @default false */
  statsPath?: string | false
  /** Event-loop lateness above this counts as blocking. @default 10 */
  blockFloorMs?: number
  /** Notifiers (`{ notifiers: [...] }`), a ready alert manager, or false. Environment notifiers are added. */
  alerts?: AlertOptions | AlertManager | false
  /** Called with every finished request's summary (errors it throws are logged once and ignored). */
  onRequest?: (summary: RequestSummary) => void
  /** Environment variables to read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>
  /** Where log lines go (already prefixed). @default stderr */
  log?: (line: string) => void
}

/** Profile settings with defaults applied. */
export interface ProfileSettings {
  enabled: boolean
  /** At most this many profiles per hour (each blocks the loop ~10–20 ms when it starts). @default 6 */
  maxPerHour: number
  samplingIntervalUs: number
  /** How long a slow request's alert waits for the next request of its endpoint to be profiled. @default 60_000 */
  waitMs: number
}

const THRESHOLDS_ACCEPTED = "an object of route → ms, e.g. { 'GET /reports/:id': 5000 }"
const positiveMs = v.pipe(
  v.number('a positive number of milliseconds'),
  v.finite('a positive number of milliseconds'),
  v.gtValue(0, 'a positive number of milliseconds'),
)
const globs = v.array(
  v.pipe(v.string('glob strings'), v.nonEmpty('non-empty glob strings')),
  "an array of globs such as ['/health', 'GET /api/**']",
)

const schema = v.strictObject({
  enabled: v.optional(v.boolean('true or false')),
  thresholdMs: v.optional(positiveMs),
  thresholds: v.optional(
    v.pipe(
      // valibot's record takes an array as an object: `thresholds: []` would mean "no per-route thresholds" silently.
      v.custom<Record<string, unknown>>(
        (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
        THRESHOLDS_ACCEPTED,
      ),
      v.record(v.string(), positiveMs, THRESHOLDS_ACCEPTED),
    ),
  ),
  include: v.optional(globs),
  exclude: v.optional(globs),
  sampleRate: v.optional(
    v.pipe(v.number('a number from 0 to 1'), v.minValue(0, 'a number from 0 to 1'), v.maxValue(1, 'a number from 0 to 1')),
  ),
  maxEndpoints: v.optional(v.pipe(v.number('an integer ≥ 1'), v.integer('an integer ≥ 1'), v.minValue(1, 'an integer ≥ 1'))),
  keyParams: v.optional(v.picklist(['values', 'names', 'none'], "'values', 'names' or 'none'")),
  redactParams: v.optional(v.array(v.string('parameter names'), 'an array of parameter names')),
  profile: v.optional(
    v.union(
      [
        v.boolean(),
        v.strictObject({
          maxPerHour: v.optional(v.pipe(v.number('an integer ≥ 0'), v.integer('an integer ≥ 0'), v.minValue(0, 'an integer ≥ 0'))),
          samplingIntervalUs: v.optional(
            v.pipe(
              v.number('an integer from 50 to 100000 (µs)'),
              v.integer('an integer from 50 to 100000 (µs)'),
              v.minValue(50, 'an integer from 50 to 100000 (µs)'),
              v.maxValue(100_000, 'an integer from 50 to 100000 (µs)'),
            ),
          ),
          waitMs: v.optional(positiveMs),
        }),
      ],
      'true, false or { maxPerHour, samplingIntervalUs, waitMs }',
    ),
  ),
  statsPath: v.optional(v.union([v.literal(false), v.pipe(v.string(), v.startsWith('/'))], "a path starting with '/', or false")),
  blockFloorMs: v.optional(v.pipe(v.number('a number of milliseconds ≥ 1'), v.minValue(1, 'a number of milliseconds ≥ 1'))),
  alerts: v.optional(v.union([v.literal(false), v.looseObject({})], 'an object of alert options, an alert manager, or false')),
  onRequest: v.optional(v.function('a function (summary) => void')),
  env: v.optional(v.record(v.string(), v.optional(v.string()), 'an object of environment variables')),
  log: v.optional(v.function('a function (line) => void')),
})

/** Names whose values are redacted by default, as a substring of the parameter name (case-insensitive). */
export const DEFAULT_REDACTED_PARAMS: readonly string[] = [
  'password',
  'passwd',
  'secret',
  'token',
  'auth',
  'key',
  'session',
  'cookie',
  'signature',
  'credential',
]

/**
 * Validates monitor options given in code (or a config file) and applies `PERF_SENTINEL_HTTP_*` variables over them
 * (the environment wins: operators switch monitoring off or retune it without a deploy). Throws `E_CONFIG` naming
 * the key, the value and what is accepted; an environment value is reported under its variable's name.
 */
export function resolveHttpMonitorOptions(raw: unknown, source: string): HttpMonitorOptions {
  const given = validateOptions(schema, raw ?? {}, source) as HttpMonitorOptions
  const env = given.env ?? process.env
  const fromEnv: Record<string, unknown> = {}
  const read = (name: string, key: keyof HttpMonitorOptions, parse: (text: string) => unknown): void => {
    const text = env[name]?.trim()
    if (!text) return
    fromEnv[key] = parse(text)
    validateOptions(schema, { [key]: fromEnv[key] }, `${source}, environment variable ${name}=${JSON.stringify(text)}`)
  }
  const bool = (text: string): unknown =>
    ['1', 'true', 'on', 'yes'].includes(text.toLowerCase()) ? true : ['0', 'false', 'off', 'no'].includes(text.toLowerCase()) ? false : text
  // A value with no pattern in it (`,`) is a mistake, not "every path": the schema rejects the empty string it keeps.
  const list = (text: string): string[] => {
    const patterns = text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    return patterns.length > 0 ? patterns : ['']
  }
  // Not a number: kept as the text, so the error quotes what was written ("abc"), not NaN.
  const number = (text: string): unknown => (Number.isFinite(Number(text)) ? Number(text) : text)
  read('PERF_SENTINEL_HTTP_ENABLED', 'enabled', bool)
  read('PERF_SENTINEL_HTTP_THRESHOLD_MS', 'thresholdMs', number)
  read('PERF_SENTINEL_HTTP_SAMPLE_RATE', 'sampleRate', number)
  read('PERF_SENTINEL_HTTP_INCLUDE', 'include', list)
  read('PERF_SENTINEL_HTTP_EXCLUDE', 'exclude', list)
  read('PERF_SENTINEL_HTTP_PROFILE', 'profile', bool)
  read('PERF_SENTINEL_HTTP_STATS_PATH', 'statsPath', (text) => (text === 'false' ? false : text))
  return { ...given, ...fromEnv } as HttpMonitorOptions
}

/** The profile settings of resolved options. */
export function profileSettings(options: HttpMonitorOptions): ProfileSettings {
  const given = typeof options.profile === 'object' ? options.profile : {}
  return {
    enabled: options.profile !== false,
    maxPerHour: given.maxPerHour ?? 6,
    samplingIntervalUs: given.samplingIntervalUs ?? 1000,
    waitMs: given.waitMs ?? 60_000,
  }
}
