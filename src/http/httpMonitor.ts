import type { IncomingMessage, ServerResponse } from 'node:http'
import { CLIENT_CLOSED_STATUS, onRequestFinish } from './finishChannel.js'
import type { AdapterOptions, MonitorHandle } from './monitorHandle.js'
import { isStatsRequest, monitorHandle, sendStats } from './monitorHandle.js'
import type { Finisher } from './requestTiming.js'

/** A node:http request listener. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

/** The wrapped listener, with the monitor's handle. */
export type MonitoredListener = RequestListener & MonitorHandle

/**
 * Wraps a node:http request listener: `http.createServer(httpMonitor(listener, { thresholdMs: 500 }))`. Requests are
 * timed from the listener call to the response's `finish` (seen through `diagnostics_channel`, nothing patched);
 * endpoints are the normalised paths (`/users/:id`). The listener always runs, exactly as without the wrapper.
 * @example http.createServer(httpMonitor((req, res) => res.end('ok'), { alerts: { notifiers: [{ type: 'file', dir: 'alerts' }] } }))
 */
export function httpMonitor(listener: RequestListener, options?: AdapterOptions): MonitoredListener {
  const handle = monitorHandle(options, 'httpMonitor()')
  const { monitor } = handle
  const finish: Finisher = (timing, response) => {
    try {
      monitor.end(timing, response?.statusCode ?? CLIENT_CLOSED_STATUS, undefined)
    } catch (error) {
      monitor.fault(error)
    }
  }
  function monitored(this: unknown, req: IncomingMessage, res: ServerResponse): void {
    try {
      if (isStatsRequest(req.url, monitor.statsPath)) {
        sendStats(res, monitor)
        return
      }
      const timing = monitor.begin(req.method, req.url)
      if (timing !== undefined) {
        timing.finisher = finish
        onRequestFinish(req, timing)
      }
    } catch (error) {
      monitor.fault(error)
    }
    listener.call(this, req, res)
  }
  return Object.assign(monitored, { monitor, getStats: handle.getStats, close: handle.close })
}
