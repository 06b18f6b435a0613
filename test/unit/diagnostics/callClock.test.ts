import { describe, expect, it, vi } from 'vitest'
import { callClock, pickCallClock } from '../../../src/diagnostics/callClock.js'
import { perfTiming } from '../../../src/diagnostics/perfTiming.js'
import type { PerfCall } from '../../../src/diagnostics/perfLog.js'
import { CallStatsStore } from '../../../src/diagnostics/callStats.js'
import { realClock } from '../../../src/measure/clock.js'

describe('callClock', () => {
  it('reads process.hrtime in ms and keeps pace with performance.now()', () => {
    expect(callClock.source).toBe('hrtime')
    const h0 = callClock.read()
    const r0 = realClock()
    while (realClock() - r0 < 5) {
      // 5 ms of the reference clock
    }
    const advanced = callClock.read() - h0
    const expected = realClock() - r0
    // Reads interleave: the two spans differ by the time between reads, not by whole milliseconds.
    expect(Math.abs(advanced - expected)).toBeLessThan(1)
  })

  it('converts a reading to epoch ms', () => {
    expect(Math.abs(callClock.toEpochMs(callClock.read()) - Date.now())).toBeLessThan(50)
  })

  it('falls back to the reference clock when hrtime stands still (fake timers installed before it loaded)', () => {
    const frozen = (): [number, number] => [1000, 0]
    expect(pickCallClock(frozen).source).toBe('performance.now')
    expect(pickCallClock(undefined).source).toBe('performance.now')
  })

  it('falls back when hrtime jumps by a fake timer step instead of real time', () => {
    let ticks = 0
    const jumping = (): [number, number] => [ticks++ * 0.02, 0]
    expect(pickCallClock(jumping).source).toBe('performance.now')
  })

  it('keeps the real hrtime when one check is spoiled by the thread being descheduled between two reads', () => {
    // The first reference read lands 5 ms late (as after a preemption on a loaded machine): that check fails, a
    // later one passes.
    let reads = 0
    const preempted = (): number => realClock() + (reads++ === 0 ? 5 : 0)
    const real = process.hrtime as () => [number, number]
    expect(pickCallClock(real, preempted).source).toBe('hrtime')
    expect(reads).toBeGreaterThan(2)
  })

  it('gives perfTiming calls timestamps on the epoch clock', () => {
    const calls: PerfCall[] = []
    const timed = perfTiming((x: number) => x + 1, { name: 'clock.epoch', store: new CallStatsStore(), onCall: (c) => calls.push(c) })
    timed(1)
    expect(Math.abs(Date.parse(calls[0]?.timestamp ?? '') - Date.now())).toBeLessThan(1000)
    expect(calls[0]?.elapsedMs).toBeGreaterThanOrEqual(0)
  })

  it('keeps real time under fake timers installed after it loaded', () => {
    vi.useFakeTimers({ toFake: ['hrtime', 'performance', 'Date'] })
    try {
      const calls: PerfCall[] = []
      const spin = perfTiming(
        () => {
          const t0 = realClock()
          while (realClock() - t0 < 2) {
            // 2 ms of real time, while the faked clocks stand still
          }
        },
        { name: 'clock.fake', store: new CallStatsStore(), onCall: (c) => calls.push(c) },
      )
      spin()
      expect(calls[0]?.elapsedMs).toBeGreaterThanOrEqual(1.9)
    } finally {
      vi.useRealTimers()
    }
  })
})
