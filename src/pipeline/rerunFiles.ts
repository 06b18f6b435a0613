import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { errorMessage } from '../errors.js'
import type { MeasurementRecord } from '../model/types.js'

/** Set in a confirmation re-run: its reporter writes the measurements to this file and nothing else. */
export const CONFIRM_OUT_ENV = 'PERF_SENTINEL_CONFIRM_OUT'

/** Re-runs test files in a fresh runner process and returns their measurements, or why it could not. */
export type RerunFiles = (files: readonly string[]) => Promise<{ records: MeasurementRecord[] } | { problem: string }>

/** Flags of the original command line that would keep a re-run of chosen files from running them. */
const DROPPED_FLAGS = new Set([
  '--shard',
  '--watch',
  '--watchAll',
  '-w',
  '--changed',
  '--onlyChanged',
  '-o',
  '--lastCommit',
  '--findRelatedTests',
])

/**
 * A re-runner that starts the runner again the way this process was started (`process.argv`: `vitest run …`,
 * `jest …`), restricted to `files`, in a fresh process (fresh JIT, fresh heap). It does not work where no command
 * line can reproduce the run (Vitest `--merge-reports`): then `undefined`.
 */
export function rerunFromArgv(
  runner: 'vitest' | 'jest',
  rootDir: string,
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 300_000,
): RerunFiles | undefined {
  const [node, script, ...args] = argv
  if (node === undefined || script === undefined || args.includes('--merge-reports')) return undefined
  const kept: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const name = arg.split('=')[0] as string
    if (DROPPED_FLAGS.has(name)) {
      if (!arg.includes('=') && name === '--shard') i++
      continue
    }
    kept.push(arg)
  }
  return async (files) => {
    const dir = await mkdtemp(join(tmpdir(), 'perf-sentinel-confirm-'))
    const out = join(dir, 'records.json')
    const paths = files.map((file) => resolve(rootDir, file))
    const fileArgs = runner === 'jest' ? ['--runTestsByPath', ...paths] : paths
    try {
      const { code, stderrTail } = await spawnAndWait(process.execPath, [...execArgv, script, ...kept, ...fileArgs], {
        cwd: rootDir,
        env: { ...env, [CONFIRM_OUT_ENV]: out },
        timeoutMs,
      })
      try {
        return { records: JSON.parse(await readFile(out, 'utf8')) as MeasurementRecord[] }
      } catch {
        return { problem: `the re-run (exit ${code}) wrote no measurements${stderrTail ? `: ${stderrTail}` : ''}` }
      }
    } catch (error) {
      return { problem: `the re-run could not start: ${errorMessage(error)}` }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
}

function spawnAndWait(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number | null; stderrTail: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({ code, stderrTail: stderr.trim().split('\n').slice(-3).join(' | ') })
    })
  })
}
