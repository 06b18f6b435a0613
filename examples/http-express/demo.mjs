// `npm start`: runs the example app on 127.0.0.1 with a fake Mattermost next to it, sends it some traffic, and shows
// what perf-sentinel did: the alert file written under ./alerts, the Mattermost post (with the CPU profile
// attached), and the per-endpoint stats. Exits 1 if an alert did not arrive.
import { readdir, readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { createApp } from './app.mjs'
import { startFakeMattermost } from './fakeMattermost.mjs'

const TOKEN = 'demo-token-not-a-secret'
const mattermost = await startFakeMattermost(TOKEN)
const { app, monitor } = createApp({
  // De-duplication state in memory, so every run of the demo alerts again; a real app keeps the default
  // ('.perf-sentinel/alerts'), which remembers alerts across restarts for the 10-day window.
  stateDir: false,
  notifiers: [
    { type: 'file', dir: 'alerts' },
    { type: 'mattermost', url: mattermost.url, token: TOKEN, channelId: 'town-square' },
  ],
})
const server = createServer(app)
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}`
console.log(`app on ${base}, fake Mattermost on ${mattermost.url}\n`)

for (let i = 0; i < 20; i++) await (await fetch(`${base}/fast`)).text()
for (const id of [1, 2, 3]) {
  const started = performance.now()
  await (await fetch(`${base}/reports/${id}`)).text()
  console.log(`GET /reports/${id}: ${Math.round(performance.now() - started)} ms`)
}
const stats = await (await fetch(`${base}/__perf`)).json()

await monitor.close()
server.close()
await mattermost.close()

console.log('\nper endpoint (GET /__perf):')
console.table(
  Object.fromEntries(
    stats.endpoints.map((e) => [
      e.endpoint,
      { count: e.count, p50Ms: round(e.p50Ms), p95Ms: round(e.p95Ms), p99Ms: round(e.p99Ms), errorRate: e.errorRate, slow: e.slow },
    ]),
  ),
)
const written = (await readdir('alerts').catch(() => [])).sort()
const latest = written.filter((f) => f.endsWith('.md')).at(-1)
console.log(`\nalert files in ./alerts: ${written.length}`)
if (latest) console.log(`\n--- ${join('alerts', latest)} ---\n${await readFile(join('alerts', latest), 'utf8')}`)
const post = mattermost.posts.at(-1)
console.log(
  `fake Mattermost received ${mattermost.posts.length} post(s) and ${mattermost.files.length} file(s): ${mattermost.files.map((f) => f.name).join(', ')}`,
)
if (post) console.log(`\n--- post in #${post.channel_id} ---\n${post.message}`)

const ok = latest !== undefined && post !== undefined && post.file_ids.length > 0
if (!ok) console.error('\nexpected an alert file and a Mattermost post with the profile attached')
process.exitCode = ok ? 0 : 1

function round(ms) {
  return ms === null ? null : Math.round(ms * 10) / 10
}
