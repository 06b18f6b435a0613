import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { toLeak } from '../../../../matchers/toLeak.js'
import type { PendingRecord } from '../../../../src/record/recorder.js'
import { installRecorder } from '../../../../src/record/recorder.js'
import { matcherContext } from './matcherContext.js'
import { leakingHundredBytes } from './memoryFixtures.js'

const RECORDER_KEY = Symbol.for('perf-sentinel.recorder')

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[RECORDER_KEY]
})

describe('toLeak()', () => {
  it('.not passes for a clean function and records the leak figures without snapshots', async () => {
    const records: PendingRecord[] = []
    installRecorder({ record: (r) => records.push(r) })
    const result = await toLeak.call(matcherContext(true), async () => ({ done: true }))
    expect(result.pass).toBe(false)
    expect(records[0]).toMatchObject({
      name: 'toLeak',
      kind: 'matcher',
      memory: { leak: { leaking: false, iterations: 1000, rounds: 10 } },
    })
    expect(records[0]?.memory?.leak?.snapshots).toBeUndefined()
    expect(records[0]?.result.n).toBe(10)
  })

  it('.not fails for a 100 B/op leak with the slope, the returned values and a heap snapshot pair', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-toLeak-'))
    try {
      const result = await toLeak.call(matcherContext(true, 'cache > grows'), leakingHundredBytes(), { snapshotDir: dir, iterations: 500 })
      expect(result.pass).toBe(true)
      const message = result.message()
      expect(message).toMatch(/^expect\(received\)\.not\.toLeak\(\)/)
      expect(message).toMatch(/Expected: no leak \(post-GC heap over 500 iterations in 10 rounds\)/)
      expect(message).toMatch(/Received: a leak: the post-GC heap grew \d+ B per iteration, in \d+% of rounds/)
      expect(message).toMatch(/Returned values: \d+ of \d+ watched never collected/)
      expect(message).toMatch(
        /Heap snapshots \(Chrome DevTools → Memory → Load both[\s\S]*cache-grows-\d+-\d+-before\.heapsnapshot\n.*cache-grows-\d+-\d+-after\.heapsnapshot/,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('without .not, passes for a leak and writes no snapshot (the test does not fail)', async () => {
    const result = await toLeak.call(matcherContext(false), leakingHundredBytes(), {
      snapshotDir: join(tmpdir(), 'never-written'),
      iterations: 300,
    })
    expect(result.pass).toBe(true)
    expect(result.message()).not.toMatch(/Heap snapshots/)
  })

  it('reports a throwing function as such', async () => {
    await expect(
      toLeak.call(matcherContext(true), () => {
        throw new TypeError('bad input')
      }),
    ).rejects.toThrow(/toLeak: the measured function threw, so nothing was measured\.\nTypeError: bad input/)
  })

  it('rejects an unknown option', () => {
    expect(() => toLeak.call(matcherContext(true), () => 1, { iteration: 5 } as never)).toThrow(
      /option "iteration" must be one of: iterations, rounds, snapshotDir, name/,
    )
  })
})
