import type { IncomingMessage } from 'node:http'
import { CLIENT_CLOSED_STATUS } from './finishChannel.js'
import type { AdapterOptions } from './monitorHandle.js'
import { monitorHandle } from './monitorHandle.js'
import type { RequestTiming } from './requestTiming.js'

/**
 * Where the Fastify adapter keeps a request's timing: a request decorator, declared once, so Fastify's Request objects
 * keep one shape (an own property added per request would change it, and slow down every later access).
 */
const TIMING = 'perfSentinelTiming'

/** What the plugin uses of a Fastify 4/5 request, reply and instance (structural: no dependency on Fastify's types). */
export interface FastifyLikeRequest {
  raw: IncomingMessage
  perfSentinelTiming?: RequestTiming | null
  method: string
  url: string
  routeOptions?: { url?: string }
  body?: unknown
}
export interface FastifyLikeReply {
  statusCode: number
  type(contentType: string): FastifyLikeReply
  send(payload: unknown): unknown
}
export interface FastifyLikeInstance {
  addHook(name: string, hook: (...args: never[]) => unknown): unknown
  decorate(name: string, value: unknown): unknown
  hasDecorator(name: string): boolean
  decorateRequest(name: string, value: unknown): unknown
  hasRequestDecorator(name: string): boolean
  get(path: string, handler: (request: FastifyLikeRequest, reply: FastifyLikeReply) => unknown): unknown
}

/** `fastify.register(fastifyMonitor, options)`: `options` are the monitor options, or `{ monitor }`. */
export type FastifyMonitorPlugin = (fastify: FastifyLikeInstance, options: AdapterOptions) => Promise<void>

/** Keys Fastify itself adds to plugin options. */
const REGISTER_KEYS = new Set(['prefix', 'logLevel', 'logSerializers'])

/**
 * Fastify 4/5 plugin on the framework's own `onRequest` / `onResponse` hooks; endpoints are route templates
 * (`request.routeOptions.url`). Not encapsulated (like fastify-plugin), so it sees every route; the instance gets
 * `fastify.perfSentinel` (`getStats()`, `close()`). Closing Fastify closes the monitor it created.
 * @example await fastify.register(fastifyMonitor, { thresholdMs: 500, statsPath: '/__perf' })
 */
export const fastifyMonitor: FastifyMonitorPlugin = async function fastifyMonitor(fastify, options) {
  const given = Object.fromEntries(Object.entries(options ?? {}).filter(([key]) => !REGISTER_KEYS.has(key))) as AdapterOptions
  const handle = monitorHandle(given, 'fastifyMonitor')
  const { monitor } = handle
  if (!fastify.hasDecorator('perfSentinel')) fastify.decorate('perfSentinel', handle)
  if (!fastify.hasRequestDecorator(TIMING)) fastify.decorateRequest(TIMING, null)
  fastify.addHook('onRequest', (request: FastifyLikeRequest, _reply: FastifyLikeReply, done: () => void) => {
    try {
      const timing = monitor.begin(request.method, request.url)
      if (timing !== undefined) request[TIMING] = timing
    } catch (error) {
      monitor.fault(error)
    }
    done()
  })
  fastify.addHook('onResponse', (request: FastifyLikeRequest, reply: FastifyLikeReply, done: () => void) => {
    try {
      const timing = request[TIMING]
      if (timing !== undefined && timing !== null) {
        request[TIMING] = null
        monitor.end(timing, reply.statusCode, request.routeOptions?.url, request.body)
      }
    } catch (error) {
      monitor.fault(error)
    }
    done()
  })
  // Fastify ≥ 4.16: the client closed the connection before the reply was sent (no onResponse follows).
  try {
    fastify.addHook('onRequestAbort', (request: FastifyLikeRequest, done: () => void) => {
      try {
        const timing = request[TIMING]
        if (timing !== undefined && timing !== null) {
          request[TIMING] = null
          monitor.end(timing, CLIENT_CLOSED_STATUS, request.routeOptions?.url, request.body)
        }
      } catch (error) {
        monitor.fault(error)
      }
      done()
    })
  } catch {
    // An older Fastify 4 without the hook: aborted requests are not recorded there.
  }
  fastify.addHook('onClose', (_instance: unknown, done: () => void) => {
    handle.close().then(done, done)
  })
  const { statsPath } = monitor
  if (statsPath !== false)
    fastify.get(statsPath, (_request, reply) => reply.type('application/json; charset=utf-8').send(monitor.statsJson()))
}

// fastify-plugin's markers, set by hand to avoid the dependency: skip encapsulation, name the plugin, state versions.
Object.assign(fastifyMonitor, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'perf-sentinel',
  [Symbol.for('plugin-meta')]: { name: 'perf-sentinel', fastify: '4.x || 5.x' },
})
