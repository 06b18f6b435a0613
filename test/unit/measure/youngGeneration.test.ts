import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const MB = 2 ** 20
let dir = ''
let modulePath = ''

interface Outcome {
  before: number
  after: number
  firstMs: number
  secondMs: number
}

/**
 * Runs the real routine in a fresh Node process (a young generation at V8's start size), with V8 flags. A frozen
 * clock takes the time budget away, so only the routine's own stop rule can end it.
 */
function runFresh(v8Flags: string[], frozenClock = false): Outcome {
  const clock = frozenClock ? '() => 0' : 'undefined'
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8'
    import { growYoungGeneration } from ${JSON.stringify(modulePath)}
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size
    const before = young()
    const firstMs = growYoungGeneration(${clock})
    const after = young()
    const secondMs = growYoungGeneration(${clock})
    console.log(JSON.stringify({ before, after, firstMs, secondMs }))`
  const out = execFileSync(process.execPath, [...v8Flags, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  })
  return JSON.parse(out) as Outcome
}

describe('growYoungGeneration()', () => {
  beforeAll(async () => {
    const { build } = await import('esbuild')
    // Node 20 cannot import TypeScript: bundle the real module into plain ESM for the child processes.
    dir = await mkdtemp(join(tmpdir(), 'perf-sentinel-young-'))
    modulePath = join(dir, 'youngGeneration.mjs')
    await build({
      entryPoints: [fileURLToPath(new URL('../../../src/measure/youngGeneration.ts', import.meta.url))],
      outfile: modulePath,
      bundle: true,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
    })
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('grows a fresh process young generation to its full size once, then costs nothing', () => {
    const { before, after, firstMs, secondMs } = runFresh([])
    expect(before).toBeLessThan(8 * MB)
    // 16 MB semi-spaces (both halves reported); the 200 ms budget could stop a very loaded machine short of it.
    expect(after).toBeGreaterThanOrEqual(16 * MB)
    expect(firstMs).toBeGreaterThan(0)
    expect(firstMs).toBeLessThan(1000)
    expect(secondMs).toBe(0)
  })

  it('stops at the maximum V8 was given by its own rule, not by its time budget', () => {
    const { before, after, secondMs } = runFresh(['--max-semi-space-size=4'], true)
    expect(before).toBeLessThan(4 * MB)
    // 4 MB semi-spaces, both halves reported once a scavenge has run.
    expect(after).toBeGreaterThanOrEqual(4 * MB)
    expect(after).toBeLessThanOrEqual(8 * MB)
    expect(secondMs).toBe(0)
  })

  it('only fills a young generation that starts at full size, once', () => {
    // V8 reports one semi-space until the first scavenge has committed the other.
    const { before, after, firstMs, secondMs } = runFresh(['--min-semi-space-size=16'])
    expect(before).toBe(16 * MB)
    expect(after).toBe(32 * MB)
    expect(firstMs).toBeGreaterThan(0)
    expect(secondMs).toBe(0)
  })
})
