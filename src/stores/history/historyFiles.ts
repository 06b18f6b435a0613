/**
 * The files of a history folder: one file per recent run (`<time>-<short commit|nocommit>-<pid>-<random>-m<set>.json`,
 * so concurrent writers never collide; `<set>` tells runs of the same tests from shards and partial runs) and segments of merged older runs (`segment-<newest time>-<runs>-<random>.json.gz`).
 * Names carry what compaction and reading need to plan (time, commit, run count) without opening the files.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { HistoryRun } from './historyRun.js'
import { decodeRunFile } from './runEncoding.js'
import { decodeSegment } from './segment.js'

const RUN_FILE = /^(\d{8}T\d{9}Z)-([0-9a-f]{7}|nocommit)-(\d+)-([0-9a-f]+)(?:-m([0-9a-f]{8}))?\.json$/
const SEGMENT_FILE = /^segment-(\d{8}T\d{9}Z)-(\d+)-([0-9a-f]+)\.json\.gz$/

/** One file of the folder, with what its name says. */
export interface HistoryEntry {
  kind: 'run' | 'segment'
  name: string
  path: string
  /** The run's time, or the newest run's time of a segment (ms since the epoch). */
  timeMs: number
  /** Short commit of a run file ('nocommit' without one); undefined for segments. */
  commit?: string
  /** A run file's measurement set (`measurementSetKey`); undefined for segments and files of older versions. */
  set?: string
  /** Runs in the file. */
  runs: number
}

/** 8 hex characters naming a set of measurement ids: runs of the same tests share it, shards and filtered runs do not. */
export function measurementSetKey(ids: readonly string[]): string {
  return createHash('sha1')
    .update([...ids].sort().join('\n'))
    .digest('hex')
    .slice(0, 8)
}

/** `20261123T100000000Z` (the time as file names write it) from an ISO time. */
export function fileTime(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:.]/g, '')
}

function parseFileTime(stamp: string): number {
  const [, y, mo, d, h, mi, s, ms] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp) ?? []
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms))
}

/** The folder's run and segment files, newest first; other files are left out (and left alone). */
export async function listHistory(dir: string): Promise<{ entries: HistoryEntry[] } | { problem: string }> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return { entries: [] }
    return { problem: `could not list the history directory ${dir}: ${String(error)}\nFix: check that it is a readable directory` }
  }
  const entries: HistoryEntry[] = []
  for (const name of names) {
    const run = RUN_FILE.exec(name)
    if (run) {
      const set = run[5]
      entries.push({
        kind: 'run',
        name,
        path: join(dir, name),
        timeMs: parseFileTime(run[1] as string),
        commit: run[2] as string,
        runs: 1,
        ...(set ? { set } : {}),
      })
      continue
    }
    const segment = SEGMENT_FILE.exec(name)
    if (segment)
      entries.push({ kind: 'segment', name, path: join(dir, name), timeMs: parseFileTime(segment[1] as string), runs: Number(segment[2]) })
  }
  // Names sort by time; the name breaks ties so the order is stable.
  return { entries: entries.sort((a, b) => b.timeMs - a.timeMs || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)) }
}

/** The runs of one file (oldest first), or a line saying why it was skipped; a file gone meanwhile has no runs. */
export async function loadEntry(entry: HistoryEntry): Promise<{ runs: HistoryRun[] } | { problem: string }> {
  let data: Buffer
  try {
    data = await readFile(entry.path)
  } catch (error) {
    // Compaction of another process may have merged it into a segment since the folder was listed.
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return { runs: [] }
    return { problem: `skipped history file ${entry.path}: it cannot be read (${String(error)})\nFix: check its permissions` }
  }
  if (entry.kind === 'segment') {
    const decoded = decodeSegment(data)
    return 'problem' in decoded ? { problem: `skipped history file ${entry.path}: it ${decoded.problem}\nFix: ${decoded.fix}` } : decoded
  }
  let json: unknown
  try {
    json = JSON.parse(data.toString('utf8'))
  } catch (error) {
    return {
      problem: `skipped history file ${entry.path}: it is not valid JSON (${String(error)})\nFix: fix or delete it (perf-sentinel never modifies or deletes unreadable history)`,
    }
  }
  const decoded = decodeRunFile(json)
  return 'problem' in decoded
    ? { problem: `skipped history file ${entry.path}: it ${decoded.problem}\nFix: ${decoded.fix}` }
    : { runs: [decoded.run] }
}

/** Bytes of each entry (0 for one gone meanwhile). */
export async function entrySizes(entries: readonly HistoryEntry[]): Promise<number[]> {
  return Promise.all(
    entries.map((entry) =>
      stat(entry.path).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  )
}
