import { hostname } from 'node:os'
import picomatch from 'picomatch'
import type { AlertManager } from '../alerts/alertManager.js'
import { createAlertManager } from '../alerts/alertManager.js'
import type { AlertManagerStats } from '../alerts/alertManager.js'
import { alertsFromEnv, mergeAlertOptions } from '../alerts/alertsFromEnv.js'
import type { AlertOptions } from '../alerts/alertOptions.js'
import { resolveAlertOptions } from '../alerts/alertOptions.js'
import { errorMessage } from '../errors.js'
import { createBlockProbe } from './blockProbe.js'
import type { EndpointStats } from './endpointRegistry.js'
import { createEndpointRegistry, UNMATCHED_ROUTE } from './endpointRegistry.js'
import type { HttpMonitorOptions } from './httpMonitorOptions.js'
import { DEFAULT_REDACTED_PARAMS, profileSettings, resolveHttpMonitorOptions } from './httpMonitorOptions.js'
import { recordLatency } from './latencyHistogram.js'
import { normalizePath, pathOf } from './normalizePath.js'
import { createProfileScheduler } from './profileScheduler.js'
import type { ProfileOutcome } from './profileScheduler.js'
import type { RequestSummary, SlowRequest } from './requestSummary.js'
import { redactedUrl, requestParams, slowRequestAlert, slowRequestKey } from './requestSummary.js'
import { RequestTiming } from './requestTiming.js'

/** Everything `getStats()` returns. Durations in ms. */
export interface HttpStats {
  /** ISO time the monitor started. */
  since: string
  enabled: boolean
  endpoints: EndpointStats[]
  /** Requests counted under `METHOD __other__` because `maxEndpoints` was reached. */
  overflowedRequests: number
  /** Errors inside the monitor itself (each logged once); the application never sees them. */
  internalErrors: number
  /** CPU profiles taken. */
  profiles: number
  alerts: AlertManagerStats | undefined
}

/**
 * The one core every adapter drives: `begin()` when a request arrives, `end()` when its response finished. Create it
 * yourself to share one set of stats between adapters, or let an adapter create it from options.
 */
export interface HttpMonitor {
  readonly enabled: boolean
  readonly statsPath: string | false
  getStats(): HttpStats
  /** `getStats()` as JSON (NaN as null), what the stats endpoint serves. */
  statsJson(): string
  /** Waits for pending alert deliveries. */
  flush(): Promise<void>
  /** Sends alerts still waiting for a profile, stops timers and the profiler, and closes the alert manager it created (≤ 5 s). */
  close(): Promise<void>
  /** Adapters: a timing for a request, or undefined when it is not monitored (disabled, excluded, not sampled). */
  begin(method: string | undefined, url: string | undefined): RequestTiming | undefined
  /**
   * Adapters: records a finished request. `route` undefined means "no template": the path is normalised. `body` is
   * the parsed request body, or a function reading it from `timing.target`, called only for a request over its
   * threshold (the alert's parameters): most requests are fast, and a property the framework never set can cost a
   * slow lookup through its request's prototypes.
   */
  end(timing: RequestTiming, status: number, route: string | undefined, body?: unknown): void
  /** Adapters: an error of the monitor itself (counted, logged once, never rethrown). */
  fault(error: unknown): void
}

/**
 * Creates the monitoring core. Validates options (throws `E_CONFIG` naming key, value and what is accepted) and
 * applies `PERF_SENTINEL_HTTP_*` and alert environment variables.
 * @example const monitor = createHttpMonitor({ thresholdMs: 500, alerts: { notifiers: [{ type: 'file', dir: 'alerts' }] } })
 */
export function createHttpMonitor(raw: HttpMonitorOptions = {}, source = 'createHttpMonitor()'): HttpMonitor {
  const options = resolveHttpMonitorOptions(raw, source)
  const write = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const logged = new Set<string>()
  let internalErrors = 0
  const fault = (error: unknown): void => {
    internalErrors++
    const message = errorMessage(error)
    if (logged.has(message) || logged.size > 100) return
    logged.add(message)
    write(`perf-sentinel: HTTP monitoring error (the request was not affected): ${message}`)
  }
  const enabled = options.enabled !== false
  const sampleRate = options.sampleRate ?? 1
  const keyParams = options.keyParams ?? 'values'
  const redacted = [...DEFAULT_REDACTED_PARAMS, ...(options.redactParams ?? [])].map((n) => n.toLowerCase())
  const isRedacted = (name: string): boolean => redacted.some((part) => name.toLowerCase().includes(part))
  const filter = pathFilter(options.include, options.exclude)
  const thresholdFor = thresholdResolver(options.thresholdMs ?? 1000, options.thresholds ?? {})
  const registry = createEndpointRegistry(options.maxEndpoints ?? 1000, thresholdFor)
  const probe = createBlockProbe(options.blockFloorMs ?? 10)
  const alerts = enabled ? alertManagerOf(options, write) : undefined
  const host = `${hostname()} (pid ${process.pid})`
  const send = (slow: SlowRequest, profile: ProfileOutcome): void => alerts?.notify(slowRequestAlert(slow, profile, host))
  const profiles = createProfileScheduler(profileSettings(options), send, fault)
  const since = new Date().toISOString()

  const summarize = (timing: RequestTiming, status: number, route: string, durationMs: number, endMs: number): RequestSummary => ({
    method: timing.method,
    route,
    url: redactedUrl(timing.url, isRedacted),
    status,
    durationMs,
    eventLoopBlockedMs: Math.max(0, probe.blockedMs(endMs) - timing.blockedAtStartMs),
    time: new Date(Date.now() - durationMs).toISOString(),
  })

  const monitor: HttpMonitor = {
    enabled,
    statsPath: enabled ? (options.statsPath ?? false) : false,
    begin(method = 'GET', url = '/') {
      if (!enabled || (sampleRate < 1 && Math.random() >= sampleRate)) return undefined
      if (filter !== undefined && !filter(method, pathOf(url))) return undefined
      const startMs = performance.now()
      probe.touch(startMs)
      const timing = new RequestTiming(method, url, startMs, probe.blockedMs(startMs))
      if (profiles.recording) profiles.maybeClaim(timing)
      return timing
    },
    end(timing, status, route, body) {
      const endMs = performance.now()
      const durationMs = endMs - timing.startMs
      const resolvedRoute = route ?? (status === 404 ? UNMATCHED_ROUTE : normalizePath(timing.url))
      const endpoint = registry.get(timing.method, resolvedRoute)
      recordLatency(endpoint.latency, durationMs)
      if (status >= 500) endpoint.errors++
      let summary: RequestSummary | undefined
      const profiled = timing.profileKey !== undefined
      if (profiled) {
        summary = summarize(timing, status, resolvedRoute, durationMs, endMs)
        profiles.finish(timing, summary, endMs)
      }
      if (durationMs > endpoint.thresholdMs) {
        endpoint.slow++
        summary ??= summarize(timing, status, resolvedRoute, durationMs, endMs)
        // A profiled request is slowed by the profiler: it is counted, but raises no alert of its own.
        if (alerts !== undefined && !profiled) {
          const slow: SlowRequest = {
            summary,
            path: normalizePath(timing.url),
            params: requestParams(timing.url, typeof body === 'function' ? body(timing.target) : body, isRedacted),
            keyParams,
            thresholdMs: endpoint.thresholdMs,
            endpoint: undefined,
          }
          const key = slowRequestKey(slow)
          if (alerts.wouldSend(key, durationMs)) {
            slow.endpoint = registry.statsOf(endpoint)
            profiles.onSlow(key, slow)
          }
        }
      }
      if (options.onRequest !== undefined) {
        try {
          options.onRequest(summary ?? summarize(timing, status, resolvedRoute, durationMs, endMs))
        } catch (error) {
          fault(error)
        }
      }
    },
    fault,
    getStats: () => ({
      since,
      enabled,
      endpoints: registry.snapshot(),
      overflowedRequests: registry.overflowed,
      internalErrors,
      profiles: profiles.taken,
      alerts: alerts?.stats(),
    }),
    statsJson: () =>
      JSON.stringify(monitor.getStats(), (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value)),
    flush: async () => {
      await alerts?.flush()
    },
    async close() {
      profiles.close()
      probe.stop()
      // A server shutting down waits at most 5 s for deliveries; the rest stay in the outbox for the next start.
      if (alerts !== undefined && !isAlertManager(options.alerts)) await alerts.close(5000)
      else await alerts?.flush()
    },
  }
  return monitor
}

function isAlertManager(value: unknown): value is AlertManager {
  return typeof value === 'object' && value !== null && typeof (value as AlertManager).notify === 'function'
}

/** The alert manager of the options: the one given, or one built from the options and the environment (or none). */
function alertManagerOf(options: HttpMonitorOptions, log: (line: string) => void): AlertManager | undefined {
  if (options.alerts === false) return undefined
  if (isAlertManager(options.alerts)) return options.alerts
  const merged = mergeAlertOptions(options.alerts as AlertOptions | undefined, alertsFromEnv(options.env ?? process.env))
  if (merged === undefined) return undefined
  // Checked also without notifiers: a bad `windowDays` fails at start-up, not when a notifier is added later.
  if ((merged.notifiers ?? []).length === 0) {
    resolveAlertOptions(merged, 'alerts')
    return undefined
  }
  return createAlertManager(merged, { log })
}

/** Include/exclude globs on the path, or on `METHOD path` for patterns that start with a method. Undefined: everything. */
function pathFilter(
  include: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
): ((method: string, path: string) => boolean) | undefined {
  if ((include ?? []).length === 0 && (exclude ?? []).length === 0) return undefined
  const compile = (patterns: readonly string[]): ((method: string, path: string) => boolean) => {
    const matchers = patterns.map((pattern) => {
      const withMethod = /^[A-Z]+ /.test(pattern)
      const isMatch = picomatch(pattern, { dot: true })
      return withMethod ? (method: string, path: string) => isMatch(`${method} ${path}`) : (_method: string, path: string) => isMatch(path)
    })
    return (method, path) => matchers.some((m) => m(method, path))
  }
  const included = include && include.length > 0 ? compile(include) : () => true
  const excluded = exclude && exclude.length > 0 ? compile(exclude) : () => false
  return (method, path) => included(method, path) && !excluded(method, path)
}

/** Per-route thresholds: the first pattern matching `METHOD route` or `route` wins; else the default. */
function thresholdResolver(defaultMs: number, thresholds: Record<string, number>): (method: string, route: string) => number {
  const rules = Object.entries(thresholds).map(([pattern, ms]) => ({ isMatch: picomatch(pattern, { dot: true }), exact: pattern, ms }))
  return (method, route) => {
    for (const rule of rules) {
      const full = `${method} ${route}`
      if (rule.exact === route || rule.exact === full || rule.isMatch(route) || rule.isMatch(full)) return rule.ms
    }
    return defaultMs
  }
}
