import type { ServerResponse } from 'node:http'
import { PerfSentinelError } from '../errors.js'
import type { HttpMonitor, HttpStats } from './createHttpMonitor.js'
import { createHttpMonitor } from './createHttpMonitor.js'
import { retainFinishChannel } from './finishChannel.js'
import type { HttpMonitorOptions } from './httpMonitorOptions.js'

/** What every adapter returns (or, for Fastify, decorates the instance with as `perfSentinel`). */
export interface MonitorHandle {
  readonly monitor: HttpMonitor
  /** Per-endpoint count, p50/p95/p99, error rate… since the monitor started. */
  getStats(): HttpStats
  /** Sends alerts still waiting for a profile and flushes deliveries; closes the monitor when the adapter created it. */
  close(): Promise<void>
}

/** Adapter options: monitor options, or `{ monitor }` to share one core (and one set of stats) between adapters. */
export type AdapterOptions = HttpMonitorOptions | { monitor: HttpMonitor }

/** The core an adapter drives, and its handle. Options are validated here, at start-up (E_CONFIG). */
export function monitorHandle(options: AdapterOptions | undefined, source: string): MonitorHandle {
  const shared = options !== undefined && 'monitor' in options ? options.monitor : undefined
  if (shared !== undefined && Object.keys(options as object).length > 1) {
    throw new PerfSentinelError('E_CONFIG', `${source}: both "monitor" and other options were given`, {
      fix: 'pass either { monitor } (options were given to createHttpMonitor) or the options themselves',
    })
  }
  const monitor = shared ?? createHttpMonitor(options as HttpMonitorOptions | undefined, source)
  const channel = retainFinishChannel()
  return {
    monitor,
    getStats: () => monitor.getStats(),
    async close() {
      channel.release()
      if (shared === undefined) await monitor.close()
    },
  }
}

/** Serves `getStats()` as JSON (the optional stats endpoint). */
export function sendStats(res: ServerResponse, monitor: HttpMonitor): void {
  const body = monitor.statsJson()
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  })
  res.end(body)
}

/** True when `url` is the stats endpoint's path, with or without a query string. */
export function isStatsRequest(url: string | undefined, statsPath: string | false): boolean {
  if (statsPath === false || url === undefined || !url.startsWith(statsPath)) return false
  return url.length === statsPath.length || url[statsPath.length] === '?'
}
