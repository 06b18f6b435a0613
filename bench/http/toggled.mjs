/**
 * Part "http-toggled" — the HTTP monitor's overhead measured inside ONE server process under constant load: the
 * monitor is switched off and on every `--segment-ms` (250) while autocannon keeps the server saturated, and each
 * adjacent off/on pair of segments gives a ratio of the server's CPU time per request and of its throughput. Paired
 * segments 250 ms apart share the machine's state (other processes, frequency, the server's heap), so the ratios are
 * tight where separate 5-s runs of separate processes swing by ±20% (part "http"). Result: the median ratio of the
 * pairs and its distribution-free 95% interval.
 *
 *   npm run bench -- http-toggled                    (builds dist first)
 *   node bench/http/toggled.mjs --duration=60 --segment-ms=250 [--frameworks=node:http,express,fastify] [--routes=hello,1 ms]
 *
 * "Off" is the application without the monitor: node:http calls the bare listener, Express skips the middleware.
 * Fastify's hooks cannot be taken out of a running instance, so there "off" keeps the plugin's two hooks and only
 * `begin()` declines the request: its figure leaves out the cost of dispatching two hooks (a few hundred ns).
 * The first 2 s (JIT warm-up) are dropped. Targets: loss ≤ 5% hello, ≤ 1% on a 1 ms route (node:http, Express),
 * ≤ 10% Fastify hello.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import { bundleSource } from '../lib/bundleSource.mjs'
import { describeMachine, machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { medianInterval } from '../lib/medianMargin.mjs'
import { writeResults } from '../lib/writeResults.mjs'
import { addExpressRoutes, addFastifyRoutes, calibrate, httpListener } from '../lib/cpuWork.mjs'

const ROUTES = { hello: '/hello', '1 ms': '/work' }
const TARGETS = { 'node:http': { hello: 5, '1 ms': 1 }, express: { hello: 5, '1 ms': 1 }, fastify: { hello: 10, '1 ms': 1 } }
const WARM_UP_MS = 2000

/** Child side: one server whose monitor flips on/off every `segmentMs`; reports its segments when asked. */
async function serve(framework, entry, iterations, segmentMs) {
  const http = await import(pathToFileURL(entry).href)
  const options = { alerts: false, env: {} }
  let on = false
  let requests = 0
  const segments = []
  let cpu0 = process.cpuUsage()
  let requests0 = 0
  let t0 = performance.now()
  const timer = setInterval(() => {
    const cpu = process.cpuUsage()
    const t = performance.now()
    segments.push({ on, cpuUs: cpu.user + cpu.system - cpu0.user - cpu0.system, requests: requests - requests0, ms: t - t0 })
    cpu0 = cpu
    requests0 = requests
    t0 = t
    on = !on
  }, segmentMs)
  timer.unref()
  let server
  if (framework === 'fastify') {
    const { default: fastify } = await import('fastify')
    const app = fastify()
    const monitor = http.createHttpMonitor(options)
    const begin = monitor.begin.bind(monitor)
    monitor.begin = (method, url) => (on ? begin(method, url) : undefined)
    await app.register(http.fastifyMonitor, { monitor })
    app.addHook('onRequest', async () => {
      requests++
    })
    addFastifyRoutes(app, iterations)
    await app.listen({ port: 0, host: '127.0.0.1' })
    server = app.server
  } else if (framework === 'express') {
    const { default: express } = await import('express')
    const app = express()
    const middleware = http.expressMonitor(options)
    app.use((req, res, next) => {
      requests++
      return on ? middleware(req, res, next) : next()
    })
    addExpressRoutes(app, iterations)
    const { createServer } = await import('node:http')
    server = createServer(app)
  } else {
    const listener = httpListener(iterations)
    const monitored = http.httpMonitor(listener, options)
    const { createServer } = await import('node:http')
    server = createServer((req, res) => {
      requests++
      return on ? monitored(req, res) : listener(req, res)
    })
  }
  if (!server.listening) await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  process.on('message', (message) => {
    if (message === 'segments') process.send({ segments })
  })
  console.log(JSON.stringify({ port: server.address().port }))
}

function startServer(framework, entry, iterations, segmentMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), `--serve=${framework}`, entry, String(iterations), String(segmentMs)],
      { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
    )
    child.stdout.once('data', (chunk) => resolve({ child, port: JSON.parse(String(chunk)).port }))
    child.once('error', reject)
  })
}

async function measure(framework, route, { entry, iterations, segmentMs, durationS }) {
  const { child, port } = await startServer(framework, entry, iterations, segmentMs)
  try {
    const result = await autocannon({ url: `http://127.0.0.1:${port}${ROUTES[route]}`, connections: 50, duration: durationS })
    if (result.errors > 0 || result.non2xx > 0) throw new Error(`${framework} ${route}: ${result.errors} errors, ${result.non2xx} non-2xx`)
    const segments = await new Promise((resolve) => {
      child.once('message', (m) => resolve(m.segments))
      child.send('segments')
    })
    const kept = segments.slice(Math.ceil(WARM_UP_MS / segmentMs / 2) * 2)
    const cpu = []
    const throughput = []
    let offCpuUs = 0
    let offRequests = 0
    for (let i = 0; i + 1 < kept.length; i += 2) {
      const [off, on] = kept[i].on ? [kept[i + 1], kept[i]] : [kept[i], kept[i + 1]]
      if (off.requests < 5 || on.requests < 5) continue
      offCpuUs += off.cpuUs
      offRequests += off.requests
      cpu.push(on.cpuUs / on.requests / (off.cpuUs / off.requests))
      throughput.push(1 - on.requests / on.ms / (off.requests / off.ms))
    }
    return { cpu: medianInterval(cpu), loss: medianInterval(throughput), offCpuUsPerRequest: offCpuUs / offRequests, pairs: cpu.length }
  } finally {
    child.kill('SIGTERM')
  }
}

export async function runHttpToggled({ durationS, segmentMs, frameworks, routes = Object.keys(ROUTES) }) {
  const machine = describeMachine()
  const entry = await bundleSource("export * from './src/http/index.ts'", 'http')
  const iterations = calibrate(1)
  const rows = []
  const raw = []
  for (const framework of frameworks) {
    for (const route of routes) {
      const r = await measure(framework, route, { entry, iterations, segmentMs, durationS })
      const target = TARGETS[framework][route]
      const pct = (x) => `${(x * 100).toFixed(1)}%`
      const cpuPct = (x) => `${((x - 1) * 100).toFixed(1)}%`
      console.log(
        `  ${framework} ${route}: ${r.pairs} pairs, CPU/request ${cpuPct(r.cpu.median)} [${cpuPct(r.cpu.low)} … ${cpuPct(r.cpu.high)}], throughput loss ${pct(r.loss.median)} [${pct(r.loss.low)} … ${pct(r.loss.high)}]`,
      )
      raw.push({ framework, route, ...r })
      rows.push([
        framework,
        route,
        String(r.pairs),
        r.offCpuUsPerRequest.toFixed(1),
        `${cpuPct(r.cpu.median)} [${cpuPct(r.cpu.low)} … ${cpuPct(r.cpu.high)}]`,
        ((r.cpu.median - 1) * r.offCpuUsPerRequest).toFixed(2),
        `${pct(r.loss.median)} [${pct(r.loss.low)} … ${pct(r.loss.high)}]`,
        `≤ ${target}%: ${r.loss.high * 100 <= target ? 'met' : r.loss.median * 100 <= target ? 'met (median; interval reaches past)' : 'MISSED'}`,
      ])
    }
  }
  const data = { machine, durationS, segmentMs, raw }
  const markdown = [
    '### HTTP monitoring overhead, monitor toggled inside one server process',
    '',
    machineLine(machine),
    '',
    `autocannon -c 50 for ${durationS} s per row; the monitor switched off/on every ${segmentMs} ms; adjacent off/on segments paired; first ${WARM_UP_MS / 1000} s dropped. Medians of the pairs, [distribution-free 95% interval of the median].`,
    '',
    markdownTable(
      ['framework', 'route', 'pairs', 'server CPU µs/req (off)', 'CPU per request, on ÷ off', 'cost µs/req', 'throughput loss', 'target'],
      rows,
    ),
  ].join('\n')
  writeResults('http-toggled', data, markdown)
  return data
}

const serveFlag = process.argv.find((a) => a.startsWith('--serve='))
if (serveFlag) {
  const [entry, iterations, segmentMs] = process.argv.slice(3)
  await serve(serveFlag.slice('--serve='.length), entry, Number(iterations), Number(segmentMs))
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const value = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
  await runHttpToggled({
    durationS: Number(value('duration', 60)),
    segmentMs: Number(value('segment-ms', 250)),
    frameworks: value('frameworks', 'node:http,express,fastify').split(','),
    routes: value('routes', Object.keys(ROUTES).join(',')).split(','),
  })
}
