import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAlertManager } from '../../../src/alerts/alertManager.js'
import type { AlertManager } from '../../../src/alerts/alertManager.js'
import type { EndpointStats } from '../../../src/http/endpointRegistry.js'
import type { RequestSummary } from '../../../src/http/requestSummary.js'
import { tempDir } from '../alerts/alertFixtures.js'
import { BLOCK_MS, FRAMEWORKS, LATE_MS, observe, SLOW_MS, startApp } from './frameworkApps.js'
import type { RunningApp } from './frameworkApps.js'

const running: RunningApp[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()))
})

function fileAlerts(dir: string): AlertManager {
  return createAlertManager({ stateDir: false, notifiers: [{ type: 'file', dir }] }, { log: () => undefined })
}

describe.each(FRAMEWORKS)('%s monitor', (framework) => {
  it('times every endpoint by route template, counts errors and leaves excluded routes out', async () => {
    const summaries: RequestSummary[] = []
    const app = await startApp(framework, {
      thresholdMs: 10_000,
      exclude: ['/health'],
      alerts: false,
      env: {},
      onRequest: (s) => summaries.push(s),
    })
    running.push(app)
    for (const path of ['/fast', '/fast', '/fast', '/slow/1', '/slow/2', '/error', '/health', '/nope/x']) await observe(app.url + path)
    const stats = app.handle?.getStats()
    const byEndpoint = new Map(stats?.endpoints.map((e): [string, EndpointStats] => [e.endpoint, e]))
    expect([...byEndpoint.keys()].sort()).toEqual(['GET (unmatched)', 'GET /error', 'GET /fast', 'GET /slow/:id'])
    expect(byEndpoint.get('GET /fast')).toMatchObject({ count: 3, errors: 0, errorRate: 0 })
    expect(byEndpoint.get('GET /error')).toMatchObject({ count: 1, errors: 1, errorRate: 1 })
    const slow = byEndpoint.get('GET /slow/:id') as EndpointStats
    expect(slow.count).toBe(2)
    expect(slow.p50Ms).toBeGreaterThanOrEqual(SLOW_MS * 0.9)
    expect(slow.p99Ms).toBeLessThan(SLOW_MS + 2000)
    expect(summaries.find((s) => s.route === '/slow/:id')).toMatchObject({ method: 'GET', url: '/slow/1', status: 200 })
    expect(stats?.internalErrors).toBe(0)
  })

  it('records a request whose client gave up before the response: status 499, timed until the connection closed', async () => {
    const summaries: RequestSummary[] = []
    const app = await startApp(framework, { thresholdMs: 100, alerts: false, env: {}, onRequest: (s) => summaries.push(s) })
    running.push(app)
    const giveUpMs = 200
    await expect(fetch(`${app.url}/late/7`, { signal: AbortSignal.timeout(giveUpMs) })).rejects.toThrow()
    const deadline = Date.now() + 5000
    while (summaries.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(summaries).toHaveLength(1)
    expect(summaries[0]).toMatchObject({ method: 'GET', route: '/late/:id', url: '/late/7', status: 499 })
    // The client's clock starts before the connection exists, the server's at the request: 170–199 ms seen here.
    expect(summaries[0]?.durationMs).toBeGreaterThanOrEqual(giveUpMs * 0.5)
    expect(summaries[0]?.durationMs).toBeLessThan(LATE_MS)
    const late = app.handle?.getStats().endpoints.find((e) => e.endpoint === 'GET /late/:id')
    expect(late).toMatchObject({ count: 1, slow: 1, errors: 0 })
    // The handler still answers after LATE_MS, into a closed connection: not a second record.
    await new Promise((resolve) => setTimeout(resolve, LATE_MS + 200))
    expect(summaries).toHaveLength(1)
    expect(app.handle?.getStats().internalErrors).toBe(0)
  })

  it('sees event-loop blocking during a request', async () => {
    const summaries: RequestSummary[] = []
    const app = await startApp(framework, { alerts: false, env: {}, onRequest: (s) => summaries.push(s) })
    running.push(app)
    await observe(`${app.url}/fast`)
    await observe(`${app.url}/block`)
    const blocked = summaries.find((s) => s.url === '/block')
    expect(blocked?.eventLoopBlockedMs).toBeGreaterThanOrEqual(BLOCK_MS * 0.5)
    expect(blocked?.eventLoopBlockedMs).toBeLessThanOrEqual(BLOCK_MS + 1000)
    // Relative, not absolute: on a loaded machine a descheduled process also looks "blocked" to any in-process probe.
    expect(summaries.find((s) => s.url === '/fast')?.eventLoopBlockedMs).toBeLessThan(blocked?.eventLoopBlockedMs ?? 0)
  })

  // The plain node:http app parses no body (its adapter passes none).
  it.skipIf(framework === 'node:http')("puts a slow request's parsed body parameters in its alert, secret ones redacted", async () => {
    const dir = await tempDir()
    const alerts = fileAlerts(dir)
    // Every request is over a 1 µs threshold: the body is read for the alert (and only then).
    const app = await startApp(framework, { thresholdMs: 0.001, alerts, env: {}, keyParams: 'names', profile: false })
    running.push(app)
    const sent = await observe(`${app.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ann', password: 'hunter2' }),
    })
    expect(JSON.parse(sent.body)).toEqual({ user: 'ann', password: 'hunter2' })
    await app.close()
    running.pop()
    await alerts.flush()
    const markdown = (await readdir(dir)).filter((f) => f.endsWith('.md'))
    expect(markdown).toHaveLength(1)
    const text = await readFile(join(dir, markdown[0] as string), 'utf8')
    expect(text).toMatch(/\| Parameters \| user=ann, password=\[redacted\] \|/)
    expect(text).not.toContain('hunter2')
  })

  it('alerts a slow request once, with a CPU profile of the next request of that endpoint', async () => {
    const dir = await tempDir()
    const alerts = fileAlerts(dir)
    const app = await startApp(framework, { thresholdMs: SLOW_MS / 2, alerts, env: {}, keyParams: 'none', profile: { waitMs: 5000 } })
    running.push(app)
    await observe(`${app.url}/slow/1?token=abcdef123456&page=2`)
    await observe(`${app.url}/slow/2`) // profiled
    await observe(`${app.url}/slow/3`) // same key, within the window: no second alert
    await app.close()
    running.pop()
    await alerts.flush()
    const files = await readdir(dir)
    const markdown = files.filter((f) => f.endsWith('.md'))
    expect(markdown).toHaveLength(1)
    const text = await readFile(join(dir, markdown[0] as string), 'utf8')
    expect(text).toMatch(/^# Slow request: GET \/slow\/:id took \d+(\.\d+)? ms \(threshold 40\.0 ms\)/)
    expect(text).toContain('| URL | /slow/1?token=[redacted]&page=2 |')
    expect(text).not.toContain('abcdef123456')
    expect(text).toMatch(/\| CPU profile \| of the next request of this endpoint: \/slow\/2, /)
    const profile = files.find((f) => f.endsWith('.cpuprofile')) as string
    const cpuprofile = JSON.parse(await readFile(join(dir, profile), 'utf8'))
    expect(cpuprofile).toMatchObject({ nodes: expect.any(Array), samples: expect.any(Array), timeDeltas: expect.any(Array) })
    // The slice covers the profiled request (≥ 80 ms at ~1 ms sampling), not the whole recording.
    expect(cpuprofile.samples.length).toBeGreaterThan(10)
    expect((cpuprofile.endTime - cpuprofile.startTime) / 1000).toBeGreaterThanOrEqual(SLOW_MS * 0.9)
    expect((cpuprofile.endTime - cpuprofile.startTime) / 1000).toBeLessThan(SLOW_MS + 2000)
    expect(app.handle?.getStats().profiles).toBe(1)
  })
})
