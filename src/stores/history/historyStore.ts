import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { writeFileAtomic } from '../atomicWrite.js'
import { PerfSentinelError } from '../../errors.js'
import type { EnvironmentFingerprint } from '../../model/types.js'
import type { HistoryEntry } from './historyFiles.js'
import { fileTime, listHistory, loadEntry, measurementSetKey } from './historyFiles.js'
import type { HistoryRun } from './historyRun.js'
import type { RunPoint } from './runEncoding.js'
import { decodeRunFile, encodeRunFile, pointReader } from './runEncoding.js'
import { summarizeProblems } from './summarizeProblems.js'

/** Where runs are stored, relative to the project root. One file per run, so writers never contend. */
export const DEFAULT_HISTORY_DIR = '.perf-sentinel/history'
/** Bound on stored runs: an ever-growing history is what made gh-pages `data.js` reach gigabytes. */
export const DEFAULT_MAX_RUNS = 500
/** Re-runs of one commit (local iterations, CI retries) beyond this add little to a per-commit trend. */
export const DEFAULT_MAX_RUNS_PER_COMMIT = 5
/** Bound on the folder's size: 500 runs of a 2,000-test suite take ~15 MB in segments. */
export const DEFAULT_MAX_BYTES: number = 64 * 2 ** 20

/** Run files read at once: enough to hide latency, few enough to stay far from the open-file limit. */
const READ_CONCURRENCY = 32

/** Which runs `readRuns()` returns; all filters must pass. */
export interface HistoryFilter {
  /** Only runs at this commit (a full SHA or a prefix of one). */
  commit?: string
  /** Only runs whose environment matches, e.g. the same hard fingerprint as the current run. */
  environmentMatches?: (fingerprint: EnvironmentFingerprint) => boolean
  /** Only the newest `limit` runs that pass the other filters. */
  limit?: number
  /**
   * Files of this folder loaded by an earlier read, by path, and where this read adds the ones it loads: a second,
   * deeper read of one run's history (prefetch.ts) does not parse the newest files again.
   */
  loaded?: Map<string, Promise<LoadedEntry>>
}

type LoadedEntry = Awaited<ReturnType<typeof loadEntry>>

/** Runs oldest first, and one line per file that was skipped (path, what is wrong, how to fix it). */
export interface HistoryReadResult {
  runs: HistoryRun[]
  problems: string[]
}

/** Stores one run as a new file in `dir` (created if needed) and returns its path. Names never collide. */
export async function appendRun(dir: string, run: HistoryRun): Promise<string> {
  // Validate the stored form, as a reader will see it (NaN becomes null): never write a run that reads back corrupt.
  const text = encodeRunFile(run)
  const decoded = decodeRunFile(JSON.parse(text))
  if ('problem' in decoded) {
    throw new PerfSentinelError('E_ARGUMENT', `Refusing to append an invalid run to ${dir}: it ${decoded.problem}`, {
      fix: 'build the run with buildHistoryRun() from finished measurements',
    })
  }
  const commit =
    run.git.commit !== undefined && /^[0-9a-f]{7,}$/i.test(run.git.commit) ? run.git.commit.slice(0, 7).toLowerCase() : 'nocommit'
  const set = measurementSetKey(Object.keys(run.measurements))
  const path = join(dir, `${fileTime(run.time)}-${commit}-${process.pid}-${randomBytes(4).toString('hex')}-m${set}.json`)
  await writeFileAtomic(path, text)
  return path
}

/**
 * Reads stored runs, oldest first. Files are read newest first and only until the newest `limit` runs that pass the
 * filter are known, so the cost follows `limit`, not the number of runs stored. Unreadable files are skipped and
 * reported, never changed; a run stored twice (a merge interrupted by a crash) is returned once.
 */
export async function readRuns(dir: string, filter: HistoryFilter = {}): Promise<HistoryReadResult> {
  const listed = await listHistory(dir)
  if ('problem' in listed) return { runs: [], problems: [listed.problem] }
  const limit = filter.limit ?? Number.POSITIVE_INFINITY
  const runs: HistoryRun[] = []
  const problems: string[] = []
  const seen = new Set<string>()
  const entries = listed.entries
  for (let start = 0; start < entries.length; ) {
    if (enough(runs, limit, (entries[start] as HistoryEntry).timeMs)) break
    // Run files in parallel batches — unfiltered, no more of them than runs still wanted (a run file holds one run)
    // — and a segment (up to 100 runs) on its own.
    const unfiltered = filter.commit === undefined && filter.environmentMatches === undefined
    const batch = unfiltered ? Math.min(READ_CONCURRENCY, Math.max(1, limit - runs.length)) : READ_CONCURRENCY
    let end = start + 1
    while (end < entries.length && end - start < batch && entries[start]?.kind === 'run' && entries[end]?.kind === 'run') end++
    const loaded = await Promise.all(entries.slice(start, end).map((entry) => load(entry, filter.loaded)))
    start = end
    for (const result of loaded) {
      if ('problem' in result) {
        problems.push(result.problem)
        continue
      }
      for (const run of result.runs) {
        if (seen.has(run.runId) || !matches(run, filter)) continue
        seen.add(run.runId)
        runs.push(run)
      }
    }
  }
  const sorted = sortRuns(runs)
  return {
    runs: Number.isFinite(limit) ? sorted.slice(Math.max(0, sorted.length - limit)) : sorted,
    problems: summarizeProblems(problems, `history files in ${dir}`),
  }
}

/** `loadEntry`, once per file when a `loaded` map is shared between reads. */
function load(entry: HistoryEntry, loaded: Map<string, Promise<LoadedEntry>> | undefined): Promise<LoadedEntry> {
  if (loaded === undefined) return loadEntry(entry)
  let result = loaded.get(entry.path)
  if (result === undefined) {
    result = loadEntry(entry)
    loaded.set(entry.path, result)
  }
  return result
}

/** True when `limit` runs are known and all of them are newer than anything a file as new as `nextMs` can hold. */
function enough(runs: readonly HistoryRun[], limit: number, nextMs: number): boolean {
  if (runs.length < limit) return false
  const times = runs.map(timeOf).sort((a, b) => b - a)
  return (times[limit - 1] as number) > nextMs
}

/** A measurement's history as parallel arrays, oldest first: the runs that have it, its median and p95 in each. */
export interface TrendSeries {
  runs: HistoryRun[]
  medianMs: number[]
  p95Ms: number[]
}

/**
 * The history of one measurement, oldest first — the newest `limit` runs that have it when given — as parallel
 * arrays, without an object per point (the run end asks for thousands of test durations × 11 runs). Cheap enough to
 * call once per measurement of a large run: runs read from disk answer without building their measurement objects,
 * and runs already in order (as `readRuns` returns them) are not sorted again.
 */
export function trendSeries(runs: readonly HistoryRun[], id: string, limit: number = Number.POSITIVE_INFINITY): TrendSeries {
  const series: TrendSeries = { runs: [], medianMs: [], p95Ms: [] }
  const { ordered, readers } = prepared(runs)
  for (let i = ordered.length - 1; i >= 0 && series.runs.length < limit; i--) {
    const point = (readers[i] as PointReader)(id)
    if (point === undefined) continue
    series.runs.push(ordered[i] as HistoryRun)
    series.medianMs.push(point.medianMs)
    series.p95Ms.push(point.p95Ms)
  }
  series.runs.reverse()
  series.medianMs.reverse()
  series.p95Ms.reverse()
  return series
}

type PointReader = (id: string) => RunPoint | undefined

const times = new WeakMap<HistoryRun, number>()

function timeOf(run: HistoryRun): number {
  let time = times.get(run)
  if (time === undefined) {
    time = Date.parse(run.time)
    times.set(run, time)
  }
  return time
}

function compareRuns(a: HistoryRun, b: HistoryRun): number {
  return timeOf(a) - timeOf(b) || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0)
}

/** A run list made ready for trends: oldest first, and each run's point reader (its stored form looked up once). */
interface PreparedRuns {
  /** The runs as they were when prepared: the entry holds while the list holds the same runs. */
  runs: readonly HistoryRun[]
  ordered: readonly HistoryRun[]
  readers: PointReader[]
}

// Trends ask about one list once per measurement (thousands per run): it is prepared once, and again whenever any of
// its runs changed (n identity checks are far cheaper than n stored-form lookups).
const preparedLists = new WeakMap<readonly HistoryRun[], PreparedRuns>()

function prepared(runs: readonly HistoryRun[]): PreparedRuns {
  const known = preparedLists.get(runs)
  if (known && known.runs.length === runs.length && known.runs.every((run, i) => run === runs[i])) return known
  let ordered: readonly HistoryRun[] = runs
  for (let i = 1; i < runs.length; i++) {
    if (compareRuns(runs[i - 1] as HistoryRun, runs[i] as HistoryRun) > 0) {
      ordered = sortRuns(runs)
      break
    }
  }
  const entry = { runs: [...runs], ordered, readers: ordered.map(pointReader) }
  preparedLists.set(runs, entry)
  return entry
}

/** Oldest first by time, then by runId so equal times have a stable order. */
export function sortRuns(runs: readonly HistoryRun[]): HistoryRun[] {
  return [...runs].sort(compareRuns)
}

function matches(run: HistoryRun, filter: HistoryFilter): boolean {
  if (filter.commit !== undefined && !(run.git.commit ?? '').startsWith(filter.commit)) return false
  return filter.environmentMatches === undefined || filter.environmentMatches(run.environment)
}
