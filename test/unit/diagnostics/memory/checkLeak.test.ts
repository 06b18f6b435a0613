import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkLeak } from '../../../../src/diagnostics/memory/checkLeak.js'
import { LEAK_MIN_GROWING_SHARE } from '../../../../src/diagnostics/memory/judgeLeak.js'
import { cleanFixtures, leakingHundredBytes, leakingResults } from './memoryFixtures.js'

const options = { name: 'fixture', snapshot: false }

describe('checkLeak()', () => {
  it('catches a 100 B/op retained leak from the post-GC heap slope', async () => {
    const { figures } = await checkLeak(leakingHundredBytes(), options)
    const seen = JSON.stringify(figures)
    expect(figures.leaking, seen).toBe(true)
    expect(figures.slopeBytesPerOp, seen).toBeGreaterThan(80)
    expect(figures.slopeBytesPerOp, seen).toBeLessThan(200)
    expect(figures.growingRoundsShare, seen).toBeGreaterThanOrEqual(LEAK_MIN_GROWING_SHARE)
    expect(figures.reason).toMatch(/^the post-GC heap grew \d+(\.\d)? B per iteration, in \d+% of rounds$/)
  })

  it('sees returned values that are never collected', async () => {
    const { figures } = await checkLeak(leakingResults(), options)
    expect(figures.leaking).toBe(true)
    expect(figures.watchedReturnValues).toBeGreaterThan(100)
    expect(figures.retainedReturnValues).toBe(figures.watchedReturnValues)
  })

  it('finds no leak in 10 clean functions, promise-heavy ones included', async () => {
    const verdicts: Record<string, string> = {}
    for (const [name, fn] of Object.entries(cleanFixtures())) {
      const { figures } = await checkLeak(fn, options)
      verdicts[name] = figures.leaking ? `LEAK: ${figures.reason}` : 'clean'
      if (!figures.leaking && figures.watchedReturnValues > 0 && name !== 'object pool') {
        // Returned objects were collected (the last one may still be referenced by V8 internals).
        expect(figures.retainedReturnValues, name).toBeLessThanOrEqual(2)
      }
    }
    expect(
      Object.values(verdicts).filter((v) => v !== 'clean'),
      JSON.stringify(verdicts, null, 1),
    ).toEqual([])
  })

  it('writes one heap snapshot pair for a failing check only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-heap-'))
    try {
      const leak = await checkLeak(leakingHundredBytes(), {
        name: 'leaky > keeps objects',
        snapshot: true,
        snapshotDir: dir,
        iterations: 200,
      })
      expect(leak.figures.snapshots).toHaveLength(2)
      for (const path of leak.figures.snapshots ?? []) {
        expect(path).toMatch(/leaky-keeps-objects-\d+-\d+-(before|after)\.heapsnapshot$/)
        expect(statSync(path).size).toBeGreaterThan(100_000)
      }
      const clean = await checkLeak(() => ({}), { name: 'clean', snapshot: true, snapshotDir: join(dir, 'clean'), iterations: 200 })
      expect(clean.figures.snapshots).toBeUndefined()
      expect(existsSync(join(dir, 'clean'))).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('rejects a bad option with the fix', async () => {
    await expect(checkLeak(() => 1, { ...options, rounds: 0 })).rejects.toThrow(
      /option "rounds" must be an integer ≥ 1, received 0[\s\S]*Fix: give "rounds" a whole number such as 10/,
    )
  })
})
