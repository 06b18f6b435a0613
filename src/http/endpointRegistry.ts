import type { LatencyHistogram } from './latencyHistogram.js'
import { createLatencyHistogram, latencyQuantile } from './latencyHistogram.js'

/** Route of requests that no route matched (404s of scanners): one key, not one per random URL. */
export const UNMATCHED_ROUTE = '(unmatched)'
/** Route that collects every endpoint past the cap. */
export const OTHER_ROUTE = '__other__'

/** One endpoint's counters, live (the monitor mutates them per request). */
export interface Endpoint {
  method: string
  route: string
  latency: LatencyHistogram
  errors: number
  slow: number
  /** This endpoint's slow-request threshold, resolved once from the per-route overrides. */
  thresholdMs: number
}

/** One endpoint as `getStats()` reports it. Durations in ms. */
export interface EndpointStats {
  /** `GET /users/:id` */
  endpoint: string
  method: string
  route: string
  count: number
  /** Responses with status ≥ 500. */
  errors: number
  errorRate: number
  /** Requests over the threshold. */
  slow: number
  thresholdMs: number
  meanMs: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
}

/** Endpoints by `METHOD route`, at most `maxEndpoints`; the rest share one `__other__` endpoint per method. */
export interface EndpointRegistry {
  get(method: string, route: string): Endpoint
  snapshot(): EndpointStats[]
  /** One endpoint's stats now. */
  statsOf(endpoint: Endpoint): EndpointStats
  /** Requests that went to `__other__` because the cap was reached. */
  readonly overflowed: number
}

/** Creates a registry; `thresholdFor` gives a new endpoint its threshold (called once per endpoint). */
export function createEndpointRegistry(maxEndpoints: number, thresholdFor: (method: string, route: string) => number): EndpointRegistry {
  const endpoints = new Map<string, Endpoint>()
  let overflowed = 0
  const create = (method: string, route: string): Endpoint => ({
    method,
    route,
    latency: createLatencyHistogram(),
    errors: 0,
    slow: 0,
    thresholdMs: thresholdFor(method, route),
  })
  return {
    get(method, route) {
      const key = `${method} ${route}`
      const existing = endpoints.get(key)
      if (existing !== undefined) return existing
      if (endpoints.size >= maxEndpoints) {
        overflowed++
        const otherKey = `${method} ${OTHER_ROUTE}`
        // The overflow endpoints themselves may exceed the cap by one per HTTP method; methods are few.
        const other = endpoints.get(otherKey) ?? create(method, OTHER_ROUTE)
        endpoints.set(otherKey, other)
        return other
      }
      const endpoint = create(method, route)
      endpoints.set(key, endpoint)
      return endpoint
    },
    snapshot() {
      return [...endpoints.values()].map(statsOf)
    },
    statsOf,
    get overflowed() {
      return overflowed
    },
  }
}

function statsOf(e: Endpoint): EndpointStats {
  const { count } = e.latency
  return {
    endpoint: `${e.method} ${e.route}`,
    method: e.method,
    route: e.route,
    count,
    errors: e.errors,
    errorRate: count === 0 ? 0 : e.errors / count,
    slow: e.slow,
    thresholdMs: e.thresholdMs,
    meanMs: count === 0 ? Number.NaN : e.latency.sumMs / count,
    p50Ms: latencyQuantile(e.latency, 0.5),
    p95Ms: latencyQuantile(e.latency, 0.95),
    p99Ms: latencyQuantile(e.latency, 0.99),
    maxMs: e.latency.maxMs,
  }
}
