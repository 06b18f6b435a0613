import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import type { SendContext } from '../../../src/alerts/alert.js'
import { postRequest } from '../../../src/alerts/postRequest.js'

const context = (): SendContext => ({
  signal: AbortSignal.timeout(5000),
  attempt: 1,
  deliveryId: 'd1',
  fetch,
  log: () => {},
})

describe('postRequest() network failures', () => {
  it('names the cause of a refusal that has no code (a port fetch never connects to), never the URL', async () => {
    const result = await postRequest({ url: 'http://127.0.0.1:9/hooks/secret-token', body: {} }, context())
    expect(result).toEqual({ kind: 'retry', reason: 'TypeError: bad port' })
  })

  it('names the error code of a refused connection', async () => {
    // A port that was just free: nothing listens there now.
    const server = createServer()
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    )
    await new Promise((resolve) => server.close(resolve))
    const result = await postRequest({ url: `http://127.0.0.1:${port}/hooks/secret-token`, body: {} }, context())
    expect(result).toEqual({ kind: 'retry', reason: 'ECONNREFUSED' })
  })
})
