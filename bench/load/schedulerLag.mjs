/**
 * Part `load-lag`: how late the open model's scheduler starts operations, and what that does to the corrected
 * latency of a fast target. `load({ url }, { rate: 200, durationMs: 3000 })` against an idle in-process node:http
 * server answering 'ok', `--runs` times: the scheduler lag (p50, p99), corrected and uncorrected latency (p50, p99)
 * and the generator's event-loop use. On a fast target the corrected p50 should equal the uncorrected one: any gap
 * is the generator's own lateness, charged to the target.
 *
 *   node bench/load/schedulerLag.mjs [--runs=3]
 */
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'
import { DIST_INDEX } from '../lib/paths.mjs'

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? '3')
const { load } = await import(pathToFileURL(DIST_INDEX).href)
const server = createServer((_req, res) => res.end('ok'))
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}/`
const ms = (x) => x.toFixed(2)
try {
  for (let i = 0; i < runs; i++) {
    const r = await load({ url }, { rate: 200, durationMs: 3000 })
    const g = r.generator
    console.log(
      `lag p50 ${ms(g.lagP50Ms)} p99 ${ms(g.lagP99Ms)} ms · corrected p50 ${ms(r.latency.p50Ms)} p99 ${ms(r.latency.p99Ms)} ms · ` +
        `uncorrected p50 ${ms(r.uncorrectedLatency.p50Ms)} p99 ${ms(r.uncorrectedLatency.p99Ms)} ms · event loop ${(g.eventLoopUtilization * 100).toFixed(0)}% · ${r.inconclusive ?? 'conclusive'}`,
    )
  }
} finally {
  server.close()
}
