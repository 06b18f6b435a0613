import { resolve } from 'node:path'
import { PerfSentinelError } from '../../errors.js'
import { readBaseline } from '../../stores/baseline/index.js'
import type { CliCommand } from '../command.js'
import { runTests } from '../runTests.js'

/** `perf-sentinel baseline update`: runs the tests with PERF_SENTINEL_UPDATE=1. */
export const baselineUpdate: CliCommand = {
  summary: 'run the tests with PERF_SENTINEL_UPDATE=1: rewrites perf-baseline.json and prunes removed entries',
  flags: {},
  rest: 'the test command (default: npm test)',
  async run({ rest, cwd, env }) {
    return runTests(rest, { PERF_SENTINEL_UPDATE: '1' }, { cwd, env })
  },
}

/** `perf-sentinel baseline check [file]`: validates a baseline file. */
export const baselineCheck: CliCommand = {
  summary: 'validate a baseline file (default: perf-baseline.json)',
  positionals: [{ name: 'file', description: 'the baseline file (default: perf-baseline.json)' }],
  flags: {},
  async run({ positionals, cwd, out }) {
    const path = resolve(cwd, positionals[0] ?? 'perf-baseline.json')
    const file = await readBaseline(path)
    if (!file) {
      throw new PerfSentinelError('E_READ', `no baseline at ${path}`, { fix: "record one with 'perf-sentinel baseline update'" })
    }
    const count = Object.keys(file.entries).length
    out(`${path}: valid baseline (schemaVersion ${file.schemaVersion}, ${count} entries, updated ${file.updatedAt})`)
    return 0
  },
}
