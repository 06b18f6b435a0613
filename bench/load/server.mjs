/**
 * The load benchmark's target, in its own process so neither generator shares a thread with it: node:http on
 * 127.0.0.1 port 0, answering "ok". With STALL_AT_REQUEST / STALL_MS it holds every response for STALL_MS once, from
 * the STALL_AT_REQUEST-th request on. Prints its port as JSON on stdout, then serves until killed.
 */
import { createServer } from 'node:http'

const stallAt = Number(process.env.STALL_AT_REQUEST ?? 0)
const stallMs = Number(process.env.STALL_MS ?? 0)
let requests = 0
let holdUntil = 0

const server = createServer((_req, res) => {
  requests++
  if (stallAt > 0 && requests === stallAt) holdUntil = Date.now() + stallMs
  const send = () => {
    const waitMs = holdUntil - Date.now()
    if (waitMs > 0) return void setTimeout(send, waitMs)
    res.end('ok')
  }
  send()
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }))
})
