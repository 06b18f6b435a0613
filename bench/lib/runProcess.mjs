import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'

/**
 * Runs a command to completion and times it from spawn to exit (the wall time a CI job would see for it).
 * Resolves with the exit code, captured output and `wallMs`; never rejects on a non-zero exit (callers decide).
 */
export function runProcess(command, args, { cwd, env, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const startMs = performance.now()
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    const stdout = []
    const stderr = []
    child.stdout.on('data', (chunk) => stdout.push(chunk))
    child.stderr.on('data', (chunk) => stderr.push(chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    let wallMs = Number.NaN
    child.on('exit', () => {
      wallMs = performance.now() - startMs
    })
    child.on('error', reject)
    // 'close' comes after 'exit' once the pipes are drained: only then is the output complete.
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        wallMs,
      })
    })
  })
}

/**
 * Runs a bench child script with this Node and parses the JSON it prints as its last stdout line. Children print
 * nothing else on stdout, so a failure shows its stderr instead of a confusing parse error.
 */
export async function runNodeJson(script, args = [], options = {}) {
  const run = await runProcess(process.execPath, [script, ...args], options)
  const lastLine = run.stdout.trim().split('\n').at(-1) ?? ''
  if (run.exitCode !== 0 || !lastLine.startsWith('{')) {
    throw new Error(`${script} ${args.join(' ')} failed (exit ${run.exitCode}):\n${run.stderr || run.stdout}`)
  }
  return JSON.parse(lastLine)
}
