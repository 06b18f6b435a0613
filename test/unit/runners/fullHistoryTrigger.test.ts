import { mkdir, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunPrefetch } from '../../../src/pipeline/prefetch.js'
import { FullHistoryTrigger } from '../../../src/runners/jest/fullHistoryTrigger.js'
import { tempDir } from '../stores/fixtures.js'

/** A prefetch that counts the full-history requests it gets. */
function counting(): { prefetch: Promise<RunPrefetch | undefined>; asked: () => number } {
  let asked = 0
  const ready = {
    git: Promise.resolve({ notes: [] }),
    recentHistory: Promise.resolve({ runs: [], problems: [] }),
    history: () => {
      asked++
      return Promise.resolve({ runs: [], problems: [] })
    },
  } as unknown as RunPrefetch
  return { prefetch: Promise.resolve(ready), asked: () => asked }
}

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Moves the folder's modification time, as adding or renaming an entry does (a test needs no real clock tick). */
async function touched(dir: string, at: number): Promise<void> {
  await utimes(dir, at, at)
}

/** `check` after `files` more test files: the trigger looks at the folder once per `EVERY` files. */
function checkAfter(
  trigger: FullHistoryTrigger,
  prefetch: Promise<RunPrefetch | undefined> | undefined,
  files = FullHistoryTrigger.EVERY,
): boolean {
  let started = false
  for (let i = 0; i < files; i++) started = trigger.check(prefetch)
  return started
}

describe('FullHistoryTrigger', () => {
  it('starts the full history read once a sidecar is there, not for resource logs, temp files or a missing folder', async () => {
    const dir = join(await tempDir(), 'sidecars')
    const trigger = new FullHistoryTrigger(dir)
    const { prefetch, asked } = counting()
    expect(checkAfter(trigger, prefetch)).toBe(false)
    await mkdir(dir)
    await writeFile(join(dir, '1.resources.jsonl'), '{}\n')
    await writeFile(join(dir, 'abc-1-2.json.tmp'), '{')
    await touched(dir, 1_000)
    expect(checkAfter(trigger, prefetch)).toBe(false)
    await writeFile(join(dir, 'abc-1-2.json'), '{}')
    // The folder's time did not move (a coarse file system): not listed again, nothing started yet.
    await touched(dir, 1_000)
    expect(checkAfter(trigger, prefetch)).toBe(false)
    // Looked at on the first of every EVERY files only: a sidecar that appears after a look waits for the next one.
    expect(trigger.check(prefetch)).toBe(false)
    await touched(dir, 2_000)
    expect(checkAfter(trigger, prefetch, FullHistoryTrigger.EVERY - 1)).toBe(false)
    expect(trigger.check(prefetch)).toBe(true)
    expect(trigger.check(prefetch)).toBe(true)
    await settled()
    expect(asked()).toBe(1)
    // A new run (watch mode) starts over, from its first file; a run without prefetch (a confirmation re-run) has
    // nothing to start.
    trigger.reset()
    expect(trigger.check(undefined)).toBe(false)
    expect(trigger.check(prefetch)).toBe(true)
    await settled()
    expect(asked()).toBe(2)
  })
})
