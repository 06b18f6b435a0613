import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the fake server does with one request: answer with a status (and headers), or never answer. */
export type FakeBehaviour = { status: number; headers?: Record<string, string> } | 'hang'

export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
  /** The status the fake answered, or 'hang'. */
  answered: number | 'hang'
}

/** A local notifier endpoint on 127.0.0.1 (Slack-style webhook, or Mattermost's REST API). */
export interface FakeNotifierServer {
  url: string
  received: ReceivedRequest[]
  /** Requests answered with 2xx on the given path (prefix): the deliveries that happened. */
  delivered(pathPrefix?: string): ReceivedRequest[]
  /** The next requests get these behaviours, in order; after that every request gets 200/201. */
  script(...behaviours: FakeBehaviour[]): void
  /** Resolves when the server has received `count` requests. */
  waitFor(count: number, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/**
 * Starts a fake notifier server. `kind: 'mattermost'` implements `POST /api/v4/files` (multipart; one file id per
 * `filename=`) and `POST /api/v4/posts`, checking `Authorization: Bearer <token>`; `'webhook'` answers any POST `ok`.
 */
export async function startFakeNotifierServer(kind: 'webhook' | 'mattermost', token = 'test-token-123456'): Promise<FakeNotifierServer> {
  const received: ReceivedRequest[] = []
  const scripted: FakeBehaviour[] = []
  const hanging = new Set<ServerResponse>()
  const waiters: Array<{ count: number; resolve: () => void }> = []
  let fileCounter = 0

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const path = req.url ?? '/'
      const behaviour = scripted.shift() ?? { status: kind === 'mattermost' ? 201 : 200 }
      received.push({
        method: req.method ?? '',
        path,
        headers: req.headers,
        body,
        answered: behaviour === 'hang' ? 'hang' : behaviour.status,
      })
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve()
      }
      if (behaviour === 'hang') {
        hanging.add(res)
        return
      }
      if (kind === 'mattermost' && req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"invalid token"}')
        return
      }
      if (behaviour.status >= 300) {
        res.writeHead(behaviour.status, behaviour.headers).end('error')
        return
      }
      if (kind === 'webhook') {
        res.writeHead(behaviour.status, { 'content-type': 'text/plain' }).end('ok')
      } else if (path.startsWith('/api/v4/files')) {
        const names = [...body.matchAll(/filename="([^"]+)"/g)].map((m) => m[1])
        const infos = names.map((name) => ({ id: `file${++fileCounter}`, name }))
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ file_infos: infos }))
      } else {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `post${received.length}` }))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    delivered: (prefix = '/') => received.filter((r) => r.path.startsWith(prefix) && typeof r.answered === 'number' && r.answered < 300),
    script: (...behaviours) => scripted.push(...behaviours),
    waitFor: (count, timeoutMs = 5000) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`fake server got ${received.length} of ${count} requests`)), timeoutMs)
            waiters.push({
              count,
              resolve: () => {
                clearTimeout(timer)
                resolve()
              },
            })
          }),
    close: async () => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A clock for de-duplication windows and backoffs: `sleep` advances it instead of waiting. */
export interface FakeClock {
  now: () => number
  advance(ms: number): void
  sleep: (ms: number) => Promise<void>
  /** Every sleep asked for, in ms. */
  sleeps: number[]
}

export function fakeClock(start = Date.parse('2026-11-01T00:00:00Z')): FakeClock {
  let time = start
  const sleeps: number[] = []
  return {
    now: () => time,
    advance: (ms) => {
      time += ms
    },
    sleeps,
    sleep: async (ms) => {
      sleeps.push(ms)
      time += ms
      // Yield a macrotask so a sleeping delivery lets others (and the test) run, as a real wait would.
      await new Promise((resolve) => setImmediate(resolve))
    },
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000
