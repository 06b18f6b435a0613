import { describe, expect, it } from 'vitest'
import { judgeSustain } from '../../../../src/diagnostics/load/judgeSustain.js'
import { latency, loadResult, saturated } from './loadResultFixture.js'

describe('judgeSustain()', () => {
  it('passes when p95, p99 and the error rate are all within budget', () => {
    const j = judgeSustain(loadResult(), { p95Ms: 5, p99Ms: 10, maxErrorRate: 0 })
    expect(j.kind).toBe('pass')
    expect(j.checks.map((c) => c.label)).toEqual(['p95', 'p99', 'error rate'])
  })

  it('fails naming every limit that was exceeded', () => {
    const j = judgeSustain(loadResult({ latency: latency(2, { p95Ms: 40, p99Ms: 90 }), errorRate: 0.02 }), {
      p95Ms: 20,
      p99Ms: 50,
      maxErrorRate: 0.01,
    })
    expect(j).toMatchObject({ kind: 'fail', reason: 'p95 40.0 ms > 20.0 ms, p99 90.0 ms > 50.0 ms, error rate 2% > 1%' })
  })

  it('fails when nothing succeeded, even with a lenient error budget', () => {
    const j = judgeSustain(loadResult({ latency: latency(0, { count: 0 }), errorRate: 1 }), { p95Ms: 5, maxErrorRate: 1 })
    expect(j).toMatchObject({ kind: 'fail', reason: expect.stringMatching(/no operation succeeded/) })
  })

  it('keeps a pass from a saturated generator: its lateness only makes latencies look worse', () => {
    expect(judgeSustain(loadResult({ generator: saturated(5, 8) }), { p95Ms: 5, maxErrorRate: 0 }).kind).toBe('pass')
    // One 900 ms hiccup of a busy machine: a few starts late, the rest caught up.
    expect(judgeSustain(loadResult({ generator: saturated(300, 900, 1) }), { p95Ms: 5, maxErrorRate: 0 }).kind).toBe('pass')
  })

  it('is inconclusive when a saturated generator fell behind its schedule for good, so the load was not delivered', () => {
    const j = judgeSustain(loadResult({ generator: saturated(900, 1200, 600) }), { p95Ms: 5, maxErrorRate: 0 })
    expect(j).toMatchObject({ kind: 'inconclusive', reason: expect.stringMatching(/its median start was 600 ms late/) })
  })

  it('is inconclusive when the generator’s lag could explain a latency failure', () => {
    const j = judgeSustain(loadResult({ latency: latency(6), generator: saturated(4) }), { p95Ms: 5, maxErrorRate: 0 })
    expect(j).toMatchObject({
      kind: 'inconclusive',
      reason: expect.stringMatching(/^the load generator was saturated \(scheduler lag p99 4 ms > 2\.00 ms\): p95 6\.00 ms > 5\.00 ms/),
    })
  })

  it('keeps a latency failure that survives discounting the generator’s lag', () => {
    const j = judgeSustain(loadResult({ latency: latency(50), generator: saturated(4) }), { p95Ms: 5, maxErrorRate: 0 })
    expect(j).toMatchObject({ kind: 'fail', reason: expect.stringMatching(/even after discounting the generator's lag p99 of 4\.00 ms/) })
  })

  it('keeps an error-rate failure whatever the generator did', () => {
    expect(judgeSustain(loadResult({ errorRate: 0.5, generator: saturated(4) }), { p95Ms: 5, maxErrorRate: 0.1 }).kind).toBe('fail')
  })

  it('treats any latency failure of a saturated closed-model run as inconclusive (no lag to discount)', () => {
    const closed = loadResult({
      model: 'closed',
      concurrency: 4,
      latency: latency(50),
      generator: { ...saturated(0), reasons: ['event loop busy 97%'] },
    })
    expect(judgeSustain(closed, { p95Ms: 5, maxErrorRate: 0 }).kind).toBe('inconclusive')
  })
})
