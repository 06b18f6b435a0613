import { describe, expect, it } from 'vitest'
import {
  compileBatchRunner,
  finishProbeAsync,
  finishProbeSync,
  perYieldLatenciesAsync,
  perYieldLatenciesSync,
  probeSubject,
} from '../../../src/measure/subject.js'

/** Wraps `fn` so its calls are counted. */
function counted<T>(fn: () => T): { fn: () => T; calls: () => number } {
  let calls = 0
  return {
    fn: () => {
      calls++
      return fn()
    },
    calls: () => calls,
  }
}

describe('probeSubject()', () => {
  it('classifies a plain arrow returning a promise as async and keeps the promise', async () => {
    const promise = Promise.resolve(1)
    const subject = counted(() => promise)
    const probe = probeSubject(subject.fn)
    expect(probe.kind).toBe('async')
    expect(probe.firstValue).toBe(promise)
    expect(subject.calls()).toBe(1)
  })

  it('classifies an async function as async', async () => {
    const probe = probeSubject(async () => 1)
    expect(probe.kind).toBe('async')
    await expect(probe.firstValue).resolves.toBe(1)
  })

  it('classifies a function returning a thenable as async', () => {
    expect(probeSubject(() => ({ then: (resolve: (v: number) => void) => resolve(1) })).kind).toBe('async')
  })

  it('classifies an arrow returning a generator object as a generator', () => {
    function* inner(): Generator<number> {
      yield 1
    }
    const subject = counted(() => inner())
    const probe = probeSubject(subject.fn)
    expect(probe.kind).toBe('generator')
    expect(subject.calls()).toBe(1)
  })

  it('classifies an arrow returning an async generator object as an async generator', () => {
    async function* inner(): AsyncGenerator<number> {
      yield 1
    }
    expect(probeSubject(() => inner()).kind).toBe('async-generator')
  })

  it('classifies a declared generator function as a generator and still calls it once, without running its body', () => {
    let bodyRuns = 0
    function* subject(): Generator<number> {
      bodyRuns++
      yield 1
    }
    const probe = probeSubject(subject)
    expect(probe.kind).toBe('generator')
    expect(bodyRuns).toBe(0) // calling a generator function only creates the generator object
    expect(typeof (probe.firstValue as Generator).next).toBe('function')
  })

  it('classifies a declared async generator function as an async generator', () => {
    async function* subject(): AsyncGenerator<number> {
      yield 1
    }
    expect(probeSubject(subject).kind).toBe('async-generator')
  })

  it.each([
    ['an array', () => [1, 2, 3]],
    ['a string (iterable, but not an object)', () => 'abc'],
    ['a number', () => 42],
    ['undefined', () => undefined],
    ['null', () => null],
    ['a Set (iterable without next())', () => new Set([1])],
    ['a function', () => () => 1],
    ['a plain object', () => ({ next: 1 })],
  ])('classifies a function returning %s as sync', (_label, fn) => {
    expect(probeSubject(fn).kind).toBe('sync')
  })

  it('calls a sync subject exactly once and keeps what it returned', () => {
    const value = { parsed: true }
    const subject = counted(() => value)
    const probe = probeSubject(subject.fn)
    expect(subject.calls()).toBe(1)
    expect(probe).toEqual({ kind: 'sync', firstValue: value })
  })

  it('lets the subject’s own error escape', () => {
    const boom = new Error('boom')
    expect(() =>
      probeSubject(() => {
        throw boom
      }),
    ).toThrow(boom)
  })
})

describe('finishProbeSync() / finishProbeAsync()', () => {
  it('drains the generator of the probe call', () => {
    const seen: number[] = []
    function* subject(): Generator<number> {
      for (const v of [1, 2, 3]) {
        seen.push(v)
        yield v
      }
    }
    finishProbeSync(probeSubject(subject))
    expect(seen).toEqual([1, 2, 3])
  })

  it('awaits an async probe and rejects with its error', async () => {
    const boom = new Error('rejected')
    await expect(finishProbeAsync(probeSubject(() => Promise.reject(boom)))).rejects.toBe(boom)
    await expect(finishProbeAsync(probeSubject(async () => 1))).resolves.toBeUndefined()
  })

  it('drains an async generator probe', async () => {
    const seen: number[] = []
    async function* subject(): AsyncGenerator<number> {
      for (const v of [1, 2]) {
        seen.push(v)
        yield v
      }
    }
    await finishProbeAsync(probeSubject(subject))
    expect(seen).toEqual([1, 2])
  })
})

describe('compileBatchRunner()', () => {
  it('runs a sync subject exactly `ops` times between two clock reads and returns the elapsed ms', () => {
    let t = 0
    let calls = 0
    const sink = { value: undefined as unknown }
    const run = compileBatchRunner('sync')
    const elapsedMs = run(
      () => {
        t += 0.5
        return ++calls
      },
      8,
      () => t,
      sink,
    )
    expect(elapsedMs).toBe(4)
    expect(calls).toBe(8)
    expect(sink.value).toBe(8)
  })

  it('reads the clock exactly twice per batch', () => {
    let reads = 0
    compileBatchRunner('sync')(
      () => 1,
      100,
      () => ++reads,
      { value: undefined },
    )
    expect(reads).toBe(2)
  })

  it('runs no operation for ops = 0', () => {
    let calls = 0
    const sink = { value: 'untouched' as unknown }
    expect(
      compileBatchRunner('sync')(
        () => ++calls,
        0,
        () => 0,
        sink,
      ),
    ).toBe(0)
    expect(calls).toBe(0)
    expect(sink.value).toBe('untouched')
  })

  it('awaits every operation of an async subject and resolves with the elapsed ms', async () => {
    let t = 0
    let calls = 0
    let running = 0
    const sink = { value: undefined as unknown }
    const pending = compileBatchRunner('async')(
      async () => {
        running++
        expect(running).toBe(1) // one at a time, not in parallel
        await Promise.resolve()
        t += 2
        running--
        return ++calls
      },
      5,
      () => t,
      sink,
    )
    expect(pending).toBeInstanceOf(Promise)
    expect(await pending).toBe(10)
    expect(calls).toBe(5)
    expect(sink.value).toBe(5)
  })

  it('drains a generator per operation and keeps the last yielded value', () => {
    let created = 0
    let yielded = 0
    function* subject(): Generator<string> {
      created++
      yield `a${++yielded}`
      yield `b${++yielded}`
    }
    const sink = { value: undefined as unknown }
    compileBatchRunner('generator')(subject, 3, () => 0, sink)
    expect(created).toBe(3)
    expect(yielded).toBe(6)
    expect(sink.value).toBe('b6')
  })

  it('drains an async generator per operation', async () => {
    let created = 0
    async function* subject(): AsyncGenerator<number> {
      created++
      yield 1
      await Promise.resolve()
      yield 2
    }
    const sink = { value: undefined as unknown }
    await compileBatchRunner('async-generator')(subject, 4, () => 0, sink)
    expect(created).toBe(4)
    expect(sink.value).toBe(2)
  })

  it('compiles a fresh runner for every measurement', () => {
    expect(compileBatchRunner('sync')).not.toBe(compileBatchRunner('sync'))
  })

  it('propagates the subject’s error', async () => {
    const boom = new Error('boom')
    expect(() =>
      compileBatchRunner('sync')(
        () => {
          throw boom
        },
        3,
        () => 0,
        { value: undefined },
      ),
    ).toThrow(boom)
    await expect(
      compileBatchRunner('async')(
        () => Promise.reject(boom),
        3,
        () => 0,
        { value: undefined },
      ),
    ).rejects.toBe(boom)
  })
})

describe('perYieldLatenciesSync() / perYieldLatenciesAsync()', () => {
  it('records the time to each yield, the first one counted from the call, minus the clock overhead', () => {
    let t = 0
    function* subject(): Generator<number> {
      t += 1
      yield 1
      t += 3
      yield 2
      t += 100 // after the last yield: not a yield latency
    }
    const into: number[] = [42]
    expect(perYieldLatenciesSync(subject, () => t, 0.5, into)).toBe(2)
    expect(into).toEqual([42, 0.5, 2.5])
  })

  it('never records a negative latency when the overhead exceeds it', () => {
    function* subject(): Generator<number> {
      yield 1
    }
    const into: number[] = []
    perYieldLatenciesSync(subject, () => 0, 0.25, into)
    expect(into).toEqual([0])
  })

  it('returns 0 yields for a generator that yields nothing', () => {
    function* subject(): Generator<number> {
      return
    }
    const into: number[] = []
    expect(perYieldLatenciesSync(subject, () => 0, 0, into)).toBe(0)
    expect(into).toEqual([])
  })

  it('records per-yield latencies of an async generator', async () => {
    let t = 0
    async function* subject(): AsyncGenerator<number> {
      t += 2
      yield 1
      await Promise.resolve()
      t += 4
      yield 2
    }
    const into: number[] = []
    expect(await perYieldLatenciesAsync(subject, () => t, 0, into)).toBe(2)
    expect(into).toEqual([2, 4])
  })
})
