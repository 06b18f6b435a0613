import { describe, expect, it } from 'vitest'
import { CallStatsStore, getStats, resetStats } from '../../../src/diagnostics/callStats.js'
import type { PerfCall } from '../../../src/diagnostics/perfLog.js'
import { perfTiming } from '../../../src/diagnostics/perfTiming.js'
import { timedFunctionInfo } from '../../../src/diagnostics/timedFunctionInfo.js'

/** A fake clock the subjects advance by hand: every duration below is exact. */
function fakeTime(): { clock: () => number; advance: (ms: number) => void } {
  let now = 1_000
  return {
    clock: () => now,
    advance: (ms): void => {
      now += ms
    },
  }
}

function setup(extra: Record<string, unknown> = {}) {
  const time = fakeTime()
  const store = new CallStatsStore()
  const calls: PerfCall[] = []
  const options = { clock: time.clock, store, onCall: (call: PerfCall) => calls.push(call), detectBlocking: false, ...extra }
  return { time, store, calls, options }
}

describe('perfTiming(): sync functions', () => {
  it('keeps this, arguments, return value, name and length', () => {
    const { options } = setup()
    const counter = {
      base: 10,
      add(a: number, b: number): number {
        return this.base + a + b
      },
    }
    counter.add = perfTiming(counter.add, options)
    expect(counter.add(1, 2)).toBe(13)
    expect(counter.add.name).toBe('add')
    expect(counter.add.length).toBe(2)
  })

  it('records every call: type, elapsed time, threshold verdict and a timestamp', () => {
    const { time, calls, store, options } = setup({ thresholdMs: 5 })
    const work = perfTiming((ms: number) => time.advance(ms), { ...options, name: 'work' })
    work(3)
    work(8)
    expect(calls.map((c) => [c.name, c.type, c.elapsedMs, c.thresholdExceeded])).toEqual([
      ['work', 'sync_function', 3, false],
      ['work', 'sync_function', 8, true],
    ])
    expect(calls[0]?.hasSyncBlocking).toBeUndefined()
    expect(new Date(calls[0]?.timestamp ?? '').toISOString()).toBe(calls[0]?.timestamp)
    expect(store.get('work')?.stats()).toMatchObject({
      count: 2,
      totalMs: 11,
      minMs: 3,
      maxMs: 8,
      meanMs: 5.5,
      overThreshold: 1,
      thresholdMs: 5,
    })
  })

  it('rethrows the same error and still records the call as an error', () => {
    const { time, calls, store, options } = setup()
    const boom = new RangeError('boom')
    const failing = perfTiming(
      () => {
        time.advance(2)
        throw boom
      },
      { ...options, name: 'failing' },
    )
    expect(() => failing()).toThrow(boom)
    expect(calls[0]).toMatchObject({ elapsedMs: 2, error: true })
    expect(store.get('failing')?.stats().errors).toBe(1)
  })

  it('constructs with new when the wrapped function is a class', () => {
    const { options } = setup()
    class Point {
      constructor(readonly x: number) {}
    }
    const Timed = perfTiming(Point as unknown as (x: number) => Point, options) as unknown as typeof Point
    const point = new Timed(4)
    expect(point).toBeInstanceOf(Point)
    expect(point.x).toBe(4)
  })

  it('records into the process store read by getStats() and forgets on resetStats()', () => {
    const name = `getStats-${Math.random()}`
    const fn = perfTiming(() => 1, { name })
    fn()
    fn()
    expect(getStats(name)).toMatchObject({ name, type: 'sync_function', count: 2 })
    expect(getStats()[name]?.count).toBe(2)
    resetStats(name)
    expect(getStats(name)?.count).toBe(0)
    expect(timedFunctionInfo(fn)?.name).toBe(name)
    expect(timedFunctionInfo(() => 1)).toBeUndefined()
  })

  it('rejects unknown options and wrong values, naming them', () => {
    expect(() => perfTiming(() => 1, { treshold: 5 } as never)).toThrow(/unknown option "treshold"/)
    expect(() => perfTiming(() => 1, { thresholdMs: -1 })).toThrow(/"thresholdMs" must be a finite number of milliseconds ≥ 0, received -1/)
    expect(() => perfTiming(() => 1, { name: '' })).toThrow(/"name" must be a non-empty string/)
  })
})

describe('perfTiming(): async functions', () => {
  it('times to settlement and keeps the resolved value', async () => {
    const { time, calls, options } = setup()
    const load = perfTiming(
      async (ms: number) => {
        await Promise.resolve()
        time.advance(ms)
        return 'loaded'
      },
      { ...options, name: 'load' },
    )
    await expect(load(7)).resolves.toBe('loaded')
    expect(calls[0]).toMatchObject({ name: 'load', type: 'async_function', elapsedMs: 7, thresholdExceeded: false, hasSyncBlocking: false })
  })

  it('keeps the rejection and counts it as an error', async () => {
    const { calls, options } = setup()
    const fails = perfTiming(async () => {
      throw new Error('no')
    }, options)
    await expect(fails()).rejects.toThrow('no')
    expect(calls[0]).toMatchObject({ type: 'async_function', error: true })
  })

  it('treats a plain function that returns a promise as async', async () => {
    const { time, calls, store, options } = setup()
    const later = perfTiming(() => Promise.resolve().then(() => time.advance(4)), { ...options, name: 'later' })
    await later()
    expect(calls[0]).toMatchObject({ type: 'async_function', elapsedMs: 4 })
    expect(store.get('later')?.type).toBe('async_function')
  })

  it('flags hasSyncBlocking when the synchronous part before the first await reaches the threshold', async () => {
    const { time, calls, store, options } = setup({ blockingThresholdMs: 10 })
    const blocking = perfTiming(
      async (ms: number) => {
        time.advance(ms)
        await Promise.resolve()
      },
      { ...options, name: 'blocking' },
    )
    await blocking(12)
    await blocking(3)
    expect(calls.map((c) => [c.hasSyncBlocking, c.longestSliceMs])).toEqual([
      [true, 12],
      [false, 3],
    ])
    expect(store.get('blocking')?.stats().syncBlocking).toBe(1)
  })
})

describe('perfTiming(): generators', () => {
  it('times each step and the whole consumption, not the call that creates the iterator', () => {
    const { time, calls, store, options } = setup()
    const rows = perfTiming(function* rows(): Generator<number> {
      for (const ms of [2, 3, 4]) {
        time.advance(ms)
        yield ms
      }
      time.advance(1)
    }, options)
    const iterator = rows()
    expect(calls).toHaveLength(0)
    expect([...iterator]).toEqual([2, 3, 4])
    expect(calls[0]).toMatchObject({ name: 'rows', type: 'generator', elapsedMs: 10, steps: 4 })
    expect(store.get('rows')?.stats().perYield).toMatchObject({ count: 4, minMs: 1, maxMs: 4, totalMs: 10 })
  })

  it('records an abandoned generator when the consumer breaks out of for…of', () => {
    const { time, calls, options } = setup()
    let cleanedUp = false
    const endless = perfTiming(function* endless(): Generator<number> {
      try {
        for (let i = 0; ; i++) {
          time.advance(1)
          yield i
        }
      } finally {
        cleanedUp = true
      }
    }, options)
    for (const i of endless()) if (i === 2) break
    expect(cleanedUp).toBe(true)
    expect(calls[0]).toMatchObject({ type: 'generator', elapsedMs: 3, steps: 4 })
  })

  it('forwards throw() into the generator and records the error that escapes', () => {
    const { calls, options } = setup()
    const gen = perfTiming(function* gen(): Generator<number> {
      yield 1
      yield 2
    }, options)()
    gen.next()
    expect(() => gen.throw(new Error('stop'))).toThrow('stop')
    expect(calls[0]).toMatchObject({ type: 'generator', error: true })
  })

  it('times every step of an async generator to its settlement (per-yield latency)', async () => {
    const { time, calls, store, options } = setup()
    const pages = perfTiming(async function* pages(): AsyncGenerator<string> {
      for (const ms of [5, 6]) {
        await Promise.resolve()
        time.advance(ms)
        yield `page after ${ms} ms`
      }
    }, options)
    const seen: string[] = []
    for await (const page of pages()) seen.push(page)
    expect(seen).toHaveLength(2)
    expect(calls[0]).toMatchObject({ name: 'pages', type: 'async_generator', elapsedMs: 11, steps: 3, hasSyncBlocking: false })
    expect(store.get('pages')?.stats().perYield).toMatchObject({ count: 3, maxMs: 6 })
  })

  it('records an abandoned async generator on return()', async () => {
    const { time, calls, options } = setup()
    const ticks = perfTiming(async function* ticks(): AsyncGenerator<number> {
      for (let i = 0; ; i++) {
        time.advance(2)
        yield i
      }
    }, options)
    for await (const i of ticks()) if (i === 1) break
    expect(calls[0]).toMatchObject({ type: 'async_generator', elapsedMs: 4, steps: 3 })
  })
})

describe('perfTiming(): log and listeners', () => {
  it('writes one PERF JSON line per call when log is on', () => {
    const { time, options } = setup()
    const lines: string[] = []
    const fn = perfTiming(() => time.advance(1.5), {
      ...options,
      onCall: undefined,
      log: true,
      writeLog: (line) => lines.push(line),
      name: 'op',
      thresholdMs: 1,
    })
    fn()
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'PERF',
      operation: 'op',
      type: 'sync_function',
      elapsed_ms: 1.5,
      has_sync_blocking: false,
      threshold_exceeded: true,
    })
  })

  it('is off by default and on with PERF_SENTINEL_LOG=1', () => {
    const lines: string[] = []
    const writeLog = (line: string): number => lines.push(line)
    perfTiming(() => 1, { writeLog, env: {}, store: new CallStatsStore() })()
    expect(lines).toHaveLength(0)
    perfTiming(() => 1, { writeLog, env: { PERF_SENTINEL_LOG: '1' }, store: new CallStatsStore() })()
    expect(lines).toHaveLength(1)
  })

  it('ignores a throwing listener', () => {
    const { options } = setup()
    const fn = perfTiming(() => 42, {
      ...options,
      onCall: () => {
        throw new Error('listener')
      },
    })
    expect(fn()).toBe(42)
  })
})

describe('perfTiming(): profile option', () => {
  const CONFIG_KEY = Symbol.for('perf-sentinel.diagnosticsConfig')
  function busySqrt(ms: number): number {
    const start = performance.now()
    let sum = 0
    while (performance.now() - start < ms) sum += Math.sqrt(sum + 1)
    return sum
  }

  it("profiles the call after the first one over the threshold with 'on-failure', once per name", async () => {
    const { mkdtempSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-calls-'))
    ;(globalThis as Record<symbol, unknown>)[CONFIG_KEY] = { profileDir: dir }
    try {
      const store = new CallStatsStore()
      const slow = perfTiming(busySqrt, { store, thresholdMs: 20, profile: 'on-failure', detectBlocking: false })
      // 0 ms: nothing a preemption could push over the 20 ms threshold.
      slow(0)
      expect(store.get('busySqrt')?.stats().profile).toBeUndefined()
      slow(25)
      expect(store.get('busySqrt')?.stats().profile).toBeUndefined()
      expect(slow(30)).toBeGreaterThan(0)
      const profile = store.get('busySqrt')?.stats().profile
      expect(profile?.operations).toBe(1)
      // (Which frames it shows is V8's business: code optimized before the profiler started can be attributed to its
      // caller, so the function's own name is not asserted here; the matchers' replays are checked for it.)
      expect(profile?.samples).toBeGreaterThan(10)
      expect(profile?.path).toMatch(/perftiming-busysqrt-[0-9a-f]{8}\.cpuprofile$/)
      const taken = profile
      slow(30)
      expect(store.get('busySqrt')?.stats().profile).toBe(taken)
      // The profiled call was timed like any other (the profiler started before its clock).
      expect(store.get('busySqrt')?.stats().count).toBe(4)
    } finally {
      delete (globalThis as Record<symbol, unknown>)[CONFIG_KEY]
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rejects an unknown profile mode', () => {
    expect(() => perfTiming(() => 1, { profile: 'sometimes' as never })).toThrow(/option "profile" must be 'on-failure', 'always' or 'off'/)
  })
})
