import { join } from 'node:path'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import { PerfSentinelError } from '../errors.js'
import type { MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'
import type { BaselineUpdateMeta } from '../stores/baseline/index.js'
import { planBaselineUpdate, updateBaselineFile } from '../stores/baseline/index.js'
import type { BaselineComparison } from './compareWithBaseline.js'
import type { RerunFiles } from './rerunFiles.js'
import type { RunScope } from './scope.js'

/** What a run may write to the baseline file. */
export type BaselineWrite =
  | { kind: 'none'; why: string }
  /** Add entries that have no baseline yet (outside CI, the default). */
  | { kind: 'new-only' }
  /**
   * Rewrite every entry this run measured and prune removed ones (`-u`, `PERF_SENTINEL_UPDATE=1`, `updateBaseline:
   * true`); with `appendProcess`, this run is process 2…N of `baseline update --runs N` and adds its medians instead.
   */
  | {
      kind: 'all'
      appendProcess?: boolean
      /** Run 1 of `baseline update --runs N`: the command runs the other processes, so this run re-runs nothing. */
      processesByCommand?: boolean
    }

/**
 * Set by `perf-sentinel baseline update --runs N` to `i/N` for each runner process it starts: processes 2…N add
 * their medians to the entries process 1 wrote.
 */
export const BASELINE_PROCESS_ENV = 'PERF_SENTINEL_BASELINE_PROCESS'

/**
 * Set by `perf-sentinel baseline update` to a file each run end appends one line to (`BaselineReceipt` as JSON): a
 * test command whose runs have no perf reporter records nothing, and the command must say so instead of exiting 0.
 */
export const BASELINE_RECEIPT_ENV = 'PERF_SENTINEL_BASELINE_RECEIPT'

/** What one run end tells `baseline update`: how many measurements it had to record, and whether it wrote them. */
export interface BaselineReceipt {
  measurements: number
  written: boolean
}

/** Values `PERF_SENTINEL_UPDATE` accepts, and what they mean. */
const UPDATE_VALUES: Readonly<Record<string, boolean>> = { '1': true, true: true, '0': false, false: false, '': false }

/**
 * The baseline-write policy, a pure function of the options, the runner's update flag, the environment and CI.
 * Like Jest snapshots with --ci: CI never writes a baseline unless asked to explicitly. Throws `E_CONFIG` for a
 * `PERF_SENTINEL_UPDATE` value it does not understand (a typo must not silently skip the update).
 */
export function baselineWritePolicy(
  options: Pick<ResolvedReporterOptions, 'updateBaseline' | 'base'>,
  updateRequested: boolean,
  env: NodeJS.ProcessEnv,
  ci: boolean,
): BaselineWrite {
  const fromEnv = updateFromEnv(env)
  if (options.updateBaseline === false) return { kind: 'none', why: 'updateBaseline is false' }
  if (options.base !== undefined) return { kind: 'none', why: `comparing with the recorded runs of ${options.base}` }
  if (options.updateBaseline === true || updateRequested || fromEnv) {
    const byCommand = env[BASELINE_PROCESS_ENV]
    if (!byCommand) return { kind: 'all' }
    return byCommand.startsWith('1/') ? { kind: 'all', processesByCommand: true } : { kind: 'all', appendProcess: true }
  }
  if (ci)
    return { kind: 'none', why: 'CI never writes the baseline unless asked (-u, PERF_SENTINEL_UPDATE=1 or perf-sentinel baseline update)' }
  return { kind: 'new-only' }
}

/** `PERF_SENTINEL_UPDATE` as a boolean; an unknown value is an error naming the accepted ones. */
export function updateFromEnv(env: NodeJS.ProcessEnv): boolean {
  const raw = env.PERF_SENTINEL_UPDATE
  if (raw === undefined) return false
  const value = UPDATE_VALUES[raw.trim().toLowerCase()]
  if (value !== undefined) return value
  throw new PerfSentinelError('E_CONFIG', `PERF_SENTINEL_UPDATE=${JSON.stringify(raw)} is not understood`, {
    fix: 'use PERF_SENTINEL_UPDATE=1 (or true) to rewrite the baseline, 0 (or false, or unset) not to',
  })
}

/** Everything the baseline step needs. */
export interface SaveBaselineInput {
  rootDir: string
  options: ResolvedReporterOptions
  write: BaselineWrite
  /** Gated measurements of tests that passed: a failed test's numbers never become a baseline. */
  records: readonly MeasurementRecord[]
  compared: BaselineComparison
  meta: BaselineUpdateMeta
  scope: RunScope
  /** Re-runs test files in a fresh process: the baseline's processes 2…`options.baselineRuns`. */
  rerun?: RerunFiles | undefined
  /** Told before the re-runs start (they take a while, on a first run too). */
  progress?: (line: string) => void
}

/** The baseline's further processes: their medians per measurement id, and what kept them from all running. */
interface ExtraProcesses {
  runs: MeasurementRecord[][]
  problem?: string
}

/**
 * Re-runs the test files of `fresh` (`count` times, one after another, each a fresh runner process) and keeps the
 * re-runs' measurements of the same ids. Stops at the first re-run that fails: the baseline then holds the processes
 * before it, and the note says why.
 */
async function recordExtraProcesses(fresh: readonly MeasurementRecord[], count: number, rerun: RerunFiles): Promise<ExtraProcesses> {
  const ids = new Set(fresh.map(measurementId))
  const files = [...new Set(fresh.map((r) => r.file))]
  const runs: MeasurementRecord[][] = []
  for (let i = 0; i < count; i++) {
    const result = await rerun(files)
    if ('problem' in result) return { runs, problem: result.problem }
    const measured = result.records.filter((r) => ids.has(measurementId(r)))
    // A re-run that ran none of them (started in the wrong folder, filtered out) is no process of theirs.
    if (measured.length === 0) return { runs, problem: `the re-run measured none of the ${ids.size} measurement(s)` }
    runs.push(measured)
  }
  return { runs }
}

/** Writes the baseline as `write` says; returns a note for the report, or throws (corrupt, read-only, unwritable). */
export async function saveBaseline(input: SaveBaselineInput): Promise<string | undefined> {
  const { write, options, compared } = input
  if (write.kind === 'none') return undefined
  const explicit = write.kind === 'all'
  const fresh = explicit
    ? input.records
    : input.records.filter((r) => compared.comparison.comparisons.get(measurementId(r))?.verdict === 'new')
  if (fresh.length === 0 && !explicit) return undefined
  const path = join(input.rootDir, options.baselinePath)
  // Processes 2…N of `baseline update --runs N` are the further processes themselves.
  const appendProcess = explicit && write.appendProcess === true
  const byCommand = explicit && write.processesByCommand === true
  const rerun = appendProcess || byCommand ? undefined : input.rerun
  const wanted = rerun ? options.baselineRuns - 1 : 0
  let extra: ExtraProcesses = { runs: [] }
  if (wanted > 0 && fresh.length > 0 && rerun) {
    const files = new Set(fresh.map((r) => r.file)).size
    input.progress?.(
      `perf-sentinel: recording the baseline from ${options.baselineRuns} runner processes: re-running ${files} test file(s) ${wanted} more time(s)…`,
    )
    extra = await recordExtraProcesses(fresh, wanted, rerun)
  }
  let unchanged = false
  await updateBaselineFile(path, (existing) => {
    let next = planBaselineUpdate(existing, fresh, input.meta, {
      prune: explicit && !appendProcess,
      appendProcess,
      ranFiles: input.scope.ranFiles,
      skippedTests: input.scope.skippedTests,
      ...(input.scope.ranProjectFiles === undefined ? {} : { ranProjectFiles: input.scope.ranProjectFiles }),
    })
    for (const run of extra.runs) next = planBaselineUpdate(next, run, input.meta, { prune: false, appendProcess: true })
    // Nothing recorded and nothing pruned (every measured file failed to load, say): the file stays as it is.
    unchanged = fresh.length === 0 && existing !== undefined && Object.keys(next.entries).length === Object.keys(existing.entries).length
    return unchanged ? undefined : next
  })
  if (unchanged) return `Baseline ${options.baselinePath} left as it was: this run recorded no measurement and removed none.`
  if (appendProcess) return `Baseline ${options.baselinePath}: added this process's medians to ${fresh.length} measurement(s).`
  const processes = extra.runs.length + 1
  // A run that cannot re-run its files (Vitest --merge-reports) records from itself alone: say so when more were asked.
  const alone = !appendProcess && !byCommand && rerun === undefined && options.baselineRuns > 1
  const from =
    wanted === 0
      ? alone
        ? ' from 1 runner process (this run cannot re-run its test files, e.g. --merge-reports)'
        : ''
      : ` from ${processes} runner process(es)${
          extra.problem === undefined ? '' : ` (not ${wanted + 1}: re-run ${processes} of ${wanted} failed: ${extra.problem})`
        }`
  return explicit
    ? `Baseline ${options.baselinePath} updated with ${fresh.length} measurement(s)${from}.`
    : `Baseline ${options.baselinePath}: ${fresh.length} new measurement(s) recorded${from}.`
}

/** What this run writes to the baseline file: the policy, unless nothing was compared or `baseline update` stops here. */
export function writeThisRun(policy: BaselineWrite | undefined, failedTests: number): BaselineWrite {
  if (policy === undefined) return { kind: 'none', why: 'nothing was compared' }
  // Run 1 of `perf-sentinel baseline update` with a failed test: the command stops there and says nothing was recorded.
  if (policy.kind === 'all' && policy.processesByCommand === true && failedTests > 0)
    return { kind: 'none', why: `${failedTests} test(s) failed, and perf-sentinel baseline update stops at a failed run` }
  return policy
}
