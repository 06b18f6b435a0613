/**
 * One generator run against the benchmark server, in its own process: `ours` (perf-sentinel's load() from dist/) or
 * `autocannon` (its programmatic API), with the same URL, connections, duration and rate. Prints one JSON line with
 * throughput and latency percentiles in ms, and the generator process's CPU time.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { DIST_INDEX } from '../lib/paths.mjs'

const [tool, url, specJson] = process.argv.slice(2)
const spec = JSON.parse(specJson)
const cpuStart = process.cpuUsage()

async function ours() {
  const { load } = await import(pathToFileURL(DIST_INDEX).href)
  const options = spec.rate
    ? { rate: spec.rate, connections: spec.connections, durationMs: spec.durationMs, record: false }
    : { concurrency: spec.connections, durationMs: spec.durationMs, record: false }
  const r = await load({ url }, options)
  const pick = (l) => ({ p50: l.p50Ms, p90: l.p90Ms, p95: l.p95Ms, p99: l.p99Ms, p999: l.p999Ms, max: l.maxMs })
  return {
    requests: r.succeeded,
    errors: r.errors,
    throughput: r.throughputPerSecond,
    latency: pick(r.latency),
    uncorrected: pick(r.uncorrectedLatency),
    generator: r.generator,
  }
}

async function autocannon() {
  const run = createRequire(import.meta.url)('autocannon')
  const options = {
    url,
    connections: spec.connections,
    duration: spec.durationMs / 1000,
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    ...(spec.ignoreCoordinatedOmission ? { ignoreCoordinatedOmission: true } : {}),
  }
  const r = await run(options)
  const l = r.latency
  return {
    requests: r.requests.total,
    errors: r.errors + r.timeouts + r.non2xx,
    throughput: r.requests.total / (r.duration || spec.durationMs / 1000),
    // autocannon has no p95 (its table is 2.5/50/97.5/99).
    latency: { p50: l.p50, p90: l.p90, p95: null, p99: l.p99, p999: l.p99_9, max: l.max },
    latencySamples: l.totalCount,
  }
}

const result = tool === 'ours' ? await ours() : await autocannon()
const cpu = process.cpuUsage(cpuStart)
console.log(JSON.stringify({ tool, ...result, generatorCpuMs: (cpu.user + cpu.system) / 1000 }))
