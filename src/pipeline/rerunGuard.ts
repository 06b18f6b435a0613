/**
 * Ctrl-C, SIGTERM or `process.exit()` while a confirmation re-run is running: the runner process dies without
 * reaching the re-run's `finally`, which left its `perf-sentinel-confirm-*` folder in the OS temp folder — and, on a
 * SIGTERM to the runner alone (a cancelled CI job), the re-run itself running on as an orphan. The guard removes the
 * folder and stops the re-run synchronously on the way out, and leaves the signal's outcome to whoever else handles
 * it (Vitest exits 130 / 143 itself, a millisecond later); when nobody has ended the process shortly after, the
 * signal is raised again so it still dies of it, as it would have without perf-sentinel.
 */

/** Signals that end a runner process from outside. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

type Signal = (typeof SIGNALS)[number]

/**
 * How long a signal's other handlers get to end the process before the default is restored. Vitest's handler
 * (`process.once`, already removed when ours runs) exits after a 1 ms timer; ours waits longer, and a timer's order
 * is its due time.
 */
const RAISE_AFTER_MS = 100

/** The process edges the guard touches, injectable for tests. */
export interface GuardHost {
  on(event: Signal | 'exit', listener: () => void): void
  off(event: Signal | 'exit', listener: () => void): void
  listenerCount(event: Signal): number
  /** Raises `signal` on this process again. */
  raise(signal: Signal): void
  /** Runs `fn` after `ms` (a timer that keeps the process alive). */
  later(fn: () => void, ms: number): void
}

const processHost: GuardHost = {
  on: (event, listener) => process.on(event, listener),
  off: (event, listener) => process.off(event, listener),
  listenerCount: (event) => process.listenerCount(event),
  raise: (signal) => process.kill(process.pid, signal),
  later: (fn, ms) => {
    setTimeout(fn, ms)
  },
}

/**
 * Runs `cleanupSync` (must be synchronous and idempotent) if the process exits or receives a terminating signal
 * before the returned `dispose()` is called; `dispose()` removes every listener it installed.
 */
export function guardRerun(cleanupSync: () => void, host: GuardHost = processHost): () => void {
  const listeners = new Map<Signal, () => void>()
  const dispose = (): void => {
    for (const [signal, listener] of listeners) host.off(signal, listener)
    listeners.clear()
    host.off('exit', onExit)
  }
  const onExit = (): void => {
    dispose()
    cleanupSync()
  }
  for (const signal of SIGNALS) {
    const listener = (): void => {
      onExit()
      // Another listener (the runner's own) decides how the process ends; without one, the default: die of it.
      host.later(() => {
        if (host.listenerCount(signal) === 0) host.raise(signal)
      }, RAISE_AFTER_MS)
    }
    listeners.set(signal, listener)
    host.on(signal, listener)
  }
  host.on('exit', onExit)
  return dispose
}
