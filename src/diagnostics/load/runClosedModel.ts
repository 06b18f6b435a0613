import { setImmediate, setTimeout } from 'node:timers'
import type { Clock } from '../../measure/clock.js'
import type { Operation } from './functionOperation.js'
import type { LoadTally } from './loadTally.js'
import type { OperationOutcome } from './loadTypes.js'
import { startOperation } from './startOperation.js'

export interface ClosedModelRun {
  operation: Operation
  concurrency: number
  /** Stop starting operations after this long (ms) or after this many, whichever is given. */
  end: { durationMs: number } | { requests: number }
  rampUpMs: number
  timeoutMs: number
  clock: Clock
  startMs: number
  tally: LoadTally
}

/** A caller running synchronous operations back to back yields to the event loop this often (timers must fire). */
const YIELD_EVERY_MS = 10

/**
 * The closed model: `concurrency` callers, each starting its next operation when the previous one settles (what
 * autocannon and most benchmarks do by default). Callers join evenly over `rampUpMs`. There is no intended start
 * time, so latency is from the actual start: a stalled target also stalls the arrivals (coordinated omission).
 */
export function runClosedModel(run: ClosedModelRun): Promise<void> {
  const { operation, concurrency, end, rampUpMs, timeoutMs, clock, startMs, tally } = run
  const stopAtMs = 'durationMs' in end ? startMs + end.durationMs : Number.POSITIVE_INFINITY
  let started = 0
  const mayStart = (): boolean => ('requests' in end ? started < end.requests : clock() < stopAtMs)

  return new Promise((resolve) => {
    let running = concurrency

    const callerDone = (): void => {
      if (--running === 0) resolve()
    }

    const caller = (): void => {
      const sliceStartMs = clock()
      // Synchronous settlements loop here; an async one re-enters caller() from its callback.
      for (;;) {
        if (!mayStart()) {
          callerDone()
          return
        }
        started++
        const startedMs = clock()
        let settledSync = false
        let inThisCall = true
        startOperation(operation, timeoutMs, (outcome: OperationOutcome) => {
          tally.settle(startedMs, startedMs, clock(), outcome)
          if (inThisCall) settledSync = true
          else caller()
        })
        inThisCall = false
        if (!settledSync) return
        if (clock() - sliceStartMs >= YIELD_EVERY_MS) {
          setImmediate(caller)
          return
        }
      }
    }

    for (let k = 0; k < concurrency; k++) {
      const delayMs = rampUpMs === 0 ? 0 : (k * rampUpMs) / concurrency
      if (delayMs === 0) setImmediate(caller)
      else setTimeout(caller, delayMs)
    }
  })
}
