import { describe, expect, it } from 'vitest'
import { mergeResourceTimelines, naturalCompare } from '../../../../src/diagnostics/resources/mergeResourceTimelines.js'
import { isMainThread, threadId } from 'node:worker_threads'
import { currentThread } from '../../../../src/diagnostics/resources/startResourceSampler.js'
import { workerLabel, workerResourceSampler } from '../../../../src/diagnostics/resources/workerResourceSampler.js'
import type { ResourceSample, ResourceTimeline } from '../../../../src/model/resourceTimeline.js'

const MIB = 1024 * 1024

function sample(atMs: number, rssMiB = 100): ResourceSample {
  return { atMs, cpuPercent: 50, rssBytes: rssMiB * MIB, heapUsedBytes: 20 * MIB, eventLoopUtilization: 0.5, eventLoopDelayMaxMs: 1 }
}

/** One test file's chunk as a worker sends it: readings from `from` to `to` every 250 ms, the file marked at `from`. */
function chunk(worker: string, file: string, from: number, to: number): ResourceTimeline {
  const samples: ResourceSample[] = []
  for (let at = from; at <= to; at += 250) samples.push(sample(at))
  return { worker, intervalMs: 250, samples, marks: [{ atMs: from, label: file, endAtMs: to }], samplingMs: 0.1, elapsedMs: to - from }
}

describe('mergeResourceTimelines()', () => {
  it('joins the files of one worker in time order, paths relative to the project', () => {
    const merged = mergeResourceTimelines(
      [chunk('worker 1', '/repo/test/b.test.ts', 2000, 3000), chunk('worker 1', '/repo/test/a.test.ts', 0, 1000)],
      { rootDir: '/repo' },
    )
    expect(merged).toHaveLength(1)
    expect(merged[0]?.marks.map((m) => m.label)).toEqual(['test/a.test.ts', 'test/b.test.ts'])
    expect(merged[0]?.samples.map((s) => s.atMs)).toEqual([0, 250, 500, 750, 1000, 2000, 2250, 2500, 2750, 3000])
    expect(merged[0]?.samplingMs).toBeCloseTo(0.2)
    expect(merged[0]?.elapsedMs).toBe(2000)
  })

  it("says a worker's CPU is its JS thread's only when every file of it was read that way", () => {
    const thread = (c: ResourceTimeline): ResourceTimeline => ({ ...c, cpuScope: 'thread' })
    const merged = mergeResourceTimelines(
      [
        thread(chunk('worker 1', 'a', 0, 500)),
        thread(chunk('worker 1', 'b', 600, 900)),
        thread(chunk('worker 2', 'c', 0, 500)),
        chunk('worker 2', 'd', 600, 900),
        chunk('worker 3', 'e', 0, 500),
      ],
      { rootDir: '/repo' },
    )
    expect(merged.map((t) => [t.worker, t.cpuScope])).toEqual([
      ['worker 1', 'thread'],
      ['worker 2', undefined],
      ['worker 3', undefined],
    ])
    // Anything else in the field is not a reading a worker sent: the chunk is skipped.
    const odd = { ...chunk('worker 4', 'f', 0, 500), cpuScope: 'core' }
    expect(mergeResourceTimelines([odd], { rootDir: '/repo' })).toEqual([])
  })

  it('keeps one timeline per worker, in natural order of their labels', () => {
    const merged = mergeResourceTimelines(
      [chunk('worker 10', 'c', 0, 500), chunk('worker 2', 'b', 0, 500), chunk('worker 1', 'a', 0, 500)],
      { rootDir: '/repo' },
    )
    expect(merged.map((t) => t.worker)).toEqual(['worker 1', 'worker 2', 'worker 10'])
  })

  it('gives overlapping chunks of one label their own lane (two shards merged)', () => {
    const merged = mergeResourceTimelines(
      [chunk('worker 1', 'a', 0, 1000), chunk('worker 1', 'b', 500, 1500), chunk('worker 1', 'c', 1200, 2000)],
      { rootDir: '/repo' },
    )
    expect(merged.map((t) => [t.worker, t.marks.map((m) => m.label)])).toEqual([
      ['worker 1', ['a', 'c']],
      ['worker 1 (2)', ['b']],
    ])
  })

  it('skips what is not a chunk of readings, and empty chunks', () => {
    const broken = { ...chunk('worker 1', 'a', 0, 500), samples: [{ atMs: 'soon' }] }
    const empty = { worker: 'worker 2', intervalMs: 250, samples: [], marks: [], samplingMs: 0, elapsedMs: 0 }
    expect(mergeResourceTimelines([null, 42, 'x', broken, empty, { worker: 'w' }], { rootDir: '/' })).toEqual([])
  })

  it('thins a long timeline to the cap and says so in its interval', () => {
    const merged = mergeResourceTimelines([chunk('worker 1', 'a', 0, 250 * 99)], { rootDir: '/', maxSamples: 40 })
    expect(merged[0]?.samples.length).toBeLessThanOrEqual(40)
    expect(merged[0]?.intervalMs).toBe(1000)
    expect(merged[0]?.samples[0]?.atMs).toBe(0)
  })
})

describe('workerLabel()', () => {
  const ids = { pid: 4242, threadId: 3, isMainThread: true }
  it("names the runner's worker slot, else the process and thread", () => {
    expect(workerLabel({ VITEST_POOL_ID: '2' }, () => ids)).toBe('worker 2')
    expect(workerLabel({ JEST_WORKER_ID: '1' }, () => ids)).toBe('worker 1')
    expect(workerLabel({}, () => ids)).toBe('pid 4242')
    expect(workerLabel({}, () => ({ ...ids, isMainThread: false }))).toBe('pid 4242/3')
  })

  it('asks for the thread ids only when no worker slot names the timeline (loading node:worker_threads costs ms)', () => {
    const unread = (): never => {
      throw new Error('thread ids read although a worker slot was set')
    }
    expect(workerLabel({ VITEST_POOL_ID: '1' }, unread)).toBe('worker 1')
    expect(() => workerLabel({}, unread)).toThrow(/thread ids read/)
  })

  it("reads this thread's ids from Node", () => {
    expect(currentThread()).toEqual({ pid: process.pid, threadId: threadId, isMainThread })
  })
})

describe('workerResourceSampler()', () => {
  it('starts one sampler per holder and hands the same one to the next file', () => {
    const holder = {}
    const first = workerResourceSampler(holder, { env: { VITEST_POOL_ID: '3' }, sampler: { intervalMs: 10_000 } })
    const again = workerResourceSampler(holder, { env: { VITEST_POOL_ID: '3' } })
    expect(again).toBe(first)
    expect(Object.keys(holder)).toEqual([]) // kept under a symbol, not enumerable
    expect(first?.stop().worker).toBe('worker 3')
  })

  it('starts nothing when PERF_SENTINEL_RESOURCES=0', () => {
    const holder = {}
    expect(workerResourceSampler(holder, { env: { PERF_SENTINEL_RESOURCES: '0' } })).toBeUndefined()
    expect(Object.getOwnPropertySymbols(holder)).toEqual([])
  })
})

describe('naturalCompare()', () => {
  it('orders runs of digits as numbers and the rest by character', () => {
    const labels = ['worker 10', 'worker 2 (2)', 'worker 2', 'pid 41/3', 'pid 41/12', 'pid 5', 'worker 1', 'worker 02', 'w']
    expect([...labels].sort(naturalCompare)).toEqual([
      'pid 5',
      'pid 41/3',
      'pid 41/12',
      'w',
      'worker 1',
      'worker 02',
      'worker 2',
      'worker 2 (2)',
      'worker 10',
    ])
  })
  it('is a consistent order: antisymmetric, zero only for equal strings', () => {
    const labels = ['a1', 'a01', 'a10', 'a9b', 'a9a', 'b', '', '9', '10']
    for (const x of labels) {
      for (const y of labels) {
        expect(Math.sign(naturalCompare(x, y)) + Math.sign(naturalCompare(y, x))).toBe(0)
        expect(naturalCompare(x, y) === 0).toBe(x === y)
      }
    }
    expect(naturalCompare('a1', 'a2')).toBeLessThan(0)
    expect(naturalCompare('', 'a')).toBeLessThan(0)
  })
})
