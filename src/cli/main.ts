#!/usr/bin/env node
/**
 * perf-sentinel's command line: explicit baseline updates, baseline checks and history upkeep. Exit codes:
 * 0 success, 1 the test command failed (e.g. a regression), 2 a tool or usage error.
 */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { readBaseline } from '../stores/baseline/index.js'
import { compactHistory, DEFAULT_HISTORY_DIR, DEFAULT_MAX_RUNS, DEFAULT_MAX_RUNS_PER_COMMIT } from '../stores/history/index.js'
import { pluginVersion } from '../env/version.js'

const USAGE = `perf-sentinel ${pluginVersion()}

Usage:
  perf-sentinel baseline update [-- <test command…>]   run the tests (default: npm test) with PERF_SENTINEL_UPDATE=1:
                                                      rewrites perf-baseline.json and prunes removed entries
  perf-sentinel baseline check [file]                 validate a baseline file (default: perf-baseline.json)
  perf-sentinel compare <ref> [-- <test command…>]    run the tests comparing with the recorded runs of a git ref
                                                      (e.g. the merge-base of a pull request)
  perf-sentinel history compact [dir] [--max-runs N] [--max-runs-per-commit N]
                                                      bound the history store (default: ${DEFAULT_HISTORY_DIR},
                                                      ${DEFAULT_MAX_RUNS} runs, ${DEFAULT_MAX_RUNS_PER_COMMIT} per commit)
  perf-sentinel --version | --help`

class UsageError extends Error {}

function splitCommand(args: readonly string[]): { own: string[]; command: string[] } {
  const dash = args.indexOf('--')
  return dash < 0 ? { own: [...args], command: [] } : { own: args.slice(0, dash), command: args.slice(dash + 1) }
}

function runTests(command: readonly string[], env: Record<string, string>): number {
  const [program, ...args] = command.length > 0 ? command : ['npm', 'test']
  const result = spawnSync(program as string, args, { stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' })
  if (result.error) throw new Error(`could not run "${[program, ...args].join(' ')}": ${result.error.message}`)
  return result.status === 0 ? 0 : 1
}

function numberFlag(args: string[], flag: string): number | undefined {
  const index = args.indexOf(flag)
  if (index < 0) return undefined
  const value = Number(args[index + 1])
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} needs a whole number ≥ 1, received ${args[index + 1] ?? 'nothing'}`)
  args.splice(index, 2)
  return value
}

async function main(argv: readonly string[]): Promise<number> {
  const { own, command } = splitCommand(argv)
  const [group, action, ...rest] = own
  if (group === undefined || group === '--help' || group === '-h') {
    console.log(USAGE)
    return group === undefined ? 2 : 0
  }
  if (group === '--version' || group === '-v') {
    console.log(pluginVersion())
    return 0
  }
  if (group === 'baseline' && action === 'update') return runTests(command, { PERF_SENTINEL_UPDATE: '1' })
  if (group === 'baseline' && action === 'check') {
    const path = resolve(rest[0] ?? 'perf-baseline.json')
    const file = await readBaseline(path)
    if (!file) throw new Error(`no baseline at ${path}: record one with 'perf-sentinel baseline update'`)
    console.log(`${path}: valid baseline (schemaVersion ${file.schemaVersion}, ${Object.keys(file.entries).length} entries, updated ${file.updatedAt})`)
    return 0
  }
  if (group === 'compare' && action !== undefined) return runTests(command, { PERF_SENTINEL_BASE: action })
  if (group === 'history' && action === 'compact') {
    const args = [...rest]
    const maxRuns = numberFlag(args, '--max-runs')
    const maxRunsPerCommit = numberFlag(args, '--max-runs-per-commit')
    const dir = resolve(args[0] ?? DEFAULT_HISTORY_DIR)
    const { removed, problems } = await compactHistory(dir, {
      ...(maxRuns ? { maxRuns } : {}),
      ...(maxRunsPerCommit ? { maxRunsPerCommit } : {}),
    })
    for (const problem of problems) console.error(problem)
    console.log(`${dir}: removed ${removed.length} run(s)`)
    return problems.length > 0 ? 2 : 0
  }
  throw new UsageError(`unknown command "${own.join(' ')}"`)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`perf-sentinel: ${error instanceof Error ? error.message : String(error)}`)
    if (error instanceof UsageError) console.error(`\n${USAGE}`)
    process.exitCode = 2
  },
)
