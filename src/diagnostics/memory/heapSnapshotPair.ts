import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { writeHeapSnapshot } from 'node:v8'

/**
 * Writes one heap snapshot pair around one more round of a leaking function: open both in Chrome DevTools (Memory →
 * Load) and pick "Objects allocated between snapshots" on the second to see what the round left behind. Only for
 * failing checks: a snapshot stops the process for as long as it takes to walk the heap (Jest's --detectLeaks pays
 * this on every test file). Returns the paths, relative to the working directory.
 */
export async function writeHeapSnapshotPair(
  dir: string,
  name: string,
  collect: () => void,
  round: () => Promise<void>,
): Promise<[string, string]> {
  mkdirSync(dir, { recursive: true })
  const stem = `${
    name
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'leak'
  }-${process.pid}-${Date.now()}`
  const before = join(dir, `${stem}-before.heapsnapshot`)
  const after = join(dir, `${stem}-after.heapsnapshot`)
  collect()
  writeHeapSnapshot(before)
  await round()
  collect()
  writeHeapSnapshot(after)
  return [before.split('\\').join('/'), after.split('\\').join('/')]
}
