import { readRuns, trendFor, compactHistory } from '/work/main/.hist-bench.mjs'
const dir = process.argv[2]
if (process.argv[3] === 'compact') { const t = performance.now(); const r = await compactHistory(dir); console.log('compact', (performance.now() - t).toFixed(0), 'ms', r.removed.length, r.problems.length) }
const m0 = process.memoryUsage().rss
let t = performance.now()
const { runs, problems } = await readRuns(dir, { limit: 200 })
const readMs = performance.now() - t
t = performance.now()
const ids = Object.keys(runs.at(-1).measurements)
let points = 0
for (const id of ids) points += trendFor(runs, id).length
console.log(`read ${runs.length} runs in ${readMs.toFixed(0)} ms (problems ${problems.length}); trends for ${ids.length} ids: ${points} points in ${(performance.now() - t).toFixed(0)} ms; rss +${((process.memoryUsage().rss - m0) / 2 ** 20).toFixed(0)} MiB`)
