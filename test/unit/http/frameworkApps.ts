import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import express5 from 'express'
import fastify5 from 'fastify'
import type { FastifyInstance } from 'fastify'
import fastify4 from 'fastify4'
import Koa from 'koa'
import { expressMonitor } from '../../../src/http/expressMonitor.js'
import { fastifyMonitor } from '../../../src/http/fastifyMonitor.js'
import { httpMonitor } from '../../../src/http/httpMonitor.js'
import { koaMonitor } from '../../../src/http/koaMonitor.js'
import type { AdapterOptions, MonitorHandle } from '../../../src/http/monitorHandle.js'

// Express 4 is installed under an alias without its own types; its API is the subset of Express 5's used here.
const express4 = createRequire(import.meta.url)('express4') as typeof express5

export type Framework = 'node:http' | 'express5' | 'express4' | 'fastify5' | 'fastify4' | 'koa'
export const FRAMEWORKS: readonly Framework[] = ['node:http', 'express5', 'express4', 'fastify5', 'fastify4', 'koa']

/** How long the slow route takes (async wait) and how long the blocking route blocks the loop (sync). */
export const SLOW_MS = 80
export const BLOCK_MS = 60
/** How long GET /late/:id takes: longer than a client that gives up waits. */
export const LATE_MS = 1000

/** A running app on 127.0.0.1: the same routes in every framework. */
export interface RunningApp {
  url: string
  /** The monitor's handle, when the app was started with one. */
  handle: MonitorHandle | undefined
  close(): Promise<void>
}

function blockFor(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // busy: this is the synchronous blocking the monitor must see
  }
}
const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Routes: GET /fast (text, custom header), GET /slow/:id (JSON after an async wait), GET /block (sync busy wait),
 * GET /error (the handler throws → the framework's 500), GET /health, POST /echo (JSON body; not in the node:http app),
 * GET /late/:id (answers after LATE_MS, if the client is still there), anything else 404.
 * `monitor` undefined starts the app without any monitoring (the reference for transparency tests).
 */
export async function startApp(framework: Framework, monitor: AdapterOptions | undefined): Promise<RunningApp> {
  if (framework === 'fastify5' || framework === 'fastify4') return startFastify(framework, monitor)
  let handle: MonitorHandle | undefined
  let listener: (req: IncomingMessage, res: ServerResponse) => void
  if (framework === 'node:http') {
    const app = (req: IncomingMessage, res: ServerResponse): void => {
      const path = (req.url ?? '/').split('?')[0] as string
      if (path === '/fast') {
        res.writeHead(200, { 'content-type': 'text/plain', 'x-app': 'yes' }).end('fast')
      } else if (path.startsWith('/slow/')) {
        void wait(SLOW_MS).then(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: path.slice(6) })))
      } else if (path.startsWith('/late/')) {
        void wait(LATE_MS).then(() => res.end('late'))
      } else if (path === '/block') {
        blockFor(BLOCK_MS)
        res.end('blocked')
      } else if (path === '/error') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error')
      } else if (path === '/health') {
        res.end('ok')
      } else {
        res.writeHead(404).end('not found')
      }
    }
    const monitored = monitor ? httpMonitor(app, monitor) : undefined
    handle = monitored
    listener = monitored ?? app
  } else if (framework === 'koa') {
    const app = new Koa()
    app.silent = true
    if (monitor) {
      const middleware = koaMonitor(monitor)
      handle = middleware
      app.use(middleware)
    }
    app.use(async (ctx, next) => {
      const slow = /^\/slow\/([^/]+)$/.exec(ctx.path)
      if (ctx.path === '/fast') {
        ctx.set('x-app', 'yes')
        ctx.body = 'fast'
      } else if (slow) {
        // A stand-in for @koa/router, which records the matched template the same way.
        ;(ctx as unknown as { _matchedRoute: string })._matchedRoute = '/slow/:id'
        await wait(SLOW_MS)
        ctx.body = { id: slow[1] }
      } else if (ctx.path.startsWith('/late/')) {
        ;(ctx as unknown as { _matchedRoute: string })._matchedRoute = '/late/:id'
        await wait(LATE_MS)
        ctx.body = 'late'
      } else if (ctx.path === '/block') {
        blockFor(BLOCK_MS)
        ctx.body = 'blocked'
      } else if (ctx.path === '/error') {
        throw new Error('route failed')
      } else if (ctx.path === '/health') {
        ctx.body = 'ok'
      } else if (ctx.path === '/echo' && ctx.method === 'POST') {
        // A stand-in for @koa/bodyparser, which leaves the parsed body on ctx.request.body.
        const chunks: Buffer[] = []
        for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        ;(ctx.request as unknown as { body: unknown }).body = body
        ctx.body = body
      } else {
        await next()
      }
    })
    listener = app.callback()
  } else {
    const app = (framework === 'express5' ? express5 : express4)()
    app.disable('etag')
    if (monitor) {
      const middleware = expressMonitor(monitor)
      handle = middleware
      app.use(middleware)
    }
    app.use(express5.json())
    app.get('/fast', (_req, res) => {
      res.set('x-app', 'yes').type('text/plain').send('fast')
    })
    app.get('/slow/:id', async (req, res) => {
      await wait(SLOW_MS)
      res.json({ id: req.params.id })
    })
    app.get('/late/:id', async (_req, res) => {
      await wait(LATE_MS)
      res.send('late')
    })
    app.get('/block', (_req, res) => {
      blockFor(BLOCK_MS)
      res.send('blocked')
    })
    app.get('/error', () => {
      throw new Error('route failed')
    })
    app.get('/health', (_req, res) => {
      res.send('ok')
    })
    app.post('/echo', (req, res) => {
      res.json(req.body)
    })
    // Express 4's default handler prints every error to stderr; a quiet one with the same 500 keeps the log readable.
    app.use((_error: unknown, _req: unknown, res: ServerResponse, _next: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error')
    })
    listener = app
  }
  const server = createServer(listener)
  return { url: await listen(server), handle, close: () => closeServer(server, handle) }
}

async function startFastify(framework: 'fastify5' | 'fastify4', monitor: AdapterOptions | undefined): Promise<RunningApp> {
  const app: FastifyInstance = framework === 'fastify5' ? fastify5() : (fastify4() as unknown as FastifyInstance)
  if (monitor) await app.register(fastifyMonitor, monitor)
  app.get('/fast', async (_req, reply) => reply.header('x-app', 'yes').type('text/plain').send('fast'))
  app.get<{ Params: { id: string } }>('/slow/:id', async (req) => {
    await wait(SLOW_MS)
    return { id: req.params.id }
  })
  app.get('/late/:id', async () => {
    await wait(LATE_MS)
    return 'late'
  })
  app.get('/block', async () => {
    blockFor(BLOCK_MS)
    return 'blocked'
  })
  app.get('/error', async () => {
    throw new Error('route failed')
  })
  app.get('/health', async () => 'ok')
  app.post('/echo', async (req) => req.body)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const handle = monitor ? (app as unknown as { perfSentinel: MonitorHandle }).perfSentinel : undefined
  return { url: `http://127.0.0.1:${port}`, handle, close: () => app.close() }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function closeServer(server: Server, handle: MonitorHandle | undefined): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await handle?.close()
}

/** Status, headers (without the per-request `date` and connection ones) and body of a response. */
export interface Observed {
  status: number
  headers: Record<string, string>
  body: string
}

export async function observe(url: string, init?: RequestInit): Promise<Observed> {
  const response = await fetch(url, init)
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (!['date', 'keep-alive', 'connection'].includes(name)) headers[name] = value
  })
  return { status: response.status, headers, body: await response.text() }
}
