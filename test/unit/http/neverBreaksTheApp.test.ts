import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAlertManager } from '../../../src/alerts/alertManager.js'
import type { HttpMonitor } from '../../../src/http/createHttpMonitor.js'
import { startFakeNotifierServer } from '../alerts/fakeNotifierServer.js'
import type { FakeNotifierServer } from '../alerts/fakeNotifierServer.js'
import { FRAMEWORKS, observe, startApp } from './frameworkApps.js'
import type { Framework, Observed, RunningApp } from './frameworkApps.js'

const REQUESTS: Array<[string, RequestInit?]> = [
  ['/fast'],
  ['/slow/7?q=1'],
  ['/error'],
  ['/health'],
  ['/no/such/route'],
  ['/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1,"password":"x"}' }],
]

async function responses(app: RunningApp): Promise<Observed[]> {
  const seen: Observed[] = []
  for (const [path, init] of REQUESTS) seen.push(await observe(app.url + path, init))
  return seen
}

/** A port nothing listens on: the "notifier server down" case. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A monitor whose every method throws: the adapters must contain it. */
const throwingMonitor: HttpMonitor = {
  enabled: true,
  statsPath: false,
  begin: () => {
    throw new Error('begin exploded')
  },
  end: () => {
    throw new Error('end exploded')
  },
  fault: () => undefined,
  getStats: () => {
    throw new Error('stats exploded')
  },
  statsJson: () => '{}',
  flush: async () => undefined,
  close: async () => undefined,
}

const problems: unknown[] = []
const onProblem = (error: unknown): void => void problems.push(error)
let hanging: FakeNotifierServer
beforeAll(async () => {
  process.on('unhandledRejection', onProblem)
  process.on('uncaughtException', onProblem)
  hanging = await startFakeNotifierServer('webhook')
  hanging.script(...Array.from({ length: 200 }, () => 'hang' as const))
})
afterAll(async () => {
  process.off('unhandledRejection', onProblem)
  process.off('uncaughtException', onProblem)
  await hanging.close()
})
const running: RunningApp[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()))
})

describe.each(FRAMEWORKS)('%s: responses are exactly as without the monitor', (framework: Framework) => {
  it('when every request is slow and every notifier fails (disk full, server down, server hanging) and onRequest throws', async () => {
    const reference = await startApp(framework, undefined)
    running.push(reference)
    const expected = await responses(reference)
    const logs: string[] = []
    const port = await closedPort()
    const alerts = createAlertManager(
      {
        stateDir: '/dev/full/state',
        timeoutMs: 200,
        retries: 1,
        minIntervalMs: 0,
        notifiers: [
          { type: 'file', dir: '/dev/full/alerts' },
          { type: 'webhook', url: `http://127.0.0.1:${port}/down` },
          { type: 'slack', webhookUrl: `${hanging.url}/services/hang` },
        ],
      },
      { log: (line) => logs.push(line) },
    )
    const monitored = await startApp(framework, {
      thresholdMs: 0.001,
      alerts,
      env: {},
      log: (line) => logs.push(line),
      profile: { waitMs: 100 },
      onRequest: () => {
        throw new Error('onRequest exploded')
      },
    })
    running.push(monitored)
    expect(await responses(monitored)).toEqual(expected)
    await monitored.close()
    running.pop()
    await alerts.close(2000)
    expect(logs.filter((l) => l.includes('onRequest exploded'))).toHaveLength(1)
    expect(logs.some((l) => l.includes('/dev/full/alerts'))).toBe(true)
    expect(alerts.stats().sent).toBeGreaterThan(0)
    expect(problems).toEqual([])
  })

  it('when the monitor itself throws on every call', async () => {
    const reference = await startApp(framework, undefined)
    running.push(reference)
    const expected = await responses(reference)
    const monitored = await startApp(framework, { monitor: throwingMonitor })
    running.push(monitored)
    expect(await responses(monitored)).toEqual(expected)
    expect(problems).toEqual([])
  })
})
