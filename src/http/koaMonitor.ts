import type { IncomingMessage } from 'node:http'
import { CLIENT_CLOSED_STATUS, onRequestFinish } from './finishChannel.js'
import type { AdapterOptions, MonitorHandle } from './monitorHandle.js'
import { isStatsRequest, monitorHandle } from './monitorHandle.js'
import type { Finisher } from './requestTiming.js'

/** What the adapter reads of a Koa 2/3 context (structural: no dependency on Koa's types). */
export interface KoaContext {
  req: IncomingMessage
  method: string
  url: string
  body?: unknown
  type?: string
  /** Set by @koa/router to the matched route's path. */
  _matchedRoute?: unknown
  routerPath?: unknown
  request?: { body?: unknown }
}

/** Koa middleware, with the monitor's handle. */
export type KoaMonitorMiddleware = ((ctx: KoaContext, next: () => Promise<unknown>) => Promise<unknown>) & MonitorHandle

/**
 * Koa 2/3 middleware: `app.use(koaMonitor({ thresholdMs: 500 }))`, first. Timed until the response finishes (Koa
 * writes the body after the middleware chain returned). Endpoints are @koa/router's matched route
 * (`ctx._matchedRoute`) when there is one, else the normalised path. Errors pass through untouched.
 */
export function koaMonitor(options?: AdapterOptions): KoaMonitorMiddleware {
  const handle = monitorHandle(options, 'koaMonitor()')
  const { monitor } = handle
  const bodyOf = (target: unknown): unknown => (target as KoaContext).request?.body
  const finish: Finisher = (timing, response) => {
    try {
      const ctx = timing.target as KoaContext
      const matched = ctx._matchedRoute ?? ctx.routerPath
      monitor.end(timing, response?.statusCode ?? CLIENT_CLOSED_STATUS, typeof matched === 'string' ? matched : undefined, bodyOf)
    } catch (error) {
      monitor.fault(error)
    }
  }
  const middleware = (ctx: KoaContext, next: () => Promise<unknown>): Promise<unknown> => {
    try {
      if (isStatsRequest(ctx.url, monitor.statsPath)) {
        ctx.type = 'application/json'
        ctx.body = monitor.statsJson()
        return Promise.resolve()
      }
      const timing = monitor.begin(ctx.method, ctx.url)
      if (timing !== undefined) {
        timing.target = ctx
        timing.finisher = finish
        onRequestFinish(ctx.req, timing)
      }
    } catch (error) {
      monitor.fault(error)
    }
    return next()
  }
  return Object.assign(middleware, { monitor, getStats: handle.getStats, close: handle.close })
}
