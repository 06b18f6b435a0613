import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PerfSentinelError } from '../../errors.js'
import { readBaseline } from '../../stores/baseline/index.js'
import type { CliCommand } from '../command.js'
import type { BaselineReceipt } from '../../pipeline/saveBaseline.js'
import { BASELINE_PROCESS_ENV, BASELINE_RECEIPT_ENV } from '../../pipeline/saveBaseline.js'
import { integerFlag } from '../flags.js'
import { runTests } from '../runTests.js'

/**
 * Independent runner processes a baseline is recorded from by default: the noise floor needs at least three process
 * medians to measure the between-process spread (`DEFAULT_MIN_HISTORY_RUNS`); the original design asks for 3–5.
 */
export const DEFAULT_BASELINE_RUNS = 3

/** `perf-sentinel baseline update`: runs the tests N times with PERF_SENTINEL_UPDATE=1, each in fresh processes. */
export const baselineUpdate: CliCommand = {
  summary: 'record perf-baseline.json from several independent runs of the tests (PERF_SENTINEL_UPDATE=1), pruning removed entries',
  flags: {
    runs: {
      type: 'string',
      valueHint: '<n>',
      description: `independent runs of the test command (default ${DEFAULT_BASELINE_RUNS}); their spread becomes each measurement's noise floor`,
    },
  },
  rest: 'the test command (default: npm test)',
  details: [
    'Run 1 rewrites the baseline; runs 2…N add their per-process medians (PERF_SENTINEL_BASELINE_PROCESS=i/N).',
    'The test command must run the perf reporter (Vitest: --reporter default --reporter perf, or reporters in the config).',
    'In CI, record it on the default branch: perf-sentinel baseline update --runs 3 -- npx vitest run, then commit it.',
  ],
  async run({ rest, values, cwd, env, err }) {
    const runs = integerFlag(values.runs, 'runs') ?? DEFAULT_BASELINE_RUNS
    const receiptDir = mkdtempSync(join(tmpdir(), 'perf-sentinel-baseline-'))
    try {
      for (let run = 1; run <= runs; run++) {
        if (runs > 1) err(`perf-sentinel baseline update: run ${run}/${runs}`)
        const receiptPath = join(receiptDir, `run-${run}.jsonl`)
        const extraEnv = { PERF_SENTINEL_UPDATE: '1', [BASELINE_PROCESS_ENV]: `${run}/${runs}`, [BASELINE_RECEIPT_ENV]: receiptPath }
        const code = runTests(rest, extraEnv, { cwd, env })
        const kept = run > 1 ? 'the baseline holds the runs before it' : 'no baseline recorded'
        if (code !== 0) {
          err(`perf-sentinel baseline update: run ${run}/${runs} failed (exit ${code}); ${kept}.`)
          return code
        }
        const receipts = readReceipts(receiptPath)
        if (receipts.length === 0) {
          // The command passed, but no perf reporter ran in it: nothing was recorded, and exit 0 would say otherwise.
          err(
            `perf-sentinel baseline update: run ${run}/${runs} passed, but perf-sentinel's reporter did not run in it; ${kept}.\n` +
              "Fix: add the perf reporter to the test command or the runner's config — Vitest: vitest run --reporter default --reporter perf " +
              "(or reporters: ['default', 'perf']); Jest: reporters: ['default', 'perf-sentinel/jest/reporter'].",
          )
          return 2
        }
        if (run === 1 && receipts.every((r) => r.measurements === 0)) {
          err(
            'perf-sentinel baseline update: the tests ran with the perf reporter but measured nothing to record (no perf matcher or measure() ran); the baseline is unchanged.',
          )
          return 0
        }
      }
      return 0
    } finally {
      rmSync(receiptDir, { recursive: true, force: true })
    }
  },
}

/** The lines the run ends of one test command appended (one per perf reporter that ran), or none. */
function readReceipts(path: string): BaselineReceipt[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return []
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line): BaselineReceipt[] => {
      try {
        return [JSON.parse(line) as BaselineReceipt]
      } catch {
        return [{ measurements: 0, written: false }]
      }
    })
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
