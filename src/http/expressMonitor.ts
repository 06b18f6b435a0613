import type { IncomingMessage, ServerResponse } from 'node:http'
import { CLIENT_CLOSED_STATUS, onRequestFinish } from './finishChannel.js'
import type { AdapterOptions, MonitorHandle } from './monitorHandle.js'
import { isStatsRequest, monitorHandle, sendStats } from './monitorHandle.js'
import type { Finisher } from './requestTiming.js'

/** What the adapter reads of an Express 4/5 request (structural: no dependency on Express's types). */
interface ExpressRequest extends IncomingMessage {
  originalUrl?: string
  route?: { path?: unknown }
  baseUrl?: string
  body?: unknown
}

/** Connect-style middleware (Express 4 and 5), with the monitor's handle. */
export type ExpressMonitorMiddleware = ((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void) &
  MonitorHandle

/**
 * Express 4/5 middleware: `app.use(expressMonitor({ thresholdMs: 500 }))`, first, so it times everything after it.
 * Endpoints are route templates (`req.baseUrl + req.route.path`, e.g. `/api/users/:id`), read when the response
 * finishes; requests no route handled are `(unmatched)` when 404, else their normalised path.
 * @example app.use(expressMonitor({ statsPath: '/__perf', alerts: { notifiers: [{ type: 'slack', webhookUrl }] } }))
 */
export function expressMonitor(options?: AdapterOptions): ExpressMonitorMiddleware {
  const handle = monitorHandle(options, 'expressMonitor()')
  const { monitor } = handle
  const bodyOf = (target: unknown): unknown => (target as ExpressRequest).body
  const finish: Finisher = (timing, response) => {
    try {
      const req = timing.target as ExpressRequest
      const path = req.route?.path
      monitor.end(
        timing,
        response?.statusCode ?? CLIENT_CLOSED_STATUS,
        path === undefined ? undefined : `${req.baseUrl ?? ''}${String(path)}`,
        bodyOf,
      )
    } catch (error) {
      monitor.fault(error)
    }
  }
  const middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    try {
      if (isStatsRequest(req.url, monitor.statsPath)) {
        sendStats(res, monitor)
        return
      }
      // originalUrl: mounted under a router or a sub-app, req.url is relative to the mount point.
      const timing = monitor.begin(req.method, (req as ExpressRequest).originalUrl ?? req.url)
      if (timing !== undefined) {
        timing.target = req
        timing.finisher = finish
        onRequestFinish(req, timing)
      }
    } catch (error) {
      monitor.fault(error)
    }
    next()
  }
  return Object.assign(middleware, { monitor, getStats: handle.getStats, close: handle.close })
}
