import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { toBlockEventLoop } from '../../../matchers/toBlockEventLoop.js'
import { toHaveCallsWithin } from '../../../matchers/toHaveCallsWithin.js'
import { CallStatsStore } from '../../../src/diagnostics/callStats.js'
import { perfTiming } from '../../../src/diagnostics/perfTiming.js'

expect.extend({ toBlockEventLoop, toHaveCallsWithin })

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the declaration must match Vitest's own `Matchers<T = any>`
  interface Matchers<T = any> {
    toBlockEventLoop(options?: Record<string, unknown>): Promise<void>
    toHaveCallsWithin(ms?: number, options?: Record<string, unknown>): T
  }
}

function busyWait(ms: number): void {
  const start = performance.now()
  while (performance.now() - start < ms);
}

/** A perfTiming function whose calls take exactly the given times (fake clock). */
function instrumented(thresholdMs?: number) {
  let now = 0
  const store = new CallStatsStore()
  const fn = perfTiming(
    (ms: number): void => {
      now += ms
    },
    {
      name: 'work',
      store,
      clock: () => now,
      ...(thresholdMs === undefined ? {} : { thresholdMs }),
    },
  )
  return fn
}

describe('toHaveCallsWithin', () => {
  it('passes when every call of this test is within the budget, and .not fails with the numbers', () => {
    const work = instrumented()
    work(1)
    work(3)
    expect(work).toHaveCallsWithin(3)
    expect(() => expect(work).not.toHaveCallsWithin(3)).toThrow(/Expected: every call \(max\) of work > 3\.00 ms\nReceived: max 3\.00 ms/)
  })

  it('fails with the slowest call and how many went over the function’s own threshold', () => {
    const work = instrumented(2)
    work(1)
    work(5)
    work(7)
    expect(work).not.toHaveCallsWithin()
    expect(() => expect(work).toHaveCallsWithin()).toThrow(/Received: max 7\.00 ms \(2 of 3 calls over 2\.00 ms\)/)
  })

  it('judges another statistic when asked', () => {
    const work = instrumented()
    for (const ms of [1, 1, 1, 1, 50]) work(ms)
    expect(work).toHaveCallsWithin(2, { statistic: 'p50' })
    expect(() => expect(work).toHaveCallsWithin(2)).toThrow(/Received: max 50\.0 ms/)
  })

  it('fails both forms when the function was not called, since nothing can be judged', () => {
    const work = instrumented(2)
    expect(() => expect(work).toHaveCallsWithin()).toThrow(/No calls of work were recorded during this test/)
    expect(() => expect(work).not.toHaveCallsWithin()).toThrow(/No calls of work were recorded/)
  })

  it('rejects a function perfTiming did not return, and a missing budget', () => {
    expect(() => expect(() => 1).toHaveCallsWithin(5)).toThrow(/the received value must be a function returned by perfTiming\(\)/)
    const work = instrumented()
    work(1)
    expect(() => expect(work).toHaveCallsWithin()).toThrow(
      /the budget \(first argument\) must be a number of milliseconds, or a thresholdMs/,
    )
  })
})

describe('toBlockEventLoop', () => {
  it('passes .not for a function that only awaits, and fails the positive form', async () => {
    const calm = async (): Promise<void> => {
      await sleep(5)
    }
    // 50 ms: a worker of this loaded shared machine can be preempted mid-slice (bench/blocking.mjs measures 20 ms).
    await expect(calm).not.toBlockEventLoop({ maxMs: 50, profile: 'off' })
    await expect(expect(calm).toBlockEventLoop({ maxMs: 50, profile: 'off' })).rejects.toThrow(
      /Expected: longest synchronous slice > 50\.0 ms/,
    )
  })

  it('fails .not for a 25 ms busy loop, saying how long, how often and where', async () => {
    const blocking = async (): Promise<void> => {
      await sleep(1)
      busyWait(25)
    }
    await expect(blocking).toBlockEventLoop({ maxMs: 20, profile: 'off' })
    const failure = expect(blocking).not.toBlockEventLoop({ maxMs: 20, profile: 'off' })
    await expect(failure).rejects.toThrow(
      /Expected: longest synchronous slice ≤ 20\.0 ms\nReceived: longest synchronous slice [\d.]+ ms \(1 run; [1-9] slices? over 20\.0 ms/,
    )
    await expect(expect(blocking).not.toBlockEventLoop({ maxMs: 20, profile: 'off' })).rejects.toThrow(
      /Where: (busyWait|blocking) \(.*diagnosticMatchers\.test\.ts:\d+:\d+\)/,
    )
  })

  it('validates its options before running anything', () => {
    expect(() => expect(async () => {}).toBlockEventLoop({ maxMs: -1 })).toThrow(
      /option "maxMs" must be a finite number of milliseconds ≥ 0/,
    )
    expect(() => expect(async () => {}).toBlockEventLoop({ runs: 0 })).toThrow(/option "runs" must be an integer ≥ 1/)
    expect(() => expect(async () => {}).toBlockEventLoop({ profile: 'sometimes' })).toThrow(
      /option "profile" must be 'on-failure', 'always' or 'off'/,
    )
    expect(() => expect(async () => {}).toBlockEventLoop({ maxMS: 5 })).toThrow(/option "maxMS"/)
    expect(() => expect(42).toBlockEventLoop()).toThrow(/the received value must be a function to run/)
  })

  it('reports the function’s own error instead of a verdict', async () => {
    await expect(
      expect(async () => {
        throw new Error('broken subject')
      }).not.toBlockEventLoop(),
    ).rejects.toThrow(/toBlockEventLoop: the measured function threw, so nothing was judged\.\nError: broken subject/)
  })
})
