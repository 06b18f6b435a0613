import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunPrefetch } from '../../../src/pipeline/prefetch.js'
import { startFullHistoryOnceMeasured } from '../../../src/runners/jest/measuredFiles.js'
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

describe('startFullHistoryOnceMeasured()', () => {
  it('starts the full history read once a sidecar is there, not for resource logs or a missing folder', async () => {
    const dir = join(await tempDir(), 'sidecars')
    const { prefetch, asked } = counting()
    expect(startFullHistoryOnceMeasured(dir, prefetch)).toBe(false)
    await mkdir(dir)
    await writeFile(join(dir, '1.resources.jsonl'), '{}\n')
    await writeFile(join(dir, 'abc-1-2.json.tmp'), '{')
    expect(startFullHistoryOnceMeasured(dir, prefetch)).toBe(false)
    await writeFile(join(dir, 'abc-1-2.json'), '{}')
    expect(startFullHistoryOnceMeasured(dir, prefetch)).toBe(true)
    await prefetch
    await new Promise((resolve) => setImmediate(resolve))
    expect(asked()).toBe(1)
    // No prefetch (a confirmation re-run): nothing to start.
    expect(startFullHistoryOnceMeasured(dir, undefined)).toBe(false)
  })
})
