import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface TestServer {
  url: string
  /** Requests received so far, with their method, body and arrival time (Date.now()). */
  requests: Array<{ method: string; url: string; body: string; contentType: string | undefined; at: number }>
  /** Holds every response (in flight or arriving) until `ms` from now: a stall such as a GC pause or a lock. */
  stall(ms: number): void
  /**
   * The stall as the clients lived it: from its start to the last answer of a response it held (Date.now() times).
   * Later than `stallMs` when the timers fire late or the held responses take time to drain on a busy machine.
   */
  held: { startedAt: number; lastAnsweredAt: number } | undefined
  close(): Promise<void>
}

/**
 * A local HTTP server on 127.0.0.1, port 0: answers 200 "ok" (or the status in `?status=`), `/slow?ms=` after a
 * delay, and holds responses during a stall. `stallAtRequest` starts one stall of `stallMs` when that request arrives.
 */
export async function startTestServer(options: { stallAtRequest?: number; stallMs?: number } = {}): Promise<TestServer> {
  const requests: TestServer['requests'] = []
  let holdUntil = 0
  let held: TestServer['held']
  const respond = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const url = new URL(req.url ?? '/', 'http://x')
    const status = Number(url.searchParams.get('status') ?? 200)
    const delayMs = url.pathname === '/slow' ? Number(url.searchParams.get('ms') ?? 0) : 0
    let waited = false
    const send = (): void => {
      const waitMs = holdUntil - Date.now()
      if (waitMs > 0) {
        waited = true
        setTimeout(send, waitMs)
        return
      }
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(body === '' ? 'ok' : body, () => {
        if (waited && held) held.lastAnsweredAt = Date.now()
      })
    }
    if (delayMs > 0) setTimeout(send, delayMs)
    else send()
  }
  const startStall = (ms: number): void => {
    const now = Date.now()
    holdUntil = now + ms
    held = { startedAt: now, lastAnsweredAt: now }
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString()
      requests.push({ method: req.method ?? '', url: req.url ?? '', body, contentType: req.headers['content-type'], at: Date.now() })
      if (options.stallAtRequest !== undefined && requests.length === options.stallAtRequest) startStall(options.stallMs ?? 1000)
      respond(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stall: startStall,
    get held() {
      return held
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
