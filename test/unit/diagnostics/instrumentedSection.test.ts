import { describe, expect, it } from 'vitest'
import { bucketIndex, createBuckets, toSparse } from '../../../src/diagnostics/callHistogram.js'
import { CallStatsStore } from '../../../src/diagnostics/callStats.js'
import { buildInstrumentedSection, mergeInstrumentedSections } from '../../../src/diagnostics/instrumentedSection.js'
import type { TestCallStats } from '../../../src/model/diagnostics.js'

/** One test's calls of `name`, as a worker's drain would produce them. */
function callsOf(name: string, durationsMs: number[], thresholdMs?: number): TestCallStats {
  const store = new CallStatsStore()
  const entry = store.entry(name, 'sync_function', thresholdMs ?? Number.POSITIVE_INFINITY)
  for (const ms of durationsMs) entry.record(ms)
  const [drained] = store.drain()
  if (!drained) throw new Error('no calls')
  return drained
}

describe('CallStatsStore.drain()', () => {
  it('hands over one window per name with calls, then starts an empty one', () => {
    const store = new CallStatsStore()
    store.entry('a', 'sync_function', 5).record(7)
    store.entry('b', 'sync_function', Number.POSITIVE_INFINITY)
    const [a, ...rest] = store.drain()
    expect(rest).toEqual([])
    expect(a).toMatchObject({ name: 'a', count: 1, maxMs: 7, overThreshold: 1, thresholdMs: 5 })
    expect(a?.histogram).toEqual([bucketIndex(7e6), 1])
    expect(store.drain()).toEqual([])
    expect(store.get('a')?.stats().count).toBe(1)
  })
})

describe('buildInstrumentedSection()', () => {
  it('merges every test’s calls of a name exactly and lists the tests that called it', () => {
    const section = buildInstrumentedSection([
      { file: 'a.test.ts', testName: 'first', calls: [callsOf('parse', [1, 2, 3])] },
      { file: 'b.test.ts', testName: 'second', calls: [callsOf('parse', [4, 10])] },
    ])
    expect(section).toHaveLength(1)
    expect(section[0]?.stats).toMatchObject({ count: 5, totalMs: 20, minMs: 1, maxMs: 10, meanMs: 4 })
    expect(section[0]?.stats.p50Ms).toBeCloseTo(3, 1)
    expect(section[0]?.tests).toEqual([
      { file: 'a.test.ts', testName: 'first', count: 3, maxMs: 3, overThreshold: 0 },
      { file: 'b.test.ts', testName: 'second', count: 2, maxMs: 10, overThreshold: 0 },
    ])
  })

  it('puts functions with calls over their threshold first, then sorts by name', () => {
    const section = buildInstrumentedSection([
      { file: 'a.test.ts', testName: 't', calls: [callsOf('alpha', [1]), callsOf('zeta', [9], 5), callsOf('beta', [1], 5)] },
    ])
    expect(section.map((f) => [f.name, f.overThreshold])).toEqual([
      ['zeta', 1],
      ['alpha', 0],
      ['beta', 0],
    ])
    expect(section[0]?.thresholdMs).toBe(5)
  })

  it('merges per-yield statistics of generators', () => {
    const step = (ms: number[]): TestCallStats['perYield'] => {
      const buckets = createBuckets()
      for (const x of ms) buckets[bucketIndex(x * 1e6)] = (buckets[bucketIndex(x * 1e6)] as number) + 1
      return {
        count: ms.length,
        totalMs: ms.reduce((a, b) => a + b, 0),
        minMs: Math.min(...ms),
        maxMs: Math.max(...ms),
        meanMs: 0,
        p50Ms: 0,
        p95Ms: 0,
        p99Ms: 0,
        histogram: toSparse(buckets),
      }
    }
    const calls = { ...callsOf('pages', [10]), type: 'async_generator' as const, perYield: step([2, 3]) }
    const more = { ...callsOf('pages', [12]), type: 'async_generator' as const, perYield: step([4]) }
    const [pages] = buildInstrumentedSection([
      { file: 'f', testName: 'a', calls: [calls] },
      { file: 'f', testName: 'b', calls: [more] },
    ])
    expect(pages?.type).toBe('async_generator')
    expect(pages?.perYield).toMatchObject({ count: 3, minMs: 2, maxMs: 4, totalMs: 9 })
  })

  it('returns nothing for a run without instrumented calls', () => {
    expect(buildInstrumentedSection([])).toEqual([])
  })
})

describe('mergeInstrumentedSections()', () => {
  it('gives the same statistics as one run over every shard’s tests (exact from the histograms)', () => {
    const a = { file: 'a.test.ts', testName: 'first', calls: [callsOf('parse', [1, 2, 3])] }
    const b = { file: 'b.test.ts', testName: 'second', calls: [callsOf('parse', [4, 10], 5), callsOf('solo', [7])] }
    const merged = mergeInstrumentedSections([buildInstrumentedSection([a]), buildInstrumentedSection([b])])
    const whole = buildInstrumentedSection([a, b])
    expect(merged.notes).toEqual([])
    expect(merged.functions).toEqual(whole)
    expect(merged.functions.map((f) => f.name)).toEqual(['parse', 'solo'])
  })

  it('adds up what it can and says so when a shard’s report has no histogram', () => {
    const one = buildInstrumentedSection([{ file: 'a.test.ts', testName: 't', calls: [callsOf('parse', [1, 2, 3])] }])
    const two = buildInstrumentedSection([{ file: 'b.test.ts', testName: 't', calls: [callsOf('parse', [9, 9, 9, 9])] }])
    const { histogram: _dropped, ...old } = two[0] as NonNullable<(typeof two)[0]>
    const merged = mergeInstrumentedSections([one, [old]])
    expect(merged.functions[0]?.stats).toMatchObject({ count: 7, totalMs: 42, minMs: 1, maxMs: 9, meanMs: 6 })
    // The busiest part's percentiles: the four 9 ms calls.
    expect(merged.functions[0]?.stats.p50Ms).toBeCloseTo(9, 1)
    expect(merged.functions[0]?.histogram).toBeUndefined()
    expect(merged.notes).toEqual([expect.stringContaining('perfTiming parse: percentiles are those of the shard with the most calls')])
  })
})
