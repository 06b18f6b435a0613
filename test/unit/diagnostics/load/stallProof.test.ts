import { beforeAll, describe, expect, it } from 'vitest'
import { load } from '../../../../src/diagnostics/load/load.js'
import type { LoadResult } from '../../../../src/diagnostics/load/loadTypes.js'
import { startTestServer } from './testServer.js'

/**
 * The coordinated-omission proof (anchors.md E3, wrk2's lesson): 100 requests/s for 10 s at a local server that
 * holds every response for 1 s once. The ~100 arrivals due during the stall wait 1000 … 0 ms, so analytically the
 * corrected p95 is the 51st-largest of 1000 latencies ≈ 500 ms and the p99 the 11th-largest ≈ 900 ms. A tool timing
 * from the actual send sees only the few requests already on the 10 connections when the stall began.
 */
describe('load(): one 1 s stall at 100 requests/s for 10 s', () => {
  let result: LoadResult
  /** How long the stall held responses, as the server lived it: 1000 ms plus its timers' lateness on a busy machine. */
  let heldMs: number
  /**
   * How long the requests queued on the client during the stall took to reach the server once it answered again:
   * they arrive back to back (gaps of a few ms) until the backlog is gone, then at the 10 ms cadence. ~10 ms on a quiet
   * machine, ~100 ms on a loaded one; a queued request waits its share of it on top of the stall.
   */
  let drainMs: number

  const run = async (): Promise<{ result: LoadResult; heldMs: number; drainMs: number }> => {
    const server = await startTestServer({ stallAtRequest: 300, stallMs: 1000 })
    try {
      const result = await load({ url: `${server.url}/` }, { rate: 100, durationMs: 10_000, record: false })
      const held = server.held
      if (!held) return { result, heldMs: Number.NaN, drainMs: Number.NaN }
      const after = server.requests.map((r) => r.at).filter((at) => at >= held.lastAnsweredAt)
      let end = held.lastAnsweredAt
      for (let i = 0; i < after.length && (i === 0 || (after[i] as number) - (after[i - 1] as number) < 5); i++) end = after[i] as number
      return { result, heldMs: held.lastAnsweredAt - held.startedAt, drainMs: end - held.lastAnsweredAt }
    } finally {
      await server.close()
    }
  }

  beforeAll(async () => {
    ;({ result, heldMs, drainMs } = await run())
    // A machine too busy to start requests on time makes the proof impossible to take, and load() says so itself:
    // try once more before giving up.
    if (result.generator.saturated) ({ result, heldMs, drainMs } = await run())
  }, 60_000)

  /** Skips (visibly) when the generator was saturated twice, after checking that it reported it. */
  const requireHealthyGenerator = (context: { skip: (note?: string) => void }): void => {
    if (!result.generator.saturated) return
    expect(result.inconclusive).toMatch(/^load generator saturated: /)
    context.skip(`machine too busy for the proof: ${result.inconclusive}`)
  }

  it('puts the corrected p95 at ≈ 500 ms and p99 at ≈ 900 ms (±10%) of a 1 s stall', (context) => {
    requireHealthyGenerator(context)
    expect(result.scheduled).toBe(1000)
    expect(result.succeeded).toBe(1000)
    // The stall lasted 1000 ms plus what the server's timers came late (tens of ms on a loaded 2-core machine, seen
    // in CI): the analytic figures follow it. The arrivals 0…held ms into it wait held…0 ms, so the 51st-largest of
    // 1000 latencies is ≈ held − 500 ms and the 11th-largest ≈ held − 100 ms; ±10% of the nominal 500 and 900 ms.
    // The queued requests leave in order once the server answers again: the p95 one (≈ the 50th of ~100 queued) also
    // waits about half the drain, the p99 one (≈ the 10th) a tenth of it.
    const seen = `held ${heldMs} ms, drain ${drainMs} ms, p95 ${result.latency.p95Ms} ms, p99 ${result.latency.p99Ms} ms, late starts ${result.lateStarts}`
    expect(heldMs, seen).toBeGreaterThanOrEqual(995)
    expect(heldMs, seen).toBeLessThan(1200)
    expect(drainMs, seen).toBeLessThan(300)
    expect(result.latency.p95Ms, seen).toBeGreaterThanOrEqual(heldMs - 500 - 50)
    expect(result.latency.p95Ms, seen).toBeLessThanOrEqual(heldMs - 500 + drainMs / 2 + 50)
    expect(result.latency.p99Ms, seen).toBeGreaterThanOrEqual(heldMs - 100 - 90)
    expect(result.latency.p99Ms, seen).toBeLessThanOrEqual(heldMs - 100 + drainMs / 10 + 90)
  })

  it('leaves the uncorrected p95 and p99 near the normal latency, with the stall visible only in its tail', (context) => {
    requireHealthyGenerator(context)
    // Normal latency of a local server is ~1 ms; 50 ms leaves room for a busy 2-core machine.
    expect(result.uncorrectedLatency.p95Ms).toBeLessThan(50)
    expect(result.uncorrectedLatency.p99Ms).toBeLessThan(50)
    expect(result.latency.p99Ms / result.uncorrectedLatency.p99Ms).toBeGreaterThan(15)
    expect(result.uncorrectedLatency.maxMs).toBeGreaterThan(900)
    // The arrivals due during the stall found all 10 connections held and waited for one.
    // One arrival every 10 ms for as long as the stall held (1000 ms plus its timers' lateness), plus the drain.
    expect(result.lateStarts).toBeGreaterThanOrEqual(80)
    expect(result.lateStarts).toBeLessThanOrEqual(Math.ceil(heldMs / 10) + 10)
    expect(result.droppedStarts).toBe(0)
  })
})
