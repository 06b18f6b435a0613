import { clearTimeout, setImmediate, setTimeout } from 'node:timers'
import type { Clock } from '../../measure/clock.js'
import type { ArrivalSchedule } from './arrivalSchedule.js'
import type { Operation } from './functionOperation.js'
import type { LoadTally } from './loadTally.js'
import { startOperation } from './startOperation.js'

/**
 * How early the scheduler's timer wakes before the next start is due; the rest is waited out in `setImmediate`
 * turns, which let the event loop (an in-process target's I/O included) run between them. Node's timers fire on
 * whole milliseconds, at or after their time: a timer set for the due time made every start 0.53–0.69 ms late (p50,
 * idle machine, 200/s), which the corrected latency — measured from the intended time — charged to the target
 * (corrected p50 0.86–1.08 ms against 0.33–0.45 uncorrected). With 1 ms: lag p50 0.00, corrected p50 within 0.03 ms
 * of the uncorrected, for 17–31% event-loop use instead of 9–13% (`npm run bench -- load-lag`).
 */
const TIMER_EARLY_MS = 1

export interface OpenModelRun {
  operation: Operation
  schedule: ArrivalSchedule
  /** Operations allowed in flight at once; a due start that finds none free waits in a queue (a late start). */
  connections: number
  timeoutMs: number
  clock: Clock
  /** The clock's reading at the run's start: intended times are offsets from it. */
  startMs: number
  tally: LoadTally
}

/**
 * The open model: starts every operation at its intended time whatever the target is doing (wrk2's constant
 * throughput), so a stalled target cannot slow the arrivals down and hide its own stall. Latency is taken from the
 * intended time. A start due while every connection is busy waits in FIFO order; starts still waiting `timeoutMs`
 * after the schedule's last one are dropped. Resolves once every operation has settled.
 */
export function runOpenModel(run: OpenModelRun): Promise<void> {
  const { operation, schedule, connections, timeoutMs, clock, startMs, tally } = run
  return new Promise((resolve) => {
    let next = 0
    let inFlight = 0
    let queue: number[] = []
    let head = 0
    let draining = false
    let deadlinePassed = false
    let deadline: ReturnType<typeof setTimeout> | undefined

    const finishIfDone = (): void => {
      if (next !== schedule.total || inFlight !== 0 || head !== queue.length) return
      if (deadline !== undefined) clearTimeout(deadline)
      resolve()
    }

    const dispatch = (intendedMs: number): void => {
      const startedMs = clock()
      inFlight++
      startOperation(operation, timeoutMs, (outcome) => {
        inFlight--
        tally.settle(intendedMs, startedMs, clock(), outcome)
        drain()
        finishIfDone()
      })
    }

    // Re-entrant safe: a synchronous target settles inside dispatch(), which calls drain() again.
    const drain = (): void => {
      if (draining) return
      draining = true
      while (inFlight < connections && head < queue.length && !deadlinePassed) dispatch(queue[head++] as number)
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head)
        head = 0
      }
      draining = false
    }

    const pump = (): void => {
      const now = clock()
      while (next < schedule.total) {
        const dueMs = startMs + schedule.intendedMs(next)
        if (dueMs > now) break
        next++
        // The scheduler's own lateness in noticing the arrival (timer resolution, a busy event loop), whether or not
        // a connection is free: the self-check judges it. Waiting for a connection comes on top and is counted apart.
        tally.lag(clock() - dueMs)
        if (head === queue.length && inFlight < connections) {
          dispatch(dueMs)
        } else {
          queue.push(dueMs)
          tally.lateStart()
        }
      }
      if (next < schedule.total) {
        const waitMs = startMs + schedule.intendedMs(next) - clock()
        if (waitMs > TIMER_EARLY_MS) setTimeout(pump, waitMs - TIMER_EARLY_MS)
        else setImmediate(pump)
        return
      }
      const lastDueMs = startMs + schedule.intendedMs(Math.max(0, schedule.total - 1))
      deadline = setTimeout(
        () => {
          deadlinePassed = true
          for (; head < queue.length; head++) tally.dropStart()
          finishIfDone()
        },
        Math.max(0, lastDueMs + timeoutMs - clock()),
      )
      finishIfDone()
    }

    if (schedule.total === 0) resolve()
    else pump()
  })
}
