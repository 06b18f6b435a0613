/**
 * Runs one child process of `perf-sentinel compare` (a test round, an install, a build) in its own process group,
 * so that an abort — Ctrl-C, SIGTERM, the time budget — stops it together with the workers it started. Output is
 * kept only as its last lines, for the one-line reason of a failure.
 */
import { spawn } from 'node:child_process'

/** What ran and how it ended. */
export interface ProcessOutcome {
  /** Exit code; `undefined` when a signal ended it. */
  exitCode: number | undefined
  signal: NodeJS.Signals | undefined
  /** Last lines of stdout and stderr together, oldest first. */
  tail: string[]
  durationMs: number
}

/** A command: an argv run without a shell, or a command line for `sh -c` (user-configured install and build). */
export type ProcessCommand = { argv: readonly string[] } | { shell: string }

export interface RunProcessOptions {
  cwd: string
  env: Readonly<Record<string, string | undefined>>
  /** Aborting kills the whole process group (SIGTERM, then SIGKILL after `killGraceMs`). */
  signal?: AbortSignal
  /** Lines of output kept. @default 40 */
  tailLines?: number
  /** @default 2000 */
  killGraceMs?: number
  now?: () => number
}

/** Runs `command` to its end; rejects only when it cannot be started (ENOENT…) or when `signal` aborts it. */
export function runProcess(command: ProcessCommand, options: RunProcessOptions): Promise<ProcessOutcome> {
  const now = options.now ?? Date.now
  const keep = options.tailLines ?? 40
  const started = now()
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(abortError(options.signal))
      return
    }
    const [program, ...args] = 'argv' in command ? command.argv : ['sh', '-c', command.shell]
    const child = spawn(program as string, args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches only us, and we stop the whole group (runner + workers).
      detached: process.platform !== 'win32',
    })
    const tail: string[] = []
    let partial = ''
    const collect = (chunk: Buffer): void => {
      const lines = (partial + chunk.toString('utf8')).split(/\r?\n/)
      partial = lines.pop() ?? ''
      for (const line of lines) if (line.trim() !== '') tail.push(line)
      if (tail.length > keep) tail.splice(0, tail.length - keep)
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    let killTimer: NodeJS.Timeout | undefined
    const onAbort = (): void => {
      killGroup(child.pid, 'SIGTERM')
      killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), options.killGraceMs ?? 2000)
      killTimer.unref()
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    child.once('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort)
      reject(error)
    })
    child.once('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort)
      if (killTimer) clearTimeout(killTimer)
      if (partial.trim() !== '') tail.push(partial)
      if (options.signal?.aborted) {
        reject(abortError(options.signal))
        return
      }
      resolve({ exitCode: code ?? undefined, signal: signal ?? undefined, tail: tail.slice(-keep), durationMs: now() - started })
    })
  })
}

/**
 * The line that best says why a process failed, for a one-line reason: the first error message in its last lines
 * (npm's and the runners' pointers to logs and help skipped), else its last line.
 */
export function lastLine(outcome: ProcessOutcome): string {
  const meaningful = outcome.tail
    .map((line) => line.replace(ANSI, '').trim())
    .filter((line) => line !== '' && !/^(at|❯)\s/.test(line) && !DECORATION.test(line) && !BANNER.test(line))
  const noise = /^(code \w+|a complete log|run "npm help|for more info)/i
  const errors = meaningful
    .filter((line) => /\berr(or)?\b|ERR!|failed|cannot|not found/i.test(line))
    .map((line) => line.replace(/^npm (error|ERR!)\s*/i, ''))
    .filter((line) => line !== '' && !noise.test(line))
  // A thrown error's own message ("Error: …", "TypeError: …") says more than a runner's summary of it.
  const thrown = errors.find((line) => /^([A-Z]\w*)?(Error|Exception)( \[\w+\])?:/.test(line))
  return (thrown ?? errors[0] ?? meaningful.at(-1) ?? '').slice(0, 300)
}

/** Terminal colour and style sequences. */
const ANSI = /\u001b\[[0-9;]*m/g
/** Lines of box drawing, rules and pipes only (Vitest's code frames and separators). */
const DECORATION = /^[\s⎯─━│┃|>❯^~=*-]*$/
/** Vitest's section banners: `⎯⎯⎯ Unhandled Error ⎯⎯⎯`, `⎯⎯⎯ Failed Tests 1 ⎯⎯⎯`. */
const BANNER = /^⎯+.*⎯+$/

/** How a process ended, in words: `exited with code 1`, `was killed by SIGKILL`. */
export function describeEnd(outcome: ProcessOutcome): string {
  return outcome.exitCode === undefined ? `was killed by ${outcome.signal ?? 'a signal'}` : `exited with code ${outcome.exitCode}`
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal)
  } catch {
    // Already gone.
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'))
}
