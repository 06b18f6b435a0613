/**
 * Keeps a history folder bounded — in runs, in runs per commit and in bytes — and cheap to read: once more than
 * `LOOSE_MAX` run files pile up, the older ones are merged into segments (segment.ts). One compaction at a time
 * (a lock file in the folder): concurrent shards of one CI run each append and compact.
 */
import { randomBytes } from 'node:crypto'
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../atomicWrite.js'
import { withFileLock } from '../fileLock.js'
import { errorMessage } from '../../errors.js'
import type { HistoryEntry } from './historyFiles.js'
import { entrySizes, fileTime, listHistory, loadEntry } from './historyFiles.js'
import type { HistoryRun } from './historyRun.js'
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_RUNS, DEFAULT_MAX_RUNS_PER_COMMIT, sortRuns } from './historyStore.js'
import { encodeSegment, SEGMENT_RUNS } from './segment.js'

/** Bounds kept by `compactHistory()`. */
export interface CompactOptions {
  /** @default DEFAULT_MAX_RUNS */
  maxRuns?: number
  /**
   * Runs kept per commit and measurement; runs without a commit are bounded by `maxRuns` only. Shards of one run
   * measure different tests, so each is kept. @default DEFAULT_MAX_RUNS_PER_COMMIT
   */
  maxRunsPerCommit?: number
  /** Bytes the folder's run and segment files may take. @default DEFAULT_MAX_BYTES */
  maxBytes?: number
}

/** Run files left as they are; beyond this many, the older ones are merged into segments. */
const LOOSE_MAX = 20
/** Run files a merge leaves in place (the newest). */
const LOOSE_KEEP = 10
/** Segments of fewer than `SEGMENT_RUNS` runs tolerated before they are merged into full ones. */
const SMALL_SEGMENTS_MAX = 5

/** What a compaction did: files removed, unreadable files left as they are, and what kept it from finishing. */
export interface CompactOutcome {
  removed: string[]
  /** Files that did not read back: never modified or deleted, one line each saying why. */
  skipped: string[]
  /** What went wrong beyond single files (the folder unreadable, the lock not taken, a write failed). */
  problems: string[]
}

/**
 * Applies the bounds, newest runs first kept, and merges older run files into segments. Deletes only files
 * perf-sentinel wrote that still read back; returns what was removed and what was skipped. Never throws.
 */
export async function compactHistory(dir: string, options: CompactOptions = {}): Promise<CompactOutcome> {
  const listed = await listHistory(dir)
  if ('problem' in listed) return { removed: [], skipped: [], problems: [listed.problem] }
  if (listed.entries.length === 0) return { removed: [], skipped: [], problems: [] }
  try {
    return await withFileLock(join(dir, '.compact.lock'), () => compactLocked(dir, options), { timeoutMs: 15_000 })
  } catch (error) {
    return { removed: [], skipped: [], problems: [`history in ${dir} not compacted: ${errorMessage(error)}`] }
  }
}

async function compactLocked(dir: string, options: CompactOptions): Promise<CompactOutcome> {
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS
  const maxPerCommit = options.maxRunsPerCommit ?? DEFAULT_MAX_RUNS_PER_COMMIT
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const listed = await listHistory(dir)
  if ('problem' in listed) return { removed: [], skipped: [], problems: [listed.problem] }
  const removed: string[] = []
  const skipped: string[] = []
  const problems: string[] = []
  const loaded = new Map<HistoryEntry, HistoryRun[]>()
  /** The runs of an entry, or undefined (and a problem) when it does not read back. */
  const runsOf = async (entry: HistoryEntry, keep = true): Promise<HistoryRun[] | undefined> => {
    const known = loaded.get(entry)
    if (known) return known
    const result = await loadEntry(entry)
    if ('problem' in result) {
      if (!skipped.includes(result.problem)) skipped.push(result.problem)
      return undefined
    }
    if (keep) loaded.set(entry, result.runs)
    return result.runs
  }
  const drop = async (entry: HistoryEntry): Promise<void> => {
    if ((await runsOf(entry)) === undefined) return
    await rm(entry.path, { force: true })
    removed.push(entry.path)
  }

  // 1. Re-runs of a commit: the newest `maxPerCommit` runs of the same tests stay. Shards and filtered runs measure
  // other tests, so each is kept. Run files name their measurement set, so no file is read to decide; files of older
  // versions (no set in the name) are read, and capped per measurement.
  const dropped = new Set<HistoryEntry>()
  const groups = new Map<string, HistoryEntry[]>()
  for (const entry of listed.entries) {
    if (entry.kind !== 'run' || entry.commit === 'nocommit') continue
    const key = `${entry.commit} ${entry.set ?? 'unnamed'}`
    groups.set(key, [...(groups.get(key) ?? []), entry])
  }
  for (const entries of groups.values()) {
    if (entries.length <= maxPerCommit) continue
    if (entries[0]?.set !== undefined) {
      for (const entry of entries.slice(maxPerCommit)) {
        dropped.add(entry)
        await drop(entry)
      }
      continue
    }
    const kept = new Map<string, number>()
    for (const entry of entries) {
      const runs = await runsOf(entry)
      if (runs === undefined) continue
      // Names carry 7 characters of the commit: tell apart commits sharing them by the full one inside.
      const full = runs[0]?.git.commit ?? ''
      const ids = runs.flatMap((run) => Object.keys(run.measurements).map((id) => `${full} ${id}`))
      const measured = ids.length === 0 ? [full] : ids
      if (measured.some((id) => (kept.get(id) ?? 0) < maxPerCommit)) {
        for (const id of measured) kept.set(id, (kept.get(id) ?? 0) + 1)
      } else {
        dropped.add(entry)
        await drop(entry)
      }
    }
  }

  // 2. Older run files become a new segment (only they are encoded: cheap), before the byte bound (merged, they
  // take a fraction of the bytes). Small segments are merged into full ones once there are several (every ~50 runs).
  // Not kept in memory: a first compaction of a large folder merges hundreds of runs, a segment at a time.
  const loose = listed.entries.filter((entry) => entry.kind === 'run' && !dropped.has(entry))
  if (loose.length > LOOSE_MAX) await mergeIntoSegments(dir, loose.slice(LOOSE_KEEP), (entry) => runsOf(entry, false), problems)
  const afterMerge = await listHistory(dir)
  const small = 'problem' in afterMerge ? [] : afterMerge.entries.filter((entry) => entry.kind === 'segment' && entry.runs < SEGMENT_RUNS)
  if (small.length >= SMALL_SEGMENTS_MAX) await mergeIntoSegments(dir, small, (entry) => runsOf(entry, false), problems)

  // 3. Totals, newest first: runs and bytes. Once a bound is reached, every older file goes.
  const relisted = await listHistory(dir)
  if ('problem' in relisted) return { removed, skipped, problems: [...problems, relisted.problem] }
  const sizes = await entrySizes(relisted.entries)
  let runCount = 0
  let bytes = 0
  let full = false
  for (const [index, entry] of relisted.entries.entries()) {
    const size = sizes[index] ?? 0
    const roomByBytes = entry.runs > 0 ? Math.floor((maxBytes - bytes) / (size / entry.runs)) : entry.runs
    const allowed = full ? 0 : Math.max(0, Math.min(entry.runs, maxRuns - runCount, roomByBytes))
    if (allowed < entry.runs) full = true
    if (allowed === entry.runs) {
      runCount += entry.runs
      bytes += size
    } else if (allowed === 0 || entry.kind === 'run') {
      await drop(entry)
    } else {
      // A segment crossing a bound keeps its newest runs, 10% below the bounds so that the next runs do not rewrite
      // it again each time (fewer still if compression makes the estimate too large).
      const runs = await runsOf(entry)
      if (runs === undefined) continue
      const ordered = sortRuns(runs)
      const headroom = Math.min(maxRuns - Math.floor(maxRuns / 10) - runCount, Math.floor((maxBytes * 0.9 - bytes) / (size / entry.runs)))
      for (let keep = Math.max(0, Math.min(allowed, headroom)); keep > 0; keep--) {
        const path = await writeSegment(dir, ordered.slice(ordered.length - keep))
        const written = (await stat(path)).size
        if (bytes + written <= maxBytes || keep === 1) {
          runCount += keep
          bytes += written
          break
        }
        await rm(path, { force: true })
      }
      await rm(entry.path, { force: true })
      removed.push(entry.path)
    }
  }
  return { removed, skipped, problems }
}

/** Writes runs (any order) as one segment file; returns its path. */
async function writeSegment(dir: string, runs: readonly HistoryRun[]): Promise<string> {
  const ordered = sortRuns(runs)
  const newest = ordered[ordered.length - 1] as HistoryRun
  const path = join(dir, `segment-${fileTime(newest.time)}-${ordered.length}-${randomBytes(4).toString('hex')}.json.gz`)
  await writeFileAtomic(path, encodeSegment(ordered))
  return path
}

/**
 * Moves the runs of `files` (run files or segments) into segments of `SEGMENT_RUNS` runs, oldest first, one
 * segment's worth at a time (a first compaction of a large old folder stays within memory). New files are written
 * before old ones are deleted: a crash in between leaves runs twice, which readers return once.
 */
async function mergeIntoSegments(
  dir: string,
  files: readonly HistoryEntry[],
  runsOf: (entry: HistoryEntry) => Promise<HistoryRun[] | undefined>,
  problems: string[],
): Promise<void> {
  let batch: HistoryEntry[] = []
  let runs: HistoryRun[] = []
  const flush = async (): Promise<boolean> => {
    if (runs.length === 0) return true
    try {
      await writeSegment(dir, runs)
    } catch (error) {
      problems.push(`history runs not merged into a segment: ${errorMessage(error)}`)
      return false
    }
    await Promise.all(batch.map((entry) => rm(entry.path, { force: true })))
    batch = []
    runs = []
    return true
  }
  for (const file of [...files].sort((a, b) => a.timeMs - b.timeMs)) {
    const read = await runsOf(file)
    if (read === undefined) continue
    batch.push(file)
    runs.push(...read)
    if (runs.length >= SEGMENT_RUNS && !(await flush())) return
  }
  await flush()
}
