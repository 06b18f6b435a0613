/**
 * Part `load`: perf-sentinel's load() side by side with autocannon 9 on the same local server, in the same run.
 * The server and each generator run in their own processes; runs are interleaved (ours, autocannon, ours, …) so
 * drift on a shared machine hits both alike. Scenarios:
 *   closed  — 10 connections flat out for 5 s: throughput and latency of a closed loop (autocannon's default mode).
 *   rate    — 1000 requests/s on 10 connections for 5 s: autocannon's `overallRate` vs our open model.
 *   stall   — 100 requests/s for 10 s, the server holds every response for 1 s once: corrected vs uncorrected.
 * Flags: --runs=N (pairs per scenario, default 5), --scenarios=closed,rate,stall.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describeMachine, machineLine } from './lib/machine.mjs'
import { markdownTable } from './lib/markdownTable.mjs'
import { median } from './lib/median.mjs'
import { runNodeJson } from './lib/runProcess.mjs'
import { writeResults } from './lib/writeResults.mjs'

const SERVER = fileURLToPath(new URL('./load/server.mjs', import.meta.url))
const GENERATOR = fileURLToPath(new URL('./load/generator.mjs', import.meta.url))
const flag = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
const RUNS = Number(flag('runs', '5'))
const SCENARIOS = flag('scenarios', 'closed,rate,stall').split(',')

const SPECS = {
  closed: { connections: 10, durationMs: 5000 },
  rate: { connections: 10, durationMs: 5000, rate: 1000 },
  stall: { connections: 10, durationMs: 10_000, rate: 100, stall: { atRequest: 300, ms: 1000 } },
}

function startServer(stall) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...(stall ? { STALL_AT_REQUEST: String(stall.atRequest), STALL_MS: String(stall.ms) } : {}) }
    const child = spawn(process.execPath, [SERVER], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    child.once('error', reject)
    child.stdout.once('data', (chunk) => {
      const { port } = JSON.parse(String(chunk).trim().split('\n')[0])
      resolve({ url: `http://127.0.0.1:${port}/`, stop: () => child.kill() })
    })
  })
}

async function runOnce(tool, scenario, extra = {}) {
  const spec = { ...SPECS[scenario], ...extra }
  // A fresh server per run: the stall fires once per server, and no run inherits another's keep-alive sockets.
  const server = await startServer(spec.stall)
  try {
    return await runNodeJson(GENERATOR, [tool, server.url, JSON.stringify(spec)])
  } finally {
    server.stop()
  }
}

const fmt = (ms) => (ms === null || ms === undefined ? '—' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2))
const med = (runs, get) => median(runs.map(get).filter((x) => x !== null && x !== undefined))
const spread = (runs, get) => {
  const values = runs.map(get).filter((x) => x !== null && x !== undefined)
  return values.length === 0 ? '—' : `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`
}

const machine = describeMachine()
const data = { machine, runs: RUNS, scenarios: {} }
const sections = [
  `load(): perf-sentinel vs autocannon 9 · ${RUNS} interleaved pairs per scenario (stall: ${Math.min(RUNS, 2)}) · ${machineLine(machine)}`,
]

for (const scenario of SCENARIOS) {
  const pairs = scenario === 'stall' ? Math.min(RUNS, 2) : RUNS
  const results = { ours: [], autocannon: [], autocannonUncorrected: [] }
  for (let i = 0; i < pairs; i++) {
    results.ours.push(await runOnce('ours', scenario))
    results.autocannon.push(await runOnce('autocannon', scenario))
    if (scenario === 'stall') results.autocannonUncorrected.push(await runOnce('autocannon', scenario, { ignoreCoordinatedOmission: true }))
    const o = results.ours.at(-1)
    console.log(
      `  ${scenario} ${i + 1}/${pairs}: ours ${o.throughput.toFixed(0)}/s p99 ${fmt(o.latency.p99)} ms (lag p99 ${fmt(o.generator.lagP99Ms)} ms, ` +
        `loop ${(o.generator.eventLoopUtilization * 100).toFixed(0)}% busy${o.generator.saturated ? ', SATURATED' : ''}) · ` +
        `autocannon ${results.autocannon.at(-1).throughput.toFixed(0)}/s p99 ${fmt(results.autocannon.at(-1).latency.p99)} ms`,
    )
  }
  data.scenarios[scenario] = results
  const rows = []
  const row = (label, runs, get = (r) => r.latency) => [
    label,
    `${med(runs, (r) => r.throughput).toFixed(0)} (${spread(runs, (r) => r.throughput)})`,
    ...['p50', 'p90', 'p95', 'p99', 'p999', 'max'].map((p) => `${fmt(med(runs, (r) => get(r)[p]))}`),
    `${med(runs, (r) => (r.generatorCpuMs / SPECS[scenario].durationMs) * 100).toFixed(0)}%`,
  ]
  rows.push(row('perf-sentinel load() (corrected)', results.ours))
  if (SPECS[scenario].rate) rows.push(row('perf-sentinel load() (uncorrected)', results.ours, (r) => r.uncorrected))
  rows.push(row(scenario === 'closed' ? 'autocannon' : 'autocannon (overallRate, its correction on)', results.autocannon))
  if (results.autocannonUncorrected.length > 0) rows.push(row('autocannon -C (correction off)', results.autocannonUncorrected))
  sections.push(`\n**${scenario}** (${JSON.stringify(SPECS[scenario])}) — medians in ms, throughput in req/s (min–max)\n`)
  sections.push(markdownTable(['generator', 'req/s', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max', 'generator CPU'], rows))
  const saturated = results.ours.filter((r) => r.generator.saturated).length
  sections.push(
    `\nperf-sentinel self-check: ${saturated} of ${results.ours.length} runs flagged \`load generator saturated\`; scheduler lag p99 median ${fmt(med(results.ours, (r) => r.generator.lagP99Ms))} ms, event loop busy ${(med(results.ours, (r) => r.generator.eventLoopUtilization) * 100).toFixed(0)}% (median).`,
  )
}

writeResults('load', data, sections.join('\n'))
