import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCommand } from '../../../src/cli/schedule/runCommand.js'

const node = process.execPath
/** A command that starts a grandchild (as `npm test` starts the runner), writes its pid to `pidFile`, then hangs. */
function hangingWithChild(pidFile: string): string[] {
  const script = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); setInterval(() => {}, 1000)`
  return [node, '-e', script]
}

function pidFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'perf-sentinel-run-')), 'child.pid')
}

/** Polls until the grandchild is gone (killed with its group), for at most 5 s. */
async function waitGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (!alive(pid)) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('runCommand()', () => {
  it('returns the exit code of a command that finishes', async () => {
    const result = await runCommand([node, '-e', 'process.exit(3)'], {
      cwd: process.cwd(),
      env: process.env,
      timeoutMs: 30_000,
      stdio: 'ignore',
    })
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, aborted: false })
  })

  it('stops a hanging command after the timeout, its child processes too', async () => {
    const file = pidFile()
    const started = Date.now()
    const result = await runCommand(hangingWithChild(file), {
      cwd: process.cwd(),
      env: process.env,
      // Long enough for node and its grandchild to start and write the pid file on a loaded machine.
      timeoutMs: 8000,
      graceMs: 1000,
      stdio: 'ignore',
    })
    expect(result.timedOut).toBe(true)
    expect(result.signal).toBe('SIGTERM')
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(await waitGone(Number(readFileSync(file, 'utf8')))).toBe(true)
  })

  it('stops the command and its process group when aborted (SIGINT/SIGTERM of the scheduler)', async () => {
    const controller = new AbortController()
    const file = pidFile()
    const pending = runCommand(hangingWithChild(file), {
      cwd: process.cwd(),
      env: process.env,
      timeoutMs: 60_000,
      signal: controller.signal,
      graceMs: 1000,
      stdio: 'ignore',
    })
    // Abort once the grandchild exists (its pid is written), however slowly node starts on a loaded machine.
    for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 50))
    controller.abort()
    const result = await pending
    expect(result).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGTERM' })
    expect(await waitGone(Number(readFileSync(file, 'utf8')))).toBe(true)
  })

  it('reports a command that cannot start', async () => {
    const result = await runCommand(['/nonexistent/command'], { cwd: process.cwd(), env: process.env, timeoutMs: 1000, stdio: 'ignore' })
    expect(result.exitCode).toBeNull()
    expect(result.error).toContain('could not run "/nonexistent/command"')
  })
})
