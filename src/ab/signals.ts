/**
 * Ctrl-C and SIGTERM during `perf-sentinel compare`: the first signal aborts the run (the running test process
 * group is stopped, the worktree removed on the normal error path, exit 130/143); a second one, for a user who
 * will not wait, removes the worktree synchronously and exits at once. Any other way out of the process (an
 * uncaught error, EPIPE once the parent has gone) still runs the synchronous removal on `exit`.
 */

/** Signals that end a compare run, and the exit code of each (128 + signal number, as shells report them). */
export const TERMINATION_SIGNALS: Readonly<Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number>> = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGHUP: 129,
}

type TerminationSignal = keyof typeof TERMINATION_SIGNALS

/** The process edges the guard touches, injectable for tests. */
export interface SignalHost {
  on(event: TerminationSignal | 'exit', listener: () => void): void
  off(event: TerminationSignal | 'exit', listener: () => void): void
  exit(code: number): void
}

/** What the guard does on a signal. */
export interface TerminationHandlers {
  /** First signal: stop gracefully (abort the running work). */
  abort(signal: TerminationSignal): void
  /** Second signal, or the process exiting while guarded: last-chance synchronous clean-up (must be idempotent). */
  cleanupSync(): void
}

/** An installed guard. */
export interface TerminationGuard {
  /** The first signal received, if any. */
  received(): TerminationSignal | undefined
  /** Removes the listeners (the default behaviour of the signals comes back). */
  dispose(): void
}

const processHost: SignalHost = {
  on: (signal, listener) => process.on(signal, listener),
  off: (signal, listener) => process.off(signal, listener),
  exit: (code) => process.exit(code),
}

/** Installs listeners for SIGINT, SIGTERM, SIGHUP and process exit until `dispose()`. */
export function guardTermination(handlers: TerminationHandlers, host: SignalHost = processHost): TerminationGuard {
  let first: TerminationSignal | undefined
  const listeners = new Map<TerminationSignal, () => void>()
  for (const signal of Object.keys(TERMINATION_SIGNALS) as TerminationSignal[]) {
    const listener = (): void => {
      if (first === undefined) {
        first = signal
        handlers.abort(signal)
        return
      }
      handlers.cleanupSync()
      host.exit(TERMINATION_SIGNALS[first])
    }
    listeners.set(signal, listener)
    host.on(signal, listener)
  }
  const onExit = (): void => handlers.cleanupSync()
  host.on('exit', onExit)
  return {
    received: () => first,
    dispose: () => {
      for (const [signal, listener] of listeners) host.off(signal, listener)
      listeners.clear()
      host.off('exit', onExit)
    },
  }
}
