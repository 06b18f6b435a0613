/**
 * Shapes of a load run: what `load()` is given and what it returns. Plain serializable data (the result travels to
 * the reporter inside a measurement record).
 */
import type { LoadErrorClass, LoadFigures } from '../../model/loadFigures.js'

/** An HTTP request fired at a server the test started. Body objects are sent as JSON. */
export interface HttpLoadTarget {
  /** `http:` or `https:` URL, e.g. `http://127.0.0.1:${port}/items`. */
  url: string
  /** @default 'GET' */
  method?: string
  headers?: Record<string, string>
  body?: string | Uint8Array | Record<string, unknown> | unknown[]
}

/** What `load()` drives: a function (sync or async; one call is one operation) or an HTTP request. */
export type LoadTarget = (() => unknown) | HttpLoadTarget

/**
 * Options of `load()`. Give `rate` (open model: a fixed arrival rate, the default kind) or `concurrency` (closed
 * model: that many callers in a loop), and `durationMs` or `requests`.
 */
export interface LoadOptions {
  /** Open model: operations started per second, whatever the target's latency. */
  rate?: number
  /** Closed model: this many callers, each starting its next operation when the previous one settles. */
  concurrency?: number
  /** How long to generate load, in ms (ramp-up included). */
  durationMs?: number
  /** How many operations to start instead of a duration. */
  requests?: number
  /** Open model: the rate climbs linearly from 0 to `rate` over this time. Closed model: callers join one by one. @default 0 */
  rampUpMs?: number
  /**
   * An operation not settled after this long counts as a `timeout` error and frees its connection: HTTP requests are
   * aborted; a function cannot be, so it runs on unobserved. @default 10000
   */
  timeoutMs?: number
  /**
   * Open model: operations allowed in flight at once (HTTP: keep-alive connections). A start that finds them all
   * busy waits and counts as a late start; its corrected latency includes the wait. @default 10
   */
  connections?: number
  /** Name of the measurement in reports and baselines. @default 'load' */
  name?: string
  /** Record the result for the reports (when a runner setup file is installed). @default true */
  record?: boolean
  /** Clock in ms (tests inject a fake one). @default the real clock captured at module load */
  clock?: () => number
}

export type { GeneratorCheck, LatencySummary, LoadErrorClass, LoadFigures, LoadTimelineBucket } from '../../model/loadFigures.js'

/** What one operation ended with. */
export type OperationOutcome = 'ok' | LoadErrorClass

/** What `load()` returns: the run's figures, its name, and evenly spread corrected latencies (for baselines). */
export interface LoadResult extends LoadFigures {
  name: string
  /** Corrected latencies of successful operations in completion order, evenly thinned to at most 512. */
  samplesMs: number[]
}
