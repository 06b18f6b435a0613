import type { ServerResponse } from 'node:http'
import type { FinishHandler } from './finishChannel.js'

/**
 * Ends a timing when its response finishes — or, with `response` undefined, when its client closed the connection
 * first: the adapter reads the route (and body) from `timing.target`.
 */
export type Finisher = (timing: RequestTiming, response: ServerResponse | undefined) => void

/**
 * One request in flight: created by `HttpMonitor.begin()`, ended by `HttpMonitor.end()`. A class so the per-request
 * object has one shape and its finish hook is a prototype method, not a closure allocated per request.
 */
export class RequestTiming implements FinishHandler {
  readonly method: string
  readonly url: string
  readonly startMs: number
  readonly blockedAtStartMs: number
  /** Set when this request is being CPU-profiled on behalf of an earlier slow request (its alert key). */
  profileKey: string | undefined = undefined
  /** The framework object the adapter reads the route from at the end (req, ctx, Fastify request). */
  target: unknown = undefined
  finisher: Finisher | undefined = undefined

  constructor(method: string, url: string, startMs: number, blockedAtStartMs: number) {
    this.method = method
    this.url = url
    this.startMs = startMs
    this.blockedAtStartMs = blockedAtStartMs
  }

  onFinish(response: ServerResponse): void {
    this.finisher?.(this, response)
  }

  onAbort(): void {
    this.finisher?.(this, undefined)
  }
}
