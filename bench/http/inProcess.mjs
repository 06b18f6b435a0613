/**
 * The monitor's added CPU per request, measured so that machine load cancels out: server(s) and client in ONE
 * process, requests sent one at a time over keep-alive loopback, monitor off and on alternating in small batches
 * (ABBA), CPU time (process.cpuUsage) per request per batch; the cost is the median of the paired differences.
 * Whatever else the machine runs slows both halves of a pair alike. The client's own cost is in both and cancels.
 *
 * node:http and Express switch per batch between the plain app and the monitored one (adapters created once, so the
 * JIT sees stable code). The monitor's diagnostics_channel subscription therefore exists during "off" batches too;
 * what it costs Node to publish to a subscriber is measured on its own ("diagnostics_channel publish") and belongs
 * to the node:http and Express costs.
 *
 *   node bench/http/inProcess.mjs <http entry file> <work iterations>   → prints JSON
 */
import { Agent, createServer, request } from 'node:http'
import { pathToFileURL } from 'node:url'

const [entry, workIterations] = process.argv.slice(2)
const { createHttpMonitor, expressMonitor, fastifyMonitor, httpMonitor } = await import(pathToFileURL(entry).href)
const { default: express } = await import('express')
const { default: fastify } = await import('fastify')

const BATCH = 400
const PAIRS = 16
const iterations = Number(workIterations)
function work() {
  let x = 0
  for (let i = 0; i < iterations; i++) x += Math.sqrt(x + i)
  return x
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 })
function get(port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume()
      res.on('end', resolve)
    })
    req.on('error', reject)
    req.end()
  })
}
async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server.address().port
}
async function cpuPerRequest(port, path) {
  const before = process.cpuUsage()
  for (let i = 0; i < BATCH; i++) await get(port, path)
  const used = process.cpuUsage(before)
  return (used.user + used.system) / BATCH
}

/** One framework: `setup()` returns { portOff, portOn, on(), off() } where on/off switch the monitor for a batch. */
async function compare(setup, path) {
  const target = await setup()
  const off = async () => cpuPerRequest(target.portOff, path)
  const on = async () => {
    await target.on()
    try {
      return await cpuPerRequest(target.portOn, path)
    } finally {
      await target.off()
    }
  }
  // Warm-up: JIT and keep-alive connections.
  for (let i = 0; i < 2; i++) {
    await off()
    await on()
  }
  const offUs = []
  const onUs = []
  for (let i = 0; i < PAIRS; i++) {
    if (i % 2 === 0) {
      offUs.push(await off())
      onUs.push(await on())
    } else {
      onUs.push(await on())
      offUs.push(await off())
    }
  }
  await target.close()
  return { offUs, onUs }
}

const monitor = createHttpMonitor({ alerts: false, env: {} }, 'bench')
const hello = (path) => {
  if (path !== '/work') return 'hello world'
  work()
  return 'done'
}

async function nodeHttp() {
  const app = (req, res) => res.end(hello(req.url))
  const adapter = httpMonitor(app, { monitor })
  let current = app
  const server = createServer((req, res) => current(req, res))
  const port = await listen(server)
  return {
    portOff: port,
    portOn: port,
    on: () => {
      current = adapter
    },
    off: () => {
      current = app
    },
    close: async () => {
      await adapter.close()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/** What Node's http server pays per response once anything subscribes to http.server.response.finish. */
async function channelPublish() {
  const { subscribe, unsubscribe } = await import('node:diagnostics_channel')
  const noop = () => undefined
  const server = createServer((req, res) => res.end(hello(req.url)))
  const port = await listen(server)
  return {
    portOff: port,
    portOn: port,
    on: () => subscribe('http.server.response.finish', noop),
    off: () => unsubscribe('http.server.response.finish', noop),
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

async function expressApp() {
  const pass = (_req, _res, next) => next()
  const adapter = expressMonitor({ monitor })
  let current = pass
  const app = express()
  app.use((req, res, next) => current(req, res, next))
  app.get('/hello', (_req, res) => res.send('hello world'))
  app.get('/work', (_req, res) => res.send(hello('/work')))
  const server = createServer(app)
  const port = await listen(server)
  return {
    portOff: port,
    portOn: port,
    on: () => {
      current = adapter
    },
    off: () => {
      current = pass
    },
    close: async () => {
      await adapter.close()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

async function fastifyApps() {
  // Fastify's plugin uses its own hooks, not diagnostics_channel: two instances side by side are independent.
  const build = async (monitored) => {
    const app = fastify()
    if (monitored) await app.register(fastifyMonitor, { monitor })
    app.get('/hello', async () => 'hello world')
    app.get('/work', async () => hello('/work'))
    await app.listen({ port: 0, host: '127.0.0.1' })
    return app
  }
  const plain = await build(false)
  const monitored = await build(true)
  return {
    portOff: plain.server.address().port,
    portOn: monitored.server.address().port,
    on: () => undefined,
    off: () => undefined,
    close: async () => {
      await plain.close()
      await monitored.close()
    },
  }
}

const results = { 'diagnostics_channel publish': await compare(channelPublish, '/hello') }
for (const [name, setup] of Object.entries({ 'node:http': nodeHttp, express: expressApp, fastify: fastifyApps })) {
  for (const [route, path] of Object.entries({ hello: '/hello', '1 ms': '/work' })) results[`${name} ${route}`] = await compare(setup, path)
}
agent.destroy()
console.log(JSON.stringify(results))
