// steady state at the cap: append a run (copy of the newest with a new id/time) and compact, N times; time each compaction
import { appendRun, compactHistory, readRuns } from './.hist-bench.mjs'
const dir = process.argv[2]
const { runs } = await readRuns(dir, { limit: 1 })
const template = runs[0]
const times = []
for (let i = 0; i < Number(process.argv[3] ?? 30); i++) {
  const run = { ...template, git: { ...template.git, commit: Math.random().toString(16).slice(2).padEnd(40, '0') }, measurements: template.measurements, runId: `steady-${i}-${Math.random()}`, time: new Date(Date.now() + i * 1000).toISOString() }
  const t0 = performance.now(); await appendRun(dir, run); const t1 = performance.now(); await compactHistory(dir); const t2 = performance.now()
  times.push([t1 - t0, t2 - t1])
}
const fmt = (a) => a.map((x) => x.toFixed(0)).join(' ')
console.log('append ms:', fmt(times.map((t) => t[0])))
console.log('compact ms:', fmt(times.map((t) => t[1])))
