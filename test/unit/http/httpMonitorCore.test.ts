import { afterEach, describe, expect, it } from 'vitest'
import { createHttpMonitor } from '../../../src/http/createHttpMonitor.js'
import { PerfSentinelError } from '../../../src/errors.js'
import { observe, startApp } from './frameworkApps.js'
import type { RunningApp } from './frameworkApps.js'

const running: RunningApp[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()))
})

function configError(run: () => unknown): PerfSentinelError {
  try {
    run()
  } catch (error) {
    if (error instanceof PerfSentinelError) return error
    throw error
  }
  throw new Error('expected an E_CONFIG error')
}

describe('createHttpMonitor(): options', () => {
  it('rejects a bad value naming the key, the value and what is accepted', () => {
    const error = configError(() => createHttpMonitor({ thresholdMs: -5 }, 'expressMonitor()'))
    expect(error.code).toBe('E_CONFIG')
    expect(error.problem).toBe('expressMonitor(): option "thresholdMs" is -5')
    expect(error.fix).toBe('"thresholdMs" must be a positive number of milliseconds')
    expect(configError(() => createHttpMonitor({ sampleRate: 2 } as never)).fix).toBe('"sampleRate" must be a number from 0 to 1')
    expect(configError(() => createHttpMonitor({ treshold: 5 } as never)).problem).toContain('unknown option "treshold" (value 5)')
    expect(configError(() => createHttpMonitor({ profile: { maxPerHour: 1.5 } })).problem).toContain('option "profile.maxPerHour" is 1.5')
  })

  it('names the accepted values for union options, nested keys, missing keys and arrays (not valibot internals)', () => {
    const fail = (options: unknown): string => {
      const error = configError(() => createHttpMonitor({ env: {}, ...(options as object) }, 'expressMonitor()'))
      return `${error.problem} | ${error.fix}`
    }
    expect(fail({ statsPath: 'perf' })).toBe(
      `expressMonitor(): option "statsPath" is "perf" | "statsPath" must be a path starting with '/', or false`,
    )
    expect(fail({ profile: { waitMs: 'x' } })).toBe(
      'expressMonitor(): option "profile.waitMs" is "x" | "profile.waitMs" must be a positive number of milliseconds',
    )
    expect(fail({ profile: { bogus: 1 } })).toBe(
      'expressMonitor(): unknown option "profile.bogus" (value 1) | use one of: maxPerHour, samplingIntervalUs, waitMs',
    )
    expect(fail({ alerts: { notifiers: [{ type: 'file' }] } })).toBe(
      'alerts: option "alerts.notifiers[0].dir" is missing | "alerts.notifiers[0].dir" is required here',
    )
    expect(fail({ thresholds: [] })).toBe(
      `expressMonitor(): option "thresholds" is an array | "thresholds" must be an object of route → ms, e.g. { 'GET /reports/:id': 5000 }`,
    )
  })

  it('rejects a bad environment value naming the variable', () => {
    const error = configError(() => createHttpMonitor({ env: { PERF_SENTINEL_HTTP_THRESHOLD_MS: 'fast' } }, 'httpMonitor()'))
    expect(error.problem).toBe('httpMonitor(), environment variable PERF_SENTINEL_HTTP_THRESHOLD_MS="fast": option "thresholdMs" is "fast"')
    // A list with no pattern in it is a mistake, not "every path".
    const empty = configError(() => createHttpMonitor({ env: { PERF_SENTINEL_HTTP_INCLUDE: ' , ' } }, 'httpMonitor()'))
    expect(`${empty.problem} | ${empty.fix}`).toBe(
      'httpMonitor(), environment variable PERF_SENTINEL_HTTP_INCLUDE=",": option "include[0]" is "" | "include[0]" must be non-empty glob strings',
    )
  })

  it('checks alert options at start-up also when no notifier is configured yet', () => {
    const error = configError(() => createHttpMonitor({ env: {}, alerts: { windowDays: -1 } }, 'httpMonitor()'))
    expect(error.problem).toBe('alerts: option "alerts.windowDays" is -1')
    expect(createHttpMonitor({ env: {}, alerts: { windowDays: 3 } }).getStats().alerts).toBeUndefined()
  })

  it('lets the environment switch monitoring off and override the threshold', () => {
    expect(createHttpMonitor({ env: { PERF_SENTINEL_HTTP_ENABLED: '0' } }).enabled).toBe(false)
    const monitor = createHttpMonitor({ thresholdMs: 5000, env: { PERF_SENTINEL_HTTP_THRESHOLD_MS: '250' } })
    const timing = monitor.begin('GET', '/x')
    if (timing) monitor.end(timing, 200, '/x')
    expect(monitor.getStats().endpoints[0]?.thresholdMs).toBe(250)
  })

  it('builds alert notifiers from PERF_SENTINEL_ALERT_DIR and validates them at start-up', () => {
    expect(
      createHttpMonitor({ env: { PERF_SENTINEL_ALERT_DIR: '/tmp/x', PERF_SENTINEL_ALERT_STATE_DIR: 'false' } }).getStats().alerts,
    ).toMatchObject({ sent: 0 })
    expect(configError(() => createHttpMonitor({ env: { PERF_SENTINEL_WEBHOOK_URL: 'nope' } })).problem).toContain(
      'option "alerts.notifiers[0].url" is "nope"',
    )
  })
})

describe('createHttpMonitor(): what is measured', () => {
  const record = (monitor: ReturnType<typeof createHttpMonitor>, method: string, url: string, status = 200, route?: string): void => {
    const timing = monitor.begin(method, url)
    if (timing) monitor.end(timing, status, route)
  }

  it('caps endpoint keys: past maxEndpoints, requests count under METHOD __other__', () => {
    const monitor = createHttpMonitor({ maxEndpoints: 5, alerts: false, env: {} })
    for (let i = 0; i < 1000; i++) record(monitor, 'GET', `/page-${i.toString(36)}x/view`)
    const stats = monitor.getStats()
    expect(stats.endpoints).toHaveLength(6)
    expect(stats.endpoints.find((e) => e.route === '__other__')?.count).toBe(995)
    expect(stats.overflowedRequests).toBe(995)
  })

  it('normalises ids in paths without a template and files 404s under (unmatched)', () => {
    const monitor = createHttpMonitor({ alerts: false, env: {} })
    record(monitor, 'GET', '/users/42?x=1')
    record(monitor, 'GET', '/users/43')
    record(monitor, 'GET', '/wp-admin/setup.php', 404)
    record(monitor, 'POST', '/users/42', 201, '/users/:userId')
    expect(monitor.getStats().endpoints.map((e) => [e.endpoint, e.count])).toEqual([
      ['GET /users/:id', 2],
      ['GET (unmatched)', 1],
      ['POST /users/:userId', 1],
    ])
  })

  it('applies include/exclude globs, with or without a method', () => {
    const monitor = createHttpMonitor({ include: ['/api/**'], exclude: ['/api/health', 'DELETE /api/**'], alerts: false, env: {} })
    expect(monitor.begin('GET', '/api/users')).toBeDefined()
    expect(monitor.begin('GET', '/api/health?full=1')).toBeUndefined()
    expect(monitor.begin('DELETE', '/api/users/1')).toBeUndefined()
    expect(monitor.begin('GET', '/static/app.js')).toBeUndefined()
  })

  it('times nothing when disabled or when the sample rate is 0', () => {
    expect(createHttpMonitor({ enabled: false, env: {} }).begin('GET', '/')).toBeUndefined()
    expect(createHttpMonitor({ sampleRate: 0, alerts: false, env: {} }).begin('GET', '/')).toBeUndefined()
  })

  it('resolves per-route thresholds by template or glob, with or without a method', () => {
    const monitor = createHttpMonitor({
      thresholdMs: 1000,
      thresholds: { 'GET /reports/:id': 5000, '/export/**': 9000 },
      alerts: false,
      env: {},
    })
    record(monitor, 'GET', '/reports/1', 200, '/reports/:id')
    record(monitor, 'POST', '/export/a/b', 200, '/export/a/b')
    record(monitor, 'GET', '/other', 200, '/other')
    expect(monitor.getStats().endpoints.map((e) => e.thresholdMs)).toEqual([5000, 9000, 1000])
  })
})

describe('stats endpoint', () => {
  it.each(['node:http', 'express5', 'fastify5', 'koa'] as const)('%s serves getStats() as JSON at statsPath', async (framework) => {
    const app = await startApp(framework, { statsPath: '/__perf', alerts: false, env: {} })
    running.push(app)
    await observe(`${app.url}/fast`)
    const response = await observe(`${app.url}/__perf`)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    const stats = JSON.parse(response.body)
    expect(stats.endpoints.find((e: { endpoint: string }) => e.endpoint === 'GET /fast')).toMatchObject({ count: 1, errors: 0 })
  })
})
