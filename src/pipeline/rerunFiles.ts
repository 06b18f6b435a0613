import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { errorMessage } from '../errors.js'
import type { MeasurementRecord } from '../model/types.js'
import { guardRerun } from './rerunGuard.js'

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
 * Flags that say where a run writes (other reporters and their files, coverage reports), each runner's own: a re-run
 * replaces them with its own — only the perf reporter, coverage reports in its temporary folder.
 */
const OUTPUT_FLAGS: Readonly<Record<'vitest' | 'jest', readonly string[]>> = {
  vitest: ['--reporter', '--outputFile', '--coverage.reportsDirectory'],
  jest: ['--reporters', '--outputFile', '--json', '--coverageDirectory', '--testResultsProcessor'],
}

/** Flags of `OUTPUT_FLAGS` that take no value of their own (a following argument is a test file filter). */
const BOOLEAN_FLAGS = new Set(['--json'])

/** The perf reporter's module within perf-sentinel's build, per runner, and its package specifier. */
const RERUN_REPORTER: Readonly<Record<'vitest' | 'jest', { file: string; specifier: string; flag: string }>> = {
  vitest: { file: 'vitest/reporter.js', specifier: 'perf-sentinel/vitest/reporter', flag: '--reporter' },
  jest: { file: 'jest/reporter.cjs', specifier: 'perf-sentinel/jest/reporter', flag: '--reporters' },
}

const here = dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url))

/**
 * The reporter a re-run uses instead: the perf reporter alone, which writes the measurements for the parent run. By
 * the absolute path of the build this code runs from (this module sits in `dist/` or a chunk there), so a re-run
 * finds it wherever the runner starts: a package specifier resolves from the project's root, where a monorepo may
 * not have perf-sentinel installed. The specifier only when no build is found (running from source).
 */
export function rerunReporterArgument(runner: 'vitest' | 'jest', from: string = here): string {
  const reporter = RERUN_REPORTER[runner]
  const built = join(from, reporter.file)
  return `${reporter.flag}=${existsSync(built) ? built : reporter.specifier}`
}

/** Where a re-run writes its coverage reports (instrumented as the run was, so it measures the same code). */
function coverageFolderFlag(runner: 'vitest' | 'jest', dir: string): string {
  return runner === 'vitest' ? `--coverage.reportsDirectory=${dir}` : `--coverageDirectory=${dir}`
}

/**
 * The arguments of a re-run (pure): the original command line's, without the flags that would keep it from running
 * the chosen files (`--shard`, `--watch`, `--changed`…) or that make it write where the run's own outputs are (other
 * reporters and their files, coverage reports, shard blobs: a re-run overwrote `junit.xml`, deleted Vitest's
 * `coverage/.tmp` under the run and left a second blob for `--merge-reports`), then the re-run's own reporter and,
 * with `coverageDir`, its own coverage folder. Coverage itself stays as the run had it: instrumented code is slower,
 * and a re-run must measure what the run measured.
 */
export function rerunArguments(runner: 'vitest' | 'jest', args: readonly string[], coverageDir?: string): string[] {
  const kept: string[] = []
  const output = OUTPUT_FLAGS[runner]
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const name = arg.split('=')[0] as string
    const next = args[i + 1]
    const takesNext = !arg.includes('=') && next !== undefined && !next.startsWith('-')
    if (DROPPED_FLAGS.has(name)) {
      if (takesNext && name === '--shard') i++
      continue
    }
    if (output.some((flag) => name === flag || name.startsWith(`${flag}.`))) {
      if (takesNext && !BOOLEAN_FLAGS.has(name)) i++
      continue
    }
    kept.push(arg)
  }
  // `vitest watch` / `vitest dev` (a common "test:watch" script) would start a watcher that never exits: a re-run
  // always runs once. `--run` also covers a bare `vitest` in a terminal.
  if (runner === 'vitest' && (kept[0] === 'watch' || kept[0] === 'dev')) kept[0] = 'run'
  const once = runner === 'vitest' && kept[0] !== 'run' && !kept.includes('--run') ? ['--run'] : []
  return [...kept, ...once, rerunReporterArgument(runner), ...(coverageDir === undefined ? [] : [coverageFolderFlag(runner, coverageDir)])]
}

/**
 * A re-runner that starts the runner again the way this process was started (`process.argv`: `vitest run …`,
 * `jest …`), restricted to `files`, in a fresh process (fresh JIT, fresh heap), from the folder the run started in
 * (`cwd`: its command line's relative paths — `--root`, `--config` — were written for it). With `coverage`, each
 * re-run's coverage reports go to its own temporary folder. It does not work where no command line can reproduce
 * the run (Vitest `--merge-reports`): then `undefined`.
 */
export function rerunFromArgv(
  runner: 'vitest' | 'jest',
  rootDir: string,
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
  options: { timeoutMs?: number; cwd?: string; coverage?: boolean } = {},
): RerunFiles | undefined {
  const [node, script, ...args] = argv
  if (node === undefined || script === undefined || args.includes('--merge-reports')) return undefined
  const { timeoutMs = 300_000, cwd = process.cwd(), coverage = false } = options
  return async (files) => {
    const dir = await mkdtemp(join(tmpdir(), 'perf-sentinel-confirm-'))
    const out = join(dir, 'records.json')
    const paths = files.map((file) => resolve(rootDir, file))
    const fileArgs = runner === 'jest' ? ['--runTestsByPath', ...paths] : paths
    const kept = rerunArguments(runner, args, coverage ? join(dir, 'coverage') : undefined)
    // Until the `finally`: a Ctrl-C or SIGTERM of this run stops the re-run and removes its folder on the way out.
    let child: ChildProcess | undefined
    const unguard = guardRerun(() => {
      if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    })
    try {
      const { code, stderrTail } = await spawnAndWait(process.execPath, [...execArgv, script, ...kept, ...fileArgs], {
        cwd,
        env: { ...env, [CONFIRM_OUT_ENV]: out },
        timeoutMs,
        onSpawn: (started) => {
          child = started
        },
      })
      try {
        return { records: JSON.parse(await readFile(out, 'utf8')) as MeasurementRecord[] }
      } catch {
        return { problem: `the re-run (exit ${code}) wrote no measurements${stderrTail ? `: ${stderrTail}` : ''}` }
      }
    } catch (error) {
      return { problem: `the re-run could not start: ${errorMessage(error)}` }
    } finally {
      unguard()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

function spawnAndWait(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; onSpawn(child: ChildProcess): void },
): Promise<{ code: number | null; stderrTail: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', 'pipe'] })
    options.onSpawn(child)
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
      // The last lines that say something: a stack's frames ("at …") name no cause.
      const said = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('at '))
      resolvePromise({ code, stderrTail: said.slice(-3).join(' | ') })
    })
  })
}
