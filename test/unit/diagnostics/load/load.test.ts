import { afterEach, describe, expect, it, vi } from 'vitest'
import { load } from '../../../../src/diagnostics/load/load.js'
import type { PendingRecord } from '../../../../src/record/recorder.js'
import { installRecorder } from '../../../../src/record/recorder.js'
import type { TestServer } from './testServer.js'
import { startTestServer } from './testServer.js'

const RECORDER_KEY = Symbol.for('perf-sentinel.recorder')
let server: TestServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
  delete (globalThis as Record<symbol, unknown>)[RECORDER_KEY]
  vi.useRealTimers()
})

describe('load() with a function target', () => {
  it('starts every scheduled operation in the open model and reports percentiles and throughput', async () => {
    let calls = 0
    const result = await load(
      async () => {
        calls++
        await new Promise((resolve) => setTimeout(resolve, 2))
      },
      { rate: 200, durationMs: 500, record: false },
    )
    expect(result.model).toBe('open')
    expect(result.target).toBe('function')
    expect(result.scheduled).toBe(100)
    expect(calls).toBe(100)
    expect(result.succeeded).toBe(100)
    expect(result.errorRate).toBe(0)
    expect(result.latency.count).toBe(100)
    // A 2 ms timer takes 2 ms or a little more; the corrected latency adds the scheduler's own lateness.
    expect(result.uncorrectedLatency.p50Ms).toBeGreaterThanOrEqual(1.9)
    expect(result.latency.p50Ms).toBeGreaterThanOrEqual(result.uncorrectedLatency.p50Ms - 0.01)
    expect(result.latency.p999Ms).toBeGreaterThanOrEqual(result.latency.p99Ms)
    expect(result.throughputPerSecond).toBeGreaterThan(150)
    expect(result.throughputPerSecond).toBeLessThan(260)
    expect(result.timeline.reduce((sum, b) => sum + b.completed, 0)).toBe(100)
    expect(result.samplesMs).toHaveLength(100)
  })

  it('classifies thrown, rejected and timed-out operations', async () => {
    let i = 0
    const result = await load(
      () => {
        const k = i++ % 4
        if (k === 0) throw new Error('sync')
        if (k === 1) return Promise.reject(new Error('async'))
        if (k === 2) return new Promise(() => {})
        return 42
      },
      { rate: 400, requests: 40, timeoutMs: 50, record: false },
    )
    expect(result.errorsByClass).toEqual({ thrown: 10, rejected: 10, 'non-2xx': 0, timeout: 10, network: 0 })
    expect(result.errors).toBe(30)
    expect(result.succeeded).toBe(10)
    expect(result.errorRate).toBeCloseTo(0.75, 9)
    // Only successes have a latency.
    expect(result.latency.count).toBe(10)
  })

  it('runs the closed model with `concurrency` callers and exactly `requests` operations', async () => {
    let inFlight = 0
    let peak = 0
    const result = await load(
      async () => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 1))
        inFlight--
      },
      { concurrency: 4, requests: 60, record: false },
    )
    expect(result.model).toBe('closed')
    expect(result.concurrency).toBe(4)
    expect(result.scheduled).toBe(60)
    expect(result.succeeded).toBe(60)
    expect(peak).toBe(4)
    // No intended times in a closed loop: both figures are the same measurement.
    expect(result.latency).toEqual(result.uncorrectedLatency)
  })

  it('runs a synchronous target in the closed model for a duration without starving the event loop', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 5)
    const result = await load(() => Math.sqrt(Math.random()), { concurrency: 1, durationMs: 200, record: false })
    clearInterval(timer)
    expect(result.succeeded).toBeGreaterThan(1000)
    expect(result.elapsedMs).toBeGreaterThanOrEqual(195)
    expect(ticks).toBeGreaterThan(5)
  })

  it('keeps real time under fake timers', async () => {
    vi.useFakeTimers()
    const result = await load(() => 1, { rate: 100, requests: 5, record: false })
    expect(result.succeeded).toBe(5)
    expect(result.elapsedMs).toBeGreaterThanOrEqual(35)
  })

  it('makes starts that find every connection busy wait, counts them late, and includes the wait in the corrected latency', async () => {
    const result = await load(() => new Promise((resolve) => setTimeout(resolve, 30)), {
      rate: 200,
      requests: 20,
      connections: 1,
      record: false,
    })
    expect(result.succeeded).toBe(20)
    expect(result.lateStarts).toBeGreaterThanOrEqual(15)
    // One at a time, 30 ms each: the last one waited ~19 × 30 − 19 × 5 ms.
    expect(result.latency.maxMs).toBeGreaterThan(400)
    expect(result.uncorrectedLatency.maxMs).toBeLessThan(200)
  })

  it('records the result as a measurement with its load figures', async () => {
    const records: PendingRecord[] = []
    installRecorder({ record: (r) => records.push(r) })
    await load(() => 1, { rate: 100, requests: 10, name: 'noop under load' })
    expect(records).toHaveLength(1)
    const [record] = records
    expect(record?.name).toBe('noop under load')
    expect(record?.kind).toBe('measure')
    expect(record?.result.n).toBe(10)
    expect(record?.result.p95Ms).toBe(record?.load?.latency.p95Ms)
    expect(record?.result.samplesMs).toHaveLength(10)
    expect(record?.load?.scheduled).toBe(10)
    expect(record?.load && 'samplesMs' in record.load).toBe(false)
  })

  it('rejects a missing model or end with the fix', async () => {
    await expect(load(() => 1, { durationMs: 100 })).rejects.toThrow(/exactly one of "rate" \(open model\) and "concurrency"/)
    await expect(load(() => 1, { rate: 10 })).rejects.toThrow(/exactly one of "durationMs" and "requests"/)
    await expect(load(() => 1, { rate: 10, requests: 1, rat: 3 } as never)).rejects.toThrow(
      /unknown option "rat"[\s\S]*Fix: use one of: rate, concurrency/,
    )
    await expect(load(42 as never, { rate: 10, requests: 1 })).rejects.toThrow(/the target must be a function or \{ url/)
    await expect(load(() => 1, { concurrency: 2, connections: 3, requests: 1 })).rejects.toThrow(/"connections" applies to the open model/)
  })
})

describe('load() with an HTTP target', () => {
  it('sends the request with its method, JSON body and headers, and counts non-2xx responses as errors', async () => {
    server = await startTestServer()
    const ok = await load({ url: `${server.url}/items`, method: 'post', body: { a: 1 } }, { rate: 100, requests: 10, record: false })
    expect(ok.target).toBe('http')
    expect(ok.succeeded).toBe(10)
    expect(server.requests[0]).toEqual({
      method: 'POST',
      url: '/items',
      body: '{"a":1}',
      contentType: 'application/json',
      at: expect.any(Number),
    })
    const failing = await load({ url: `${server.url}/?status=503` }, { rate: 100, requests: 10, record: false })
    expect(failing.errorsByClass['non-2xx']).toBe(10)
    expect(failing.errorRate).toBe(1)
  })

  it('aborts a request that outlives the timeout and counts it as a timeout', async () => {
    server = await startTestServer()
    const result = await load({ url: `${server.url}/slow?ms=500` }, { rate: 50, requests: 3, timeoutMs: 50, record: false })
    expect(result.errorsByClass.timeout).toBe(3)
    expect(result.elapsedMs).toBeLessThan(400)
  })

  it('counts a refused connection as a network error', async () => {
    server = await startTestServer()
    const url = server.url
    await server.close()
    server = undefined
    const result = await load({ url }, { rate: 100, requests: 3, record: false })
    expect(result.errorsByClass.network).toBe(3)
  })

  it('rejects a URL that is not http(s) with the fix', async () => {
    await expect(load({ url: 'ftp://127.0.0.1/' }, { rate: 1, requests: 1 })).rejects.toThrow(/must be http: or https:[\s\S]*Fix:/)
  })
})
