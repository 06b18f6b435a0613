/**
 * A Jest worker thread's resource timelines, one JSON line per test file, appended to one file per thread in the
 * sidecar folder. A file without measurements used to write a sidecar of its own just for its timeline — a temp file,
 * its rename and a `mkdir`, ~0.4–0.9 ms per test file in a worker on this VM (BENCHMARKS.md part 2, tenth session);
 * appending a line to a file the thread keeps open is one `fstat` and one `write`. The reporter reads every line and
 * skips one it cannot parse (the last line of a worker killed while writing it).
 */
import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { currentThread } from '../../diagnostics/resources/startResourceSampler.js'
import { threadSlot } from '../../diagnostics/resources/threadSlots.js'

/** How a resource log's file name ends (sidecars end in `.json`). */
export const RESOURCE_LOG_SUFFIX = '.resources.jsonl'

/**
 * Appends `timeline` as one line to this thread's log in `dir`. The descriptor stays open for the thread's life (a
 * thread slot keeps the number: no sandbox stays reachable; not on Windows, see below); a file removed since — the
 * reporter removes the folder when a run ends, and a watch run makes it again — is opened anew. Throws what the file
 * system throws.
 */
export function appendResourceLog(dir: string, timeline: unknown): void {
  const slot = threadSlot<number>(`resourceLog.${dir}`)
  let fd = slot.get()
  if (fd !== undefined && fstatSync(fd).nlink === 0) {
    closeSync(fd)
    fd = undefined
  }
  if (fd === undefined) {
    mkdirSync(dir, { recursive: true })
    fd = openSync(join(dir, `${process.pid}-${currentThread().threadId}${RESOURCE_LOG_SUFFIX}`), 'a')
    slot.set(fd)
  }
  writeSync(fd, `${JSON.stringify(timeline)}\n`)
  // Windows does not remove a folder while a file in it is open, and in watch mode the workers outlive the run whose
  // reporter removes it: there the log is closed after each line.
  if (process.platform === 'win32') {
    closeSync(fd)
    slot.set(undefined)
  }
}

/** The timelines of one resource log; a line that does not parse (a torn last write) is skipped. */
export function parseResourceLog(text: string): unknown[] {
  const timelines: unknown[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    try {
      timelines.push(JSON.parse(line))
    } catch {
      // A worker killed mid-write: the readings before it are in the lines above.
    }
  }
  return timelines
}
