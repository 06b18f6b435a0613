import { randomBytes } from 'node:crypto'
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../atomicWrite.js'
import { PerfSentinelError } from '../../errors.js'
import type { TrendPoint } from '../../model/report.js'
import type { EnvironmentFingerprint } from '../../model/types.js'
import { parseHistoryRun } from './historyRun.js'
import type { HistoryRun } from './historyRun.js'

/** Where runs are stored, relative to the project root. One file per run, so writers never contend. */
export const DEFAULT_HISTORY_DIR = '.perf-sentinel/history'
/** Bound on stored runs: an ever-growing history is what made gh-pages `data.js` reach gigabytes. */
export const DEFAULT_MAX_RUNS = 500
/** Re-runs of one commit (local iterations, CI retries) beyond this add little to a per-commit trend. */
export const DEFAULT_MAX_RUNS_PER_COMMIT = 5

/** `<time>-<short commit|nocommit>-<pid>-<random>.json`; names sort oldest first. */
const RUN_FILE = /^(\d{8}T\d{9}Z)-([0-9a-f]{7}|nocommit)-(\d+)-([0-9a-f]+)\.json$/
/** Files read at once: enough to hide latency, few enough to stay far from the open-file limit. */
const READ_CONCURRENCY = 32
const FIX = 'fix or delete it (perf-sentinel never modifies or deletes unreadable history)'

/** Which runs `readRuns()` returns; all filters must pass. */
export interface HistoryFilter {
  /** Only runs at this commit (a full SHA or a prefix of one). */
  commit?: string
  /** Only runs whose environment matches, e.g. the same hard fingerprint as the current run. */
  environmentMatches?: (fingerprint: EnvironmentFingerprint) => boolean
  /** Only the newest `limit` runs that pass the other filters. */
  limit?: number
}

/** Runs oldest first, and one line per file that was skipped (path, what is wrong, how to fix it). */
export interface HistoryReadResult {
  runs: HistoryRun[]
  problems: string[]
}

/** Bounds kept by `compactHistory()`. */
export interface CompactOptions {
  /** @default DEFAULT_MAX_RUNS */
  maxRuns?: number
  /** Runs kept per commit; runs without a commit are bounded by `maxRuns` only. @default DEFAULT_MAX_RUNS_PER_COMMIT */
  maxRunsPerCommit?: number
}

/** Stores one run as a new file in `dir` (created if needed) and returns its path. Names never collide. */
export async function appendRun(dir: string, run: HistoryRun): Promise<string> {
  // Validate the JSON form, as a reader will see it (NaN becomes null): never write a run that reads back corrupt.
  const text = JSON.stringify(run)
  const parsed = parseHistoryRun(JSON.parse(text))
  if ('problem' in parsed) {
    throw new PerfSentinelError('E_ARGUMENT', `Refusing to append an invalid run to ${dir}: it ${parsed.problem}`, {
      fix: 'build the run with buildHistoryRun() from finished measurements',
    })
  }
  const time = new Date(run.time).toISOString().replace(/[-:.]/g, '')
  const commit = run.git.commit !== undefined && /^[0-9a-f]{7,}$/i.test(run.git.commit)
    ? run.git.commit.slice(0, 7).toLowerCase()
    : 'nocommit'
  const path = join(dir, `${time}-${commit}-${process.pid}-${randomBytes(4).toString('hex')}.json`)
  await writeFileAtomic(path, `${text}\n`)
  return path
}

/**
 * Reads stored runs, oldest first; files are read newest first until `limit` runs pass the filter. Unreadable files
 * are skipped and reported, never changed.
 */
export async function readRuns(dir: string, filter: HistoryFilter = {}): Promise<HistoryReadResult> {
  const listed = await listRunFiles(dir)
  if ('problem' in listed) {
    return { runs: [], problems: [listed.problem] }
  }
  const limit = filter.limit ?? Number.POSITIVE_INFINITY
  const runs: HistoryRun[] = []
  const problems: string[] = []
  const newestFirst = [...listed.names].reverse()
  for (let start = 0; start < newestFirst.length && runs.length < limit; start += READ_CONCURRENCY) {
    const chunk = newestFirst.slice(start, start + READ_CONCURRENCY).map((name) => join(dir, name))
    const loaded = await Promise.all(chunk.map((path) => loadRun(path)))
    for (const result of loaded) {
      if ('problem' in result) {
        problems.push(result.problem)
      } else if (runs.length < limit && matches(result.run, filter)) {
        runs.push(result.run)
      }
    }
  }
  return { runs: sortRuns(runs), problems }
}

/**
 * Keeps the store bounded: the newest `maxRunsPerCommit` runs of each commit and the newest `maxRuns` overall.
 * Deletes only run files perf-sentinel wrote that still parse; returns what was removed and what was skipped.
 */
export async function compactHistory(
  dir: string,
  options: CompactOptions = {},
): Promise<{ removed: string[]; problems: string[] }> {
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS
  const maxPerCommit = options.maxRunsPerCommit ?? DEFAULT_MAX_RUNS_PER_COMMIT
  const listed = await listRunFiles(dir)
  if ('problem' in listed) {
    return { removed: [], problems: [listed.problem] }
  }
  const perCommit = new Map<string, number>()
  let kept = 0
  const extra: string[] = []
  for (const name of [...listed.names].reverse()) {
    const commit = RUN_FILE.exec(name)?.[2]
    if (commit === undefined) {
      continue // Not a file this store wrote: leave it alone.
    }
    const seen = perCommit.get(commit) ?? 0
    if (kept >= maxRuns || (commit !== 'nocommit' && seen >= maxPerCommit)) {
      extra.push(join(dir, name))
    } else {
      perCommit.set(commit, seen + 1)
      kept++
    }
  }
  const removed: string[] = []
  const problems: string[] = []
  for (const path of extra) {
    const loaded = await loadRun(path)
    if ('problem' in loaded) {
      problems.push(loaded.problem)
      continue
    }
    await rm(path, { force: true })
    removed.push(path)
  }
  return { removed, problems }
}

/** The history of one measurement: one point per run that has it, oldest first. */
export function trendFor(runs: readonly HistoryRun[], id: string): TrendPoint[] {
  const points: TrendPoint[] = []
  for (const run of sortRuns(runs)) {
    const measurement = run.measurements[id]
    if (measurement === undefined) {
      continue
    }
    points.push({
      commit: run.git.commit ?? 'unknown',
      ...(run.git.branch === undefined ? {} : { branch: run.git.branch }),
      time: run.time,
      medianMs: measurement.medianMs,
      p95Ms: measurement.p95Ms,
    })
  }
  return points
}

/** Oldest first by time, then by runId so equal times have a stable order. */
function sortRuns(runs: readonly HistoryRun[]): HistoryRun[] {
  const byRunId = (a: HistoryRun, b: HistoryRun): number => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0)
  return [...runs].sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || byRunId(a, b))
}

function matches(run: HistoryRun, filter: HistoryFilter): boolean {
  if (filter.commit !== undefined && !(run.git.commit ?? '').startsWith(filter.commit)) {
    return false
  }
  return filter.environmentMatches === undefined || filter.environmentMatches(run.environment)
}

async function listRunFiles(dir: string): Promise<{ names: string[] } | { problem: string }> {
  try {
    // Temp files of writers in progress start with "." and end in ".tmp"; they are not runs yet.
    const names = (await readdir(dir)).filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    return { names: names.sort() }
  } catch (error) {
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT') {
      return { names: [] }
    }
    const problem = `could not list the history directory ${dir}: ${String(error)}`
    return { problem: `${problem}\nFix: check that it is a readable directory` }
  }
}

async function loadRun(path: string): Promise<{ run: HistoryRun } | { problem: string }> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    const what = error instanceof SyntaxError ? 'it is not valid JSON' : 'it cannot be read'
    return { problem: `skipped history file ${path}: ${what} (${String(error)})\nFix: ${FIX}` }
  }
  const parsed = parseHistoryRun(json)
  if ('problem' in parsed) {
    return { problem: `skipped history file ${path}: it ${parsed.problem}\nFix: ${parsed.fix}` }
  }
  return parsed
}
