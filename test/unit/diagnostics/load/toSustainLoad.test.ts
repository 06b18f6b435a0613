import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MatcherContextLike } from '../../../../matchers/timingMatcher.js'
import { toSustainLoad } from '../../../../matchers/toSustainLoad.js'
import type { PendingRecord } from '../../../../src/record/recorder.js'
import { installRecorder } from '../../../../src/record/recorder.js'

const RECORDER_KEY = Symbol.for('perf-sentinel.recorder')

function context(isNot = false): MatcherContextLike {
  return {
    isNot,
    promise: '',
    utils: {
      matcherHint: (name: string, received = 'received', expected = '', o: Record<string, unknown> = {}) =>
        `expect(${received})${o.isNot ? '.not' : ''}${name}(${expected})`,
      printReceived: String,
      printExpected: String,
    },
  }
}

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[RECORDER_KEY]
  vi.restoreAllMocks()
})

describe('toSustainLoad()', () => {
  it('passes when a fast target meets the budget, and records the run with its budget and load figures', async () => {
    const records: PendingRecord[] = []
    installRecorder({ record: (r) => records.push(r) })
    const result = await toSustainLoad.call(context(), () => 1, { rate: 200, requests: 40, p95Ms: 50 })
    expect(result.pass).toBe(true)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({
      name: 'toSustainLoad',
      autoName: true,
      kind: 'matcher',
      budget: { matcher: 'toSustainLoad', statistic: 'p95Ms', limit: 50, withinBudget: true },
    })
    expect(records[0]?.load?.scheduled).toBe(40)
  })

  it('fails with the limits, the corrected and uncorrected percentiles and the throughput', async () => {
    const slow = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20))
    const result = await toSustainLoad.call(context(), slow, { rate: 100, requests: 20, p95Ms: 1, p99Ms: 2, name: 'slow route' })
    expect(result.pass).toBe(false)
    const message = result.message()
    expect(message).toMatch(/^expect\(received\)\.toSustainLoad\(options\)/)
    expect(message).toMatch(
      /Expected: p95 ≤ 1\.00 ms, p99 ≤ 2\.00 ms, error rate ≤ 0% \(100\/s, open model, 10 connections, 20 operations\)/,
    )
    expect(message).toMatch(/Received: p95 [\d.]+ ms ✗, p99 [\d.]+ ms ✗, error rate 0% ✓/)
    expect(message).toMatch(/Latency \(corrected for coordinated omission: from the intended start\):\n {2}p50 .* p99\.9 .* max/)
    expect(message).toMatch(/Uncorrected \(from the actual send\): p50/)
    expect(message).toMatch(/Throughput [\d.]+ ops\/s · 20 succeeded · errors: none · \d+ late starts · 0 dropped/)
  })

  it('counts errors by class against maxErrorRate', async () => {
    let i = 0
    const flaky = (): number => {
      if (i++ % 2 === 0) throw new Error('boom')
      return 1
    }
    const result = await toSustainLoad.call(context(), flaky, { rate: 200, requests: 20, p95Ms: 100, maxErrorRate: 0.1 })
    expect(result.pass).toBe(false)
    expect(result.message()).toMatch(/Failed: error rate 50% > 10%/)
    expect(result.message()).toMatch(/errors: 10 thrown/)
  })

  it('runs the closed model with `concurrency`', async () => {
    const result = await toSustainLoad.call(context(), async () => 1, { concurrency: 2, requests: 50, p95Ms: 100 })
    expect(result.pass).toBe(true)
  })

  it('neither passes nor fails when a saturated generator could explain the failure: it warns instead', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const records: PendingRecord[] = []
    installRecorder({ record: (r) => records.push(r) })
    // A synchronous 2 ms target in a closed loop keeps the generator's own thread ~100% busy.
    const busy = (): void => {
      const end = performance.now() + 2
      while (performance.now() < end) {}
    }
    for (const isNot of [false, true]) {
      const result = await toSustainLoad.call(context(isNot), busy, { concurrency: 1, durationMs: 150, p95Ms: 0.5 })
      expect(result.pass).toBe(!isNot)
      expect(result.message()).toMatch(/Inconclusive: the load generator was saturated \(event loop busy \d+% of the run/)
    }
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^perf-sentinel: toSustainLoad is inconclusive \(neither passed nor failed\)/))
    // Recorded for the report, without a budget outcome (it is neither met nor missed).
    expect(records[0]?.budget).toBeUndefined()
    expect(records[0]?.load?.inconclusive).toMatch(/^load generator saturated/)
  })

  it('rejects a bad budget or option before running anything', () => {
    let calls = 0
    const target = (): void => {
      calls++
    }
    expect(() => toSustainLoad.call(context(), target, { rate: 10, requests: 5, p95Ms: -1 })).toThrow(
      /option "p95Ms" must be a finite number of milliseconds ≥ 0, received -1/,
    )
    expect(() => toSustainLoad.call(context(), target, { rate: 10, requests: 5, p95Ms: 1, maxErrorRate: 5 })).toThrow(
      /option "maxErrorRate" must be a rate from 0 to 1/,
    )
    expect(() => toSustainLoad.call(context(), target, { rate: 10, p95Ms: 1 } as never)).toThrow(
      /exactly one of "durationMs" and "requests"/,
    )
    expect(() => toSustainLoad.call(context(), 42, { rate: 10, requests: 5, p95Ms: 1 })).toThrow(
      /the received value must be a function or \{ url/,
    )
    expect(calls).toBe(0)
  })
})
