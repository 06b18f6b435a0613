import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { httpMonitor } from '../../../src/http/httpMonitor.js'

/** Sends `raw` on one connection and resolves with everything the server wrote back once it closes the connection. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw))
    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      received += chunk
    })
    socket.on('end', () => resolve(received))
    socket.on('error', reject)
  })
}

describe('request timings kept on the socket', () => {
  it('times every request of a keep-alive connection, pipelined ones included', async () => {
    // /slow answers after the pipelined /fast behind it arrived: both are in flight on one socket at once.
    const monitored = httpMonitor(
      (req, res) => {
        if (req.url === '/slow') setTimeout(() => res.end('slow'), 50)
        else res.end('fast')
      },
      { alerts: false, env: {}, profile: false },
    )
    const server = createServer(monitored)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const requests =
        'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n' +
        'GET /fast HTTP/1.1\r\nHost: x\r\n\r\n' +
        'GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
      const answer = await exchange(port, requests)
      expect(answer.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(3)
      const byRoute = Object.fromEntries(monitored.getStats().endpoints.map((e) => [e.endpoint, e]))
      expect(byRoute['GET /slow']?.count).toBe(1)
      expect(byRoute['GET /slow']?.p50Ms).toBeGreaterThanOrEqual(40)
      expect(byRoute['GET /fast']?.count).toBe(2)
    } finally {
      server.close()
      await monitored.close()
    }
  })
})
