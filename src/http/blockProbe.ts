/** How often the probe timer is due. 10 ms: fine enough for a 20 ms block, 100 wake-ups/s while requests run. */
const PROBE_INTERVAL_MS = 10
/** The probe stops after this long without a request, so an idle server is not woken 100 times a second. */
const IDLE_STOP_MS = 1000

/**
 * Measures event-loop blocking cheaply: a timer due every 10 ms notes how late it fires; lateness above `floorMs`
 * (a busy loop under load is late by a few ms without anything blocking) adds to a running total. A request's
 * blocking is `blockedMs(end) - blockedMs(start)`: two reads of a number, no per-request timer or hook.
 */
export interface BlockProbe {
  /** Total blocked time so far, including a block still in progress at `nowMs` (so the value never decreases). */
  blockedMs(nowMs: number): number
  /** Called per request: starts the timer when it was idle. */
  touch(nowMs: number): void
  stop(): void
}

export function createBlockProbe(floorMs: number, now: () => number = () => performance.now()): BlockProbe {
  let timer: NodeJS.Timeout | undefined
  let lastTick = 0
  let total = 0
  let lastTouch = 0

  const tick = (): void => {
    const at = now()
    const lateMs = at - lastTick - PROBE_INTERVAL_MS
    if (lateMs > floorMs) total += lateMs
    lastTick = at
    if (at - lastTouch > IDLE_STOP_MS) stop()
  }
  const stop = (): void => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }
  return {
    blockedMs(nowMs) {
      if (timer === undefined) return total
      const pendingMs = nowMs - lastTick - PROBE_INTERVAL_MS
      return pendingMs > floorMs ? total + pendingMs : total
    },
    touch(nowMs) {
      lastTouch = nowMs
      if (timer !== undefined) return
      lastTick = nowMs
      timer = setInterval(tick, PROBE_INTERVAL_MS)
      timer.unref()
    },
    stop,
  }
}
