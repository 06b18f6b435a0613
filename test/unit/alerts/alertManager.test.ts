import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAlertManager } from '../../../src/alerts/alertManager.js'
import type { AlertManagerIo } from '../../../src/alerts/alertManager.js'
import type { AlertOptions } from '../../../src/alerts/alertOptions.js'
import { slowAlert, tempDir } from './alertFixtures.js'
import { DAY_MS, fakeClock, startFakeNotifierServer } from './fakeNotifierServer.js'
import type { FakeClock, FakeNotifierServer } from './fakeNotifierServer.js'

const servers: FakeNotifierServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function webhookServer(): Promise<FakeNotifierServer> {
  const server = await startFakeNotifierServer('webhook')
  servers.push(server)
  return server
}

function io(clock: FakeClock, logs: string[] = []): AlertManagerIo {
  return { now: clock.now, sleep: clock.sleep, random: () => 0.5, log: (line) => logs.push(line) }
}

function slackOptions(server: FakeNotifierServer, stateDir: string | false, extra: AlertOptions = {}): AlertOptions {
  return {
    notifiers: [{ type: 'slack', webhookUrl: `${server.url}/services/T000/B000/secretwebhooktoken` }],
    stateDir,
    timeoutMs: 2000,
    ...extra,
  }
}

describe('createAlertManager(): de-duplication window', () => {
  it('delivers one alert per key in 10 days, then again after the window', async () => {
    const server = await webhookServer()
    const clock = fakeClock()
    const manager = createAlertManager(slackOptions(server, await tempDir()), io(clock))
    for (const day of [0, 0, 1, 5, 9.9]) {
      clock.advance(day * DAY_MS - (clock.now() - Date.parse('2026-11-01T00:00:00Z')))
      manager.notify(slowAlert())
      await manager.flush()
    }
    expect(server.delivered()).toHaveLength(1)
    clock.advance(0.2 * DAY_MS) // day 10.1
    manager.notify(slowAlert())
    await manager.flush()
    expect(server.delivered()).toHaveLength(2)
    expect(manager.stats()).toMatchObject({ sent: 2, suppressed: 4, delivered: 2 })
    await manager.close()
  })

  it('sends a repeat inside the window when it is twice as bad, and not when it is only worse', async () => {
    const server = await webhookServer()
    const clock = fakeClock()
    const manager = createAlertManager(slackOptions(server, false), io(clock))
    manager.notify(slowAlert('/a', 1000))
    await manager.flush()
    clock.advance(DAY_MS)
    manager.notify(slowAlert('/a', 1900))
    await manager.flush()
    expect(server.delivered()).toHaveLength(1)
    manager.notify(slowAlert('/a', 2000))
    await manager.flush()
    expect(server.delivered()).toHaveLength(2)
    await manager.close()
  })

  it('keeps the window across a restart (state on disk), counts what wouldSend() turns away, and delivers different keys separately', async () => {
    const server = await webhookServer()
    const clock = fakeClock()
    const dir = await tempDir()
    const first = createAlertManager(slackOptions(server, dir), io(clock))
    first.notify(slowAlert('/a'))
    first.notify(slowAlert('/b'))
    await first.close()
    clock.advance(3 * DAY_MS)
    const second = createAlertManager(slackOptions(server, dir), io(clock))
    // The state file loads in the background: until then the in-memory answer is "send". A "no" from it counts as
    // suppressed (the HTTP monitor drops the alert then), a "yes" does not.
    const { key, severity } = slowAlert('/a')
    for (let i = 0; i < 500 && second.wouldSend(key, severity); i++) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(second.stats()).toMatchObject({ sent: 0, suppressed: 1 })
    expect(second.wouldSend(slowAlert('/c').key, severity)).toBe(true)
    expect(second.stats().suppressed).toBe(1)
    second.notify(slowAlert('/a'))
    second.notify(slowAlert('/c'))
    await second.close()
    // Which of /a and /b goes out first is the delivery queue's business (a drain of the outbox may pass one ahead).
    expect(
      server
        .delivered()
        .map((r) => JSON.parse(r.body).text.split('\n')[0])
        .sort(),
    ).toEqual([
      '*perf-sentinel: Slow request: GET /a took 1500 ms*',
      '*perf-sentinel: Slow request: GET /b took 1500 ms*',
      '*perf-sentinel: Slow request: GET /c took 1500 ms*',
    ])
  })

  it('delivers exactly once when two managers (two processes) alert the same key at once', async () => {
    const server = await webhookServer()
    const dir = await tempDir()
    const managers = [0, 1, 2].map(() => createAlertManager(slackOptions(server, dir, { minIntervalMs: 0 }), { log: () => undefined }))
    for (const m of managers) m.notify(slowAlert('/same'))
    await Promise.all(managers.map((m) => m.close()))
    expect(server.delivered()).toHaveLength(1)
  })
})

describe('createAlertManager(): retries', () => {
  it('honours Retry-After on a 429 and delivers once', async () => {
    const server = await webhookServer()
    server.script({ status: 429, headers: { 'retry-after': '7' } })
    const clock = fakeClock()
    const manager = createAlertManager(slackOptions(server, await tempDir()), io(clock))
    manager.notify(slowAlert())
    await manager.flush()
    expect(server.received.map((r) => r.answered)).toEqual([429, 200])
    expect(clock.sleeps).toContain(7000)
    await manager.close()
  })

  it('retries a 500 and delivers on the next attempt, with a backoff between 0.5 and 1 s', async () => {
    const server = await webhookServer()
    server.script({ status: 500 })
    const clock = fakeClock()
    const manager = createAlertManager(slackOptions(server, await tempDir()), { ...io(clock), random: Math.random })
    manager.notify(slowAlert())
    await manager.flush()
    expect(server.received.map((r) => r.answered)).toEqual([500, 200])
    const backoff = clock.sleeps.find((ms) => ms >= 500) ?? 0
    expect(backoff).toBeGreaterThanOrEqual(500)
    expect(backoff).toBeLessThanOrEqual(1000)
    await manager.close()
  })

  it('loses nothing after 3 transient failures (500, 429, 503): the 4th attempt delivers', async () => {
    const server = await webhookServer()
    server.script({ status: 500 }, { status: 429 }, { status: 503 })
    const clock = fakeClock()
    const manager = createAlertManager(slackOptions(server, await tempDir()), io(clock))
    manager.notify(slowAlert())
    await manager.flush()
    expect(server.received.map((r) => r.answered)).toEqual([500, 429, 503, 200])
    expect(manager.stats()).toMatchObject({ delivered: 1, failed: 0, deferred: 0 })
    await manager.close()
  })

  it('times out a hanging server and delivers on retry', async () => {
    const server = await webhookServer()
    server.script('hang')
    const clock = fakeClock()
    const started = performance.now()
    const manager = createAlertManager(slackOptions(server, await tempDir(), { timeoutMs: 150 }), io(clock))
    manager.notify(slowAlert())
    await manager.flush()
    expect(server.received.map((r) => r.answered)).toEqual(['hang', 200])
    expect(performance.now() - started).toBeLessThan(2000)
    await manager.close()
  })

  it('keeps an alert in the outbox through a longer outage and delivers it once, later', async () => {
    const server = await webhookServer()
    server.script({ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 }, { status: 502 })
    const clock = fakeClock()
    const dir = await tempDir()
    const logs: string[] = []
    const manager = createAlertManager(slackOptions(server, dir), io(clock, logs))
    manager.notify(slowAlert())
    await manager.flush()
    expect(server.delivered()).toHaveLength(0)
    expect(await readdir(join(dir, 'outbox'))).toHaveLength(1)
    expect(logs.join('\n')).toMatch(/unavailable \(HTTP 502.*waits in the outbox/)
    await manager.flush() // not due yet: nothing is sent
    expect(server.received).toHaveLength(4)
    clock.advance(60_000)
    await manager.flush()
    expect(server.delivered()).toHaveLength(1)
    expect(await readdir(join(dir, 'outbox'))).toEqual([])
    await manager.close()
  })

  it('drops an alert a notifier refuses (400) after one attempt and logs the reason once', async () => {
    const server = await webhookServer()
    server.script({ status: 400 }, { status: 400 })
    const logs: string[] = []
    const manager = createAlertManager(slackOptions(server, false), io(fakeClock(), logs))
    manager.notify(slowAlert('/x'))
    manager.notify(slowAlert('/y'))
    await manager.flush()
    expect(server.received).toHaveLength(2)
    expect(logs.filter((l) => l.includes('HTTP 400'))).toHaveLength(1)
    expect(manager.stats().failed).toBe(2)
    await manager.close()
  })
})

describe('createAlertManager(): restarts mid-retry', () => {
  it('delivers exactly once when the process dies mid-retry and a new one takes the outbox over', async () => {
    const server = await webhookServer()
    server.script({ status: 500 })
    const clock = fakeClock()
    const dir = await tempDir()
    // Process A: its first attempt fails, then it "dies" during the backoff (the sleep never ends).
    let resumeA: () => void = () => undefined
    const dying = createAlertManager(slackOptions(server, dir), {
      ...io(clock),
      sleep: () => new Promise<void>((resolve) => (resumeA = resolve)),
    })
    dying.notify(slowAlert())
    await server.waitFor(1)
    // Process B starts while A's lease still holds: it must not deliver yet.
    const restarted = createAlertManager(slackOptions(server, dir), io(clock))
    restarted.notify(slowAlert()) // the same key: already claimed by A, so suppressed
    await restarted.flush()
    expect(server.received).toHaveLength(1)
    clock.advance(10 * 60_000) // A's lease has run out
    await restarted.flush()
    expect(server.delivered()).toHaveLength(1)
    // A wakes up after all (it was only frozen): it sees the delivery is no longer its own and sends nothing.
    resumeA()
    await dying.flush()
    expect(server.delivered()).toHaveLength(1)
    expect(await readdir(join(dir, 'outbox'))).toEqual([])
    await restarted.close()
  })

  it('puts a delivery interrupted by close() back in the outbox for the next process', async () => {
    const server = await webhookServer()
    server.script('hang')
    const dir = await tempDir()
    const first = createAlertManager(slackOptions(server, dir, { timeoutMs: 5000 }), { log: () => undefined })
    first.notify(slowAlert())
    await server.waitFor(1)
    await first.close(50)
    const second = createAlertManager(slackOptions(server, dir), { log: () => undefined })
    await second.flush()
    expect(server.delivered()).toHaveLength(1)
    await second.close()
  })
})

describe('createAlertManager(): channels, queue and secrets', () => {
  it('spaces messages to one channel by at least minIntervalMs', async () => {
    const server = await webhookServer()
    const clock = fakeClock()
    const manager = createAlertManager(slackOptions(server, false), io(clock))
    for (const route of ['/a', '/b', '/c']) manager.notify(slowAlert(route))
    await manager.flush()
    expect(server.delivered()).toHaveLength(3)
    expect(clock.sleeps.filter((ms) => ms === 1000)).toHaveLength(2)
    await manager.close()
  })

  it('drops alerts beyond maxQueue and says so once', async () => {
    const server = await webhookServer()
    const logs: string[] = []
    const manager = createAlertManager(slackOptions(server, false, { maxQueue: 2, minIntervalMs: 0 }), io(fakeClock(), logs))
    for (let i = 0; i < 5; i++) manager.notify(slowAlert(`/r${i}`))
    await manager.flush()
    expect(manager.stats().dropped).toBeGreaterThanOrEqual(2)
    expect(logs.filter((l) => l.includes('dropped'))).toHaveLength(1)
    await manager.close()
  })

  it('never logs the webhook URL or its token', async () => {
    const server = await webhookServer()
    server.script({ status: 404 })
    const logs: string[] = []
    const manager = createAlertManager(slackOptions(server, false), io(fakeClock(), logs))
    manager.notify(slowAlert())
    await manager.flush()
    expect(logs.length).toBeGreaterThan(0)
    expect(logs.join('\n')).not.toContain('secretwebhooktoken')
    expect(logs.join('\n')).toContain(`slack (${server.url}/***)`)
    await manager.close()
  })

  it('treats a custom notifier that throws as a transient failure and never throws from notify()', async () => {
    let calls = 0
    const manager = createAlertManager(
      {
        stateDir: false,
        notifiers: [
          {
            id: 'custom',
            send: async () => {
              calls++
              if (calls < 3) throw new Error('boom')
            },
          },
        ],
      },
      io(fakeClock()),
    )
    expect(() => manager.notify(slowAlert())).not.toThrow()
    await manager.flush()
    expect(calls).toBe(3)
    expect(manager.stats().delivered).toBe(1)
    await manager.close()
  })
})
