import { spawn } from 'node:child_process'

/** How the command ended. */
export interface CommandResult {
  exitCode: number | null
  /** The signal that ended it, if any. */
  signal: string | null
  timedOut: boolean
  aborted: boolean
}

/** After SIGTERM, how long the command gets to exit before SIGKILL. */
export const KILL_GRACE_MS = 5000

/**
 * Runs a command in its own process group (so `npm test` and the workers it starts stop together), output
 * inherited. Past `timeoutMs`, or when `signal` aborts, the group gets SIGTERM, then SIGKILL after a grace period.
 * Resolves when the command has exited; a command that cannot start resolves with exit code null and `error`.
 */
export function runCommand(
  command: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal; graceMs?: number; stdio?: 'inherit' | 'ignore' },
): Promise<CommandResult & { error?: string }> {
  const [program, ...args] = command
  return new Promise((resolvePromise) => {
    if (program === undefined) {
      resolvePromise({ exitCode: null, signal: null, timedOut: false, aborted: false, error: 'no command given' })
      return
    }
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: options.stdio ?? 'inherit',
      detached: process.platform !== 'win32',
    })
    let timedOut = false
    let aborted = false
    let killTimer: NodeJS.Timeout | undefined
    const kill = (): void => {
      const signalGroup = (sig: NodeJS.Signals): void => {
        try {
          if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, sig)
          else child.kill(sig)
        } catch {
          // Already gone.
        }
      }
      signalGroup('SIGTERM')
      killTimer ??= setTimeout(() => signalGroup('SIGKILL'), options.graceMs ?? KILL_GRACE_MS)
    }
    const timeout = setTimeout(() => {
      timedOut = true
      kill()
    }, options.timeoutMs)
    const onAbort = (): void => {
      aborted = true
      kill()
    }
    if (options.signal?.aborted) onAbort()
    options.signal?.addEventListener('abort', onAbort, { once: true })
    const done = (result: CommandResult & { error?: string }): void => {
      clearTimeout(timeout)
      if (killTimer) clearTimeout(killTimer)
      options.signal?.removeEventListener('abort', onAbort)
      resolvePromise(result)
    }
    child.once('error', (error) =>
      done({ exitCode: null, signal: null, timedOut, aborted, error: `could not run "${command.join(' ')}": ${error.message}` }),
    )
    child.once('exit', (code, sig) => done({ exitCode: code, signal: sig, timedOut, aborted }))
  })
}
