/**
 * Part "http" — overhead of the HTTP monitoring middleware (perf-sentinel/http), A/B interleaved:
 *
 *   npm run bench -- http                       (builds dist first)
 *   node bench/http.mjs --runs=5 --duration=5   (dist must exist)
 *
 * For node:http, Express 5 and Fastify 5, a "hello" route and a "1 ms" route (1 ms of CPU work per request, calibrated):
 * the same app in fresh server processes with the monitor off (A) and on (B, default options), order alternating
 * ABBA…, autocannon -c 100 against 127.0.0.1 from this process. Throughput loss = 1 − median(B)/median(A); the
 * per-request cost in µs = 1e6/req·s(B) − 1e6/req·s(A) (one saturated server thread). Also: the in-process cost of
 * one begin()+end() (no HTTP), and the cost of a CPU profile (Profiler.start block, stop + slice + JSON, and the
 * throughput while the profiler records, which is what waiting for "the next request of a slow endpoint" costs).
 * Targets (BENCHMARKS.md, anchors a/A2): loss ≤ 5% hello and ≤ 1% on the 1 ms route (node:http, Express), ≤ 10% Fastify hello.
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { Session } from 'node:inspector'
import { fileURLToPath, pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import { describeMachine, machineLine } from './lib/machine.mjs'
import { markdownTable } from './lib/markdownTable.mjs'
import { median } from './lib/median.mjs'
import { bundleSource } from './lib/bundleSource.mjs'
import { writeResults } from './lib/writeResults.mjs'
import { addExpressRoutes, addFastifyRoutes, calibrate, httpListener, work } from './lib/cpuWork.mjs'

/**
 * The monitor, bundled from src/http (what dist/http contains) into a temp file once per bench run and handed to the
 * server processes: several tools rebuild dist/ on this machine, and a clean mid-run must not break the bench.
 */
const HTTP_ENTRY_ENV = 'PERF_SENTINEL_BENCH_HTTP_ENTRY'
const httpEntry = () => pathToFileURL(process.env[HTTP_ENTRY_ENV]).href
const FRAMEWORKS = ['node:http', 'express', 'fastify']
const ROUTES = { hello: '/hello', '1 ms': '/work' }
const TARGETS = { 'node:http': { hello: 5, '1 ms': 1 }, express: { hello: 5, '1 ms': 1 }, fastify: { hello: 10, '1 ms': 1 } }
const WORK_MS = 1
const WORK_ENV = 'PERF_SENTINEL_BENCH_WORK_ITERATIONS'

/** Child side: one server (framework × mode) on 127.0.0.1:0; prints its port, runs until killed. */
async function serve(framework, mode) {
  const http = mode === 'off' ? undefined : await import(httpEntry())
  const options = { alerts: false, env: {} }
  const iterations = Number(process.env[WORK_ENV])
  if (mode === 'recording') {
    // What a pending profile costs while it waits for the next request of a slow endpoint: the sampler running.
    const session = new Session()
    session.connect()
    session.post('Profiler.enable')
    session.post('Profiler.start')
  }
  let server
  if (framework === 'fastify') {
    const { default: fastify } = await import('fastify')
    const app = fastify()
    if (http) await app.register(http.fastifyMonitor, options)
    addFastifyRoutes(app, iterations)
    await app.listen({ port: 0, host: '127.0.0.1' })
    server = app.server
  } else if (framework === 'express') {
    const { default: express } = await import('express')
    const app = express()
    if (http) app.use(http.expressMonitor(options))
    addExpressRoutes(app, iterations)
    server = createServer(app)
  } else {
    const listener = httpListener(iterations)
    server = createServer(http ? http.httpMonitor(listener, options) : listener)
  }
  if (!server.listening) await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  // The server's own CPU time per request, over a window the parent opens and closes: unlike throughput, it does not
  // depend on what else the (shared) machine runs. Counted the same way in both modes.
  let requests = 0
  let since = process.cpuUsage()
  server.on('request', () => requests++)
  process.on('message', (message) => {
    if (message === 'reset') {
      requests = 0
      since = process.cpuUsage()
      process.send('ok')
    } else if (message === 'report') {
      const used = process.cpuUsage(since)
      process.send({ cpuUs: used.user + used.system, requests })
    }
  })
  console.log(JSON.stringify({ port: server.address().port }))
}

/** Child side: the in-process cost of begin()+end(), and of one profile (start, stop, slice, JSON). */
async function measureCore() {
  const { createHttpMonitor } = await import(httpEntry())
  await import('express') // a realistic amount of loaded code: Profiler.start walks all of it
  const monitor = createHttpMonitor({ alerts: false, env: {} })
  const once = () => monitor.end(monitor.begin('GET', '/users/42?page=2'), 200, '/users/:id')
  for (let i = 0; i < 50_000; i++) once()
  const perCallNs = []
  for (let r = 0; r < 5; r++) {
    const n = 200_000
    const t = process.hrtime.bigint()
    for (let i = 0; i < n; i++) once()
    perCallNs.push(Number(process.hrtime.bigint() - t) / n)
  }
  const clockNs = []
  for (let r = 0; r < 5; r++) {
    const n = 200_000
    const t = process.hrtime.bigint()
    for (let i = 0; i < n; i++) performance.now()
    clockNs.push(Number(process.hrtime.bigint() - t) / n)
  }
  const session = new Session()
  session.connect()
  const post = (method, params) => {
    let out
    session.post(method, params, (error, result) => {
      if (error) throw error
      out = result
    })
    return out
  }
  post('Profiler.enable')
  const profile = { startMs: [], stopMs: [], jsonMs: [], jsonKiB: [] }
  for (let r = 0; r < 5; r++) {
    let t = performance.now()
    post('Profiler.start')
    profile.startMs.push(performance.now() - t)
    work(100 * Number(process.env[WORK_ENV] ?? 1e5))
    t = performance.now()
    const { profile: p } = post('Profiler.stop')
    profile.stopMs.push(performance.now() - t)
    t = performance.now()
    const json = JSON.stringify(p)
    profile.jsonMs.push(performance.now() - t)
    profile.jsonKiB.push(json.length / 1024)
  }
  console.log(JSON.stringify({ perCallNs, clockNs, profile }))
}

function startServer(framework, mode) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), `--serve=${framework}:${mode}`], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    })
    const ask = (message) =>
      new Promise((answer) => {
        child.once('message', answer)
        child.send(message)
      })
    const stop = () =>
      new Promise((done) => {
        child.once('exit', done)
        child.kill('SIGTERM')
      })
    child.stdout.once('data', (chunk) => resolve({ port: JSON.parse(String(chunk)).port, ask, stop }))
    child.once('error', reject)
  })
}

async function load(port, path, durationS) {
  const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: 100, duration: durationS, pipelining: 1 })
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`load on ${path}: ${result.errors} errors, ${result.non2xx} non-2xx`)
  return { rps: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 }
}

async function measure(framework, mode, path, durationS) {
  const server = await startServer(framework, mode)
  try {
    await load(server.port, path, 1) // warm-up: JIT, connections
    await server.ask('reset')
    const result = await load(server.port, path, durationS)
    const { cpuUs, requests } = await server.ask('report')
    return { ...result, cpuUsPerRequest: cpuUs / requests }
  } finally {
    await server.stop()
  }
}

/**
 * The same comparison with A and B running at the same time, each under its own autocannon: whatever else the shared
 * machine does hits both alike, so the paired ratio holds where sequential runs swing by ±50%.
 */
async function measurePair(framework, path, durationS) {
  const [a, b] = await Promise.all([startServer(framework, 'off'), startServer(framework, 'on')])
  try {
    await Promise.all([load(a.port, path, 1), load(b.port, path, 1)])
    await Promise.all([a.ask('reset'), b.ask('reset')])
    const [ra, rb] = await Promise.all([load(a.port, path, durationS), load(b.port, path, durationS)])
    const [ca, cb] = await Promise.all([a.ask('report'), b.ask('report')])
    return { off: { ...ra, cpuUsPerRequest: ca.cpuUs / ca.requests }, on: { ...rb, cpuUsPerRequest: cb.cpuUs / cb.requests } }
  } finally {
    await Promise.all([a.stop(), b.stop()])
  }
}

function runChild(args, script = fileURLToPath(import.meta.url)) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}`))))
  })
}

export async function runHttpBench({ runs = 5, duration = 5 } = {}) {
  const machine = describeMachine()
  process.env[HTTP_ENTRY_ENV] = await bundleSource("export * from './src/http/index.ts'", 'http')
  process.env[WORK_ENV] = String(calibrate(WORK_MS))
  const rows = []
  const raw = []
  for (const framework of FRAMEWORKS) {
    for (const [routeName, path] of Object.entries(ROUTES)) {
      const off = []
      const on = []
      for (let i = 0; i < runs; i++) {
        // ABBA: alternate which mode goes first, so drift of the machine hits both alike.
        for (const mode of i % 2 === 0 ? ['off', 'on'] : ['on', 'off'])
          (mode === 'off' ? off : on).push(await measure(framework, mode, path, duration))
        console.log(
          `  ${framework} ${routeName} run ${i + 1}/${runs}: off ${Math.round(off.at(-1).rps)} req/s, on ${Math.round(on.at(-1).rps)} req/s`,
        )
      }
      const a = median(off.map((r) => r.rps))
      const b = median(on.map((r) => r.rps))
      const pairLoss = off.map((r, i) => (1 - on[i].rps / r.rps) * 100)
      const loss = (1 - b / a) * 100
      const cpuA = median(off.map((r) => r.cpuUsPerRequest))
      const cpuB = median(on.map((r) => r.cpuUsPerRequest))
      // A saturated single-threaded server serves 1/cpu requests per CPU-second: the loss the CPU cost implies.
      const cpuLoss = (1 - cpuA / cpuB) * 100
      const pairCpuLoss = off.map((r, i) => (1 - r.cpuUsPerRequest / on[i].cpuUsPerRequest) * 100)
      const target = TARGETS[framework][routeName]
      raw.push({ framework, route: routeName, off, on })
      const range = (values) => `${Math.min(...values).toFixed(1)} … ${Math.max(...values).toFixed(1)}`
      rows.push([
        framework,
        routeName,
        Math.round(a).toLocaleString('en-US'),
        Math.round(b).toLocaleString('en-US'),
        `${loss.toFixed(1)}% (${range(pairLoss)})`,
        `${cpuA.toFixed(1)} → ${cpuB.toFixed(1)}`,
        (cpuB - cpuA).toFixed(2),
        `${cpuLoss.toFixed(1)}% (${range(pairCpuLoss)})`,
        `≤ ${target}%: ${cpuLoss <= target ? 'met' : 'MISSED'}`,
      ])
    }
  }
  const simultaneous = []
  for (const framework of FRAMEWORKS) {
    for (const [routeName, path] of Object.entries(ROUTES)) {
      const pairs = []
      for (let i = 0; i < runs; i++) pairs.push(await measurePair(framework, path, duration))
      const loss = pairs.map((p) => (1 - p.on.rps / p.off.rps) * 100)
      const cpuLoss = pairs.map((p) => (1 - p.off.cpuUsPerRequest / p.on.cpuUsPerRequest) * 100)
      const cost = pairs.map((p) => p.on.cpuUsPerRequest - p.off.cpuUsPerRequest)
      const target = TARGETS[framework][routeName]
      console.log(
        `  simultaneous ${framework} ${routeName}: throughput loss ${median(loss).toFixed(1)}%, CPU-derived ${median(cpuLoss).toFixed(1)}%`,
      )
      raw.push({ framework, route: routeName, simultaneous: pairs })
      const range = (values) => `${Math.min(...values).toFixed(1)} … ${Math.max(...values).toFixed(1)}`
      simultaneous.push([
        framework,
        routeName,
        `${median(loss).toFixed(1)}% (${range(loss)})`,
        `${median(cpuLoss).toFixed(1)}% (${range(cpuLoss)})`,
        `${median(cost).toFixed(2)}`,
        `≤ ${target}%: ${median(loss) <= target ? 'met' : 'MISSED'}`,
      ])
    }
  }
  const recordingOff = []
  const recordingOn = []
  for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
    for (const mode of i % 2 === 0 ? ['on', 'recording'] : ['recording', 'on'])
      (mode === 'on' ? recordingOff : recordingOn).push(await measure('express', mode, '/work', duration))
  }
  const recordingLoss = (1 - median(recordingOn.map((r) => r.rps)) / median(recordingOff.map((r) => r.rps))) * 100
  const core = await runChild(['--measure-core'])
  const inProcess = await runChild(
    [process.env[HTTP_ENTRY_ENV], process.env[WORK_ENV]],
    fileURLToPath(new URL('./http/inProcess.mjs', import.meta.url)),
  )
  const inProcessRows = Object.entries(inProcess).map(([name, { offUs, onUs }]) => {
    const diff = onUs.map((v, i) => v - offUs[i])
    return [
      name,
      median(offUs).toFixed(1),
      median(onUs).toFixed(1),
      median(diff).toFixed(2),
      `${Math.min(...diff).toFixed(1)} … ${Math.max(...diff).toFixed(1)}`,
    ]
  })
  const ms = (values) => `${median(values).toFixed(1)} ms (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`
  const data = {
    machine,
    runs,
    durationS: duration,
    raw,
    recording: { on: recordingOff, recording: recordingOn, lossPercent: recordingLoss },
    core,
    inProcess,
  }
  const markdown = [
    '### HTTP monitoring overhead',
    '',
    machineLine(machine),
    '',
    `autocannon -c 100 for ${duration} s after a 1 s warm-up, ${runs} runs per mode, A/B interleaved (ABBA), a fresh server process per run.`,
    '',
    markdownTable(
      [
        'framework',
        'route',
        'off req/s',
        'on req/s',
        'throughput loss (pairs min … max)',
        'server CPU µs/req off → on',
        'cost µs/req',
        'CPU-derived loss (pairs)',
        'target (on CPU)',
      ],
      rows,
    ),
    '',
    'req/s are medians over the runs; on a shared machine they swing with other load, so the target is judged on the',
    "server process's own CPU time per request (process.cpuUsage over the measured window, medians), which is what",
    'bounds the throughput of a saturated server: loss = 1 − CPU(off)/CPU(on).',
    '',
    `The same pairs run simultaneously (A and B at once, each under its own autocannon -c 100; ${runs} pairs; medians of the per-pair figures):`,
    '',
    markdownTable(
      ['framework', 'route', 'throughput loss (min … max)', 'CPU-derived loss (min … max)', 'cost µs/req', 'target (throughput)'],
      simultaneous,
    ),
    '',
    'CPU per request with server and client in one process, monitor off/on alternating every 400 requests (16 pairs;',
    "client cost included in both columns, so only the difference is the monitor's):",
    '',
    markdownTable(['in one process', 'off µs/req', 'on µs/req', 'cost µs/req (median of pairs)', 'pairs min … max'], inProcessRows),
    '',
    markdownTable(
      ['in-process', 'median of 5'],
      [
        ['begin() + end() of one request (no HTTP)', `${median(core.perCallNs).toFixed(0)} ns`],
        ['of which 2 clock reads (performance.now())', `${(2 * median(core.clockNs)).toFixed(0)} ns`],
        ['Profiler.start (blocks the event loop, Express loaded)', ms(core.profile.startMs)],
        ['Profiler.stop after 100 ms of work', ms(core.profile.stopMs)],
        ['JSON of that profile', `${ms(core.profile.jsonMs)}, ${median(core.profile.jsonKiB).toFixed(0)} KiB`],
        [`Express 1 ms route while the profiler records (loss vs monitor on)`, `${recordingLoss.toFixed(1)}%`],
      ],
    ),
  ].join('\n')
  writeResults('http', data, markdown)
  return data
}

const serveFlag = process.argv.find((a) => a.startsWith('--serve='))
if (serveFlag) {
  const [framework, mode] = serveFlag.slice('--serve='.length).split(':')
  await serve(framework, mode)
} else if (process.argv.includes('--measure-core')) {
  await measureCore()
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
  await runHttpBench({ runs: flag('runs', 5), duration: flag('duration', 5) })
}
