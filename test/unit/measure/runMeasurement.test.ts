import { afterEach, describe, expect, it } from 'vitest'
import { clockOverheadMs, realClock } from '../../../src/measure/clock.js'
import type { MeasureOptions } from '../../../src/measure/options.js'
import { medianMarginPercent } from '../../../src/measure/plan.js'
import { runMeasurement } from '../../../src/measure/runMeasurement.js'
import { referenceAroundMs } from '../../../src/measure/reference.js'
import type { MeasureResult } from '../../../src/model/types.js'

/**
 * A fake clock the subject advances itself: `clock()` reads `t`, and a subject that adds 0.5 to `t` takes exactly
 * 0.5 ms per operation. Clock reads are free, so the measured clock overhead is 0.
 */
function fakeTime(): { clock: () => number; advance: (ms: number) => void } {
  let t = 0
  return {
    clock: () => t,
    advance: (ms) => {
      t += ms
    },
  }
}

/** Sync measurement: the result must not be a promise. */
function measureSync(fn: () => unknown, options: MeasureOptions): MeasureResult {
  const result = runMeasurement('subject', fn, { gc: false, ...options }, 'test')
  if (result instanceof Promise) throw new Error('expected a synchronous result')
  return result
}

/**
 * A subject whose operations take distinct times spread evenly over [1, 2) ms (golden-ratio sequence): its median's
 * 95% margin stays far above 1% for the few hundred samples these tests take (discrete durations would not do:
 * with only a few distinct values the median's interval collapses onto one of them).
 */
function noisySubject(advance: (ms: number) => void): () => void {
  let calls = 0
  return () => {
    advance(1 + ((calls++ * 0.618033988749895) % 1))
  }
}

describe('runMeasurement()', () => {
  describe('subject kinds', () => {
    it('measures a sync function synchronously (the result is not a promise)', () => {
      const { clock, advance } = fakeTime()
      const result = runMeasurement('sync', () => advance(0.5), { clock, gc: false, timeMs: 20, minTimeMs: 5 }, 'test')
      expect(result).not.toBeInstanceOf(Promise)
      const r = result as MeasureResult
      expect(r.name).toBe('sync')
      expect(r.subject).toBe('sync')
      expect(r.medianMs).toBe(0.5)
      expect(r.minMs).toBe(0.5)
      expect(r.maxMs).toBe(0.5)
      expect(r.perYield).toBeUndefined()
      expect(r.yieldsPerOperation).toBeUndefined()
    })

    it('measures an async function asynchronously (the result is a promise)', async () => {
      const { clock, advance } = fakeTime()
      const subject = async (): Promise<void> => {
        await Promise.resolve()
        advance(0.5)
      }
      const pending = runMeasurement('async', subject, { clock, gc: false, timeMs: 20, minTimeMs: 5 }, 'test')
      expect(pending).toBeInstanceOf(Promise)
      const r = await pending
      expect(r.subject).toBe('async')
      expect(r.medianMs).toBe(0.5)
      expect(r.perYield).toBeUndefined()
    })

    it('treats a plain function returning a promise as async', async () => {
      const { clock, advance } = fakeTime()
      const pending = runMeasurement(
        'thenable',
        () => Promise.resolve(advance(0.5)),
        { clock, gc: false, timeMs: 10, minTimeMs: 5 },
        'test',
      )
      expect(pending).toBeInstanceOf(Promise)
      expect((await pending).subject).toBe('async')
    })

    it('drains a generator per operation and reports per-yield statistics and yields per operation', () => {
      const { clock, advance } = fakeTime()
      function* subject(): Generator<number> {
        advance(0.25)
        yield 1
        advance(0.25)
        yield 2
        advance(0.5) // after the last yield: part of the operation, not of a yield latency
      }
      const r = measureSync(subject, { clock, timeMs: 20, minTimeMs: 5 })
      expect(r.subject).toBe('generator')
      expect(r.medianMs).toBe(1)
      expect(r.yieldsPerOperation).toBe(2)
      expect(r.perYield).toBeDefined()
      expect(r.perYield?.medianMs).toBe(0.25)
      expect(r.perYield?.maxMs).toBe(0.25)
      // 20 instrumented runs × 2 yields.
      expect(r.perYield?.n).toBe(40)
    })

    it('recognizes an arrow function returning a generator object as a generator', () => {
      const { clock, advance } = fakeTime()
      function* inner(): Generator<number> {
        advance(0.5)
        yield 1
      }
      const r = measureSync(() => inner(), { clock, timeMs: 20, minTimeMs: 5 })
      expect(r.subject).toBe('generator')
      expect(r.yieldsPerOperation).toBe(1)
      expect(r.medianMs).toBe(0.5)
    })

    it('drains an async generator per operation, returning a promise with per-yield statistics', async () => {
      const { clock, advance } = fakeTime()
      async function* subject(): AsyncGenerator<number> {
        advance(0.25)
        yield 1
        await Promise.resolve()
        advance(0.25)
        yield 2
        yield 3
      }
      const pending = runMeasurement('async gen', subject, { clock, gc: false, timeMs: 20, minTimeMs: 5 }, 'test')
      expect(pending).toBeInstanceOf(Promise)
      const r = await pending
      expect(r.subject).toBe('async-generator')
      expect(r.medianMs).toBe(0.5)
      expect(r.yieldsPerOperation).toBe(3)
      expect(r.perYield?.n).toBe(60)
      expect(r.perYield?.minMs).toBe(0)
      expect(r.perYield?.maxMs).toBe(0.25)
    })
  })

  describe('batching', () => {
    it('batches a subject faster than the target sample time and reports per-operation times', () => {
      const { clock, advance } = fakeTime()
      let calls = 0
      const r = measureSync(
        () => {
          calls++
          advance(0.001)
        },
        { clock, timeMs: 20, minTimeMs: 10 },
      )
      expect(r.batchSize).toBeGreaterThan(1)
      expect(r.medianMs).toBeCloseTo(0.001, 9)
      for (const sampleMs of r.samplesMs) expect(sampleMs).toBeCloseTo(0.001, 9)
      expect(r.operations).toBe(r.n * r.batchSize)
      // Every call is either a warm-up operation (probe and batch calibration included) or a sampled one.
      expect(calls).toBe(r.warmupOperations + r.operations)
    })

    it('keeps one operation per sample when a single operation already lasts the target sample time', () => {
      const { clock, advance } = fakeTime()
      const r = measureSync(() => advance(0.5), { clock, timeMs: 20, minTimeMs: 5 })
      expect(r.batchSize).toBe(1)
      expect(r.operations).toBe(r.n)
    })

    it('uses an explicit batchSize as given', () => {
      const { clock, advance } = fakeTime()
      let calls = 0
      const r = measureSync(
        () => {
          calls++
          advance(0.5)
        },
        { clock, batchSize: 4, iterations: 5, warmupIterations: 3 },
      )
      expect(r.batchSize).toBe(4)
      expect(r.n).toBe(5)
      expect(r.operations).toBe(20)
      expect(r.medianMs).toBe(0.5)
      expect(calls).toBe(3 + 20)
    })
  })

  describe('warm-up and iterations', () => {
    it('counts the probe call as the first warm-up operation', () => {
      const { clock, advance } = fakeTime()
      let calls = 0
      const r = measureSync(
        () => {
          calls++
          advance(0.5)
        },
        { clock, warmupIterations: 5, batchSize: 1, iterations: 8 },
      )
      expect(r.warmupOperations).toBe(5)
      expect(calls).toBe(5 + 8)
    })

    it('stops warming up once warmupMs has passed', () => {
      const { clock, advance } = fakeTime()
      const r = measureSync(() => advance(2), { clock, warmupMs: 10, warmupIterations: 1000, batchSize: 1, iterations: 3 })
      // Probe (2 ms, before the warm-up clock starts) + 5 × 2 ms.
      expect(r.warmupOperations).toBe(6)
    })

    it('takes exactly `iterations` samples, ignoring the time budget', () => {
      const { clock, advance } = fakeTime()
      const r = measureSync(() => advance(5), { clock, iterations: 7, timeMs: 1 })
      expect(r.n).toBe(7)
      expect(r.samplesMs).toHaveLength(7)
      expect(r.sampledForMs).toBe(35)
    })

    it('takes exactly `iterations` samples of a batched fast subject', () => {
      const { clock, advance } = fakeTime()
      const r = measureSync(() => advance(0.001), { clock, iterations: 25 })
      expect(r.n).toBe(25)
      expect(r.batchSize).toBeGreaterThan(1)
      expect(r.operations).toBe(25 * r.batchSize)
    })

    it('with warmup: false and iterations: 1, the probe call is the single sample', () => {
      const { clock, advance } = fakeTime()
      let calls = 0
      const r = measureSync(
        () => {
          calls++
          advance(3.5)
        },
        { clock, warmup: false, iterations: 1 },
      )
      expect(calls).toBe(1)
      expect(r.n).toBe(1)
      expect(r.samplesMs).toEqual([3.5])
      expect(r.medianMs).toBe(3.5)
      expect(r.warmupOperations).toBe(0)
      expect(r.batchSize).toBe(1)
      expect(r.operations).toBe(1)
    })

    it('with warmup: false, the probe call is the first sample and the samples keep their order', () => {
      const { clock, advance } = fakeTime()
      let calls = 0
      const r = measureSync(() => advance(++calls), { clock, warmup: false, iterations: 3 })
      expect(calls).toBe(3)
      expect(r.samplesMs).toEqual([1, 2, 3])
      expect(r.warmupOperations).toBe(0)
    })

    it('single-shot async: the awaited probe is the single sample', async () => {
      const { clock, advance } = fakeTime()
      let calls = 0
      const r = await runMeasurement(
        'cold',
        async () => {
          calls++
          await Promise.resolve()
          advance(7)
        },
        { clock, gc: false, warmup: false, iterations: 1 },
        'test',
      )
      expect(calls).toBe(1)
      expect(r.samplesMs).toEqual([7])
      expect(r.warmupOperations).toBe(0)
    })
  })

  describe('when sampling stops', () => {
    it('stops once the time budget is spent when the median never settles', () => {
      const { clock, advance } = fakeTime()
      const r = measureSync(noisySubject(advance), { clock, batchSize: 1, warmupIterations: 1, timeMs: 60, minTimeMs: 10 })
      expect(r.sampledForMs).toBeGreaterThanOrEqual(60)
      // One operation (under 2 ms) may overshoot the budget.
      expect(r.sampledForMs).toBeLessThan(62)
      expect(r.n).toBeGreaterThan(30)
      expect(r.n).toBeLessThan(60)
    })

    it('takes minSamples even when the time budget is already spent', () => {
      const { clock, advance } = fakeTime()
      const r = measureSync(() => advance(10), { clock, batchSize: 1, warmupIterations: 1, timeMs: 5, minSamples: 12 })
      expect(r.n).toBe(12)
      expect(r.sampledForMs).toBe(120)
    })

    it('never takes more than maxSamples', () => {
      const { clock, advance } = fakeTime()
      const r = measureSync(noisySubject(advance), { clock, batchSize: 1, warmupIterations: 1, timeMs: 10_000, maxSamples: 15 })
      expect(r.n).toBe(15)
    })

    it('stops early, once minTimeMs has passed, when the median is pinned within targetMarginPercent', () => {
      const { clock, advance } = fakeTime()
      const r = measureSync(() => advance(0.5), { clock, batchSize: 1, warmupIterations: 1, timeMs: 1000, minTimeMs: 20 })
      // Constant samples: margin 0% from the start, but no stop before 20 ms (40 samples of 0.5 ms).
      expect(r.sampledForMs).toBe(20)
      expect(r.n).toBe(40)
    })

    it('keeps sampling past minTimeMs while the median’s margin exceeds targetMarginPercent', () => {
      const { clock, advance } = fakeTime()
      const r = measureSync(noisySubject(advance), { clock, batchSize: 1, warmupIterations: 1, timeMs: 200, minTimeMs: 20 })
      expect(r.sampledForMs).toBeGreaterThanOrEqual(200)
      expect(medianMarginPercent(r.samplesMs)).toBeGreaterThan(1)
    })

    it('stops at minTimeMs when a loose targetMarginPercent is already met', () => {
      const { clock, advance } = fakeTime()
      // Times spread over [1, 2) ms: after ~13 samples the median's 95% half-width is about 20–30% of it.
      const r = measureSync(noisySubject(advance), {
        clock,
        batchSize: 1,
        warmupIterations: 1,
        timeMs: 1000,
        minTimeMs: 20,
        targetMarginPercent: 40,
      })
      expect(r.sampledForMs).toBeGreaterThanOrEqual(20)
      expect(r.sampledForMs).toBeLessThan(22)
      expect(medianMarginPercent(r.samplesMs)).toBeLessThanOrEqual(40)
    })
  })

  describe('setup and teardown', () => {
    it('runs setup before and teardown after every operation, untimed', () => {
      const { clock, advance } = fakeTime()
      const log: string[] = []
      const r = measureSync(
        () => {
          log.push('fn')
          advance(0.5)
        },
        {
          clock,
          timeMs: 20,
          minTimeMs: 5,
          setup: () => {
            log.push('setup')
            advance(5)
          },
          teardown: () => {
            log.push('teardown')
            advance(7)
          },
        },
      )
      expect(r.samplesMs.every((sampleMs) => sampleMs === 0.5)).toBe(true)
      expect(log.length % 3).toBe(0)
      for (let i = 0; i < log.length; i += 3) expect(log.slice(i, i + 3)).toEqual(['setup', 'fn', 'teardown'])
      expect(log.filter((entry) => entry === 'fn')).toHaveLength(r.warmupOperations + r.operations)
    })

    it('forces one operation per sample, even for a fast subject or an explicit batchSize', () => {
      const { clock, advance } = fakeTime()
      const setup = (): void => {}
      expect(measureSync(() => advance(0.001), { clock, setup, timeMs: 5, minTimeMs: 1 }).batchSize).toBe(1)
      expect(measureSync(() => advance(0.001), { clock, teardown: setup, iterations: 3, batchSize: 50 }).batchSize).toBe(1)
    })

    it('awaits async setup and teardown around every sampled operation of an async subject', async () => {
      const { clock, advance } = fakeTime()
      let ready = false
      const seen: boolean[] = []
      await runMeasurement(
        'hooks',
        async () => {
          seen.push(ready)
          advance(1)
        },
        {
          clock,
          gc: false,
          warmupIterations: 3,
          iterations: 5,
          setup: async () => {
            await Promise.resolve()
            ready = true
          },
          teardown: async () => {
            await Promise.resolve()
            ready = false
          },
        },
        'test',
      )
      expect(seen).toHaveLength(8)
      // seen[0] is the probe; see the it.fails below.
      expect(seen.slice(1).every(Boolean)).toBe(true)
    })

    // BUG: runMeasurement.ts:319 calls `o.setup?.()` before the probe without awaiting it, so for an async subject
    // the first operation (the single sample of a single-shot run) starts before an async setup has finished.
    it('awaits an async setup before the probe call of an async subject (single-shot)', async () => {
      const { clock, advance } = fakeTime()
      let ready = false
      const seen: boolean[] = []
      await runMeasurement(
        'cold',
        async () => {
          seen.push(ready)
          advance(1)
        },
        {
          clock,
          gc: false,
          warmup: false,
          iterations: 1,
          setup: async () => {
            await Promise.resolve()
            ready = true
          },
        },
        'test',
      )
      expect(seen).toEqual([true])
    })

    it('turns a sync subject with an async setup into an async measurement that awaits every setup', async () => {
      const { clock, advance } = fakeTime()
      let ready = false
      const seen: boolean[] = []
      const pending = runMeasurement(
        't',
        () => {
          seen.push(ready)
          ready = false
          advance(0.5)
        },
        {
          clock,
          timeMs: 5,
          setup: async () => {
            await Promise.resolve()
            ready = true
          },
        },
        'test',
      )
      expect(pending).toBeInstanceOf(Promise)
      const r = await pending
      expect(r.subject).toBe('sync')
      expect(seen.length).toBeGreaterThan(1)
      expect(seen.every(Boolean)).toBe(true)
    })

    it('throws a clear TypeError when teardown returns a promise but the subject is synchronous', () => {
      const { clock, advance } = fakeTime()
      expect(() => measureSync(() => advance(0.5), { clock, timeMs: 5, teardown: async () => {} })).toThrow(
        /teardown hook returned a promise, but the subject is synchronous/,
      )
    })

    // BUG: the setup before the probe (runMeasurement.ts:319) and the teardown after it (:325) are not checked with
    // assertSync, so a single-shot sync measurement silently runs its only sample without awaiting an async setup.
    it('awaits an async setup before a single-shot sync subject too', async () => {
      const { clock, advance } = fakeTime()
      let ready = false
      const r = await runMeasurement(
        't',
        () => {
          if (!ready) throw new Error('ran before setup finished')
          advance(0.5)
        },
        {
          clock,
          warmup: false,
          iterations: 1,
          setup: async () => {
            await Promise.resolve()
            ready = true
          },
        },
        'test',
      )
      expect(r.n).toBe(1)
      expect(r.medianMs).toBe(0.5)
    })
  })

  describe('errors', () => {
    it('rethrows the error of a sync subject that throws on its first call', () => {
      const boom = new Error('boom')
      expect(() =>
        runMeasurement(
          'throws',
          () => {
            throw boom
          },
          { gc: false },
          'test',
        ),
      ).toThrow(boom)
    })

    it('rethrows the error of a sync subject that throws during sampling', () => {
      const { clock, advance } = fakeTime()
      const boom = new Error('late boom')
      let calls = 0
      expect(() =>
        measureSync(
          () => {
            if (++calls === 50) throw boom
            advance(0.5)
          },
          { clock, timeMs: 100 },
        ),
      ).toThrow(boom)
    })

    it('rethrows the error of a generator that throws while it is drained', () => {
      function* subject(): Generator<number> {
        yield 1
        throw new RangeError('generator boom')
      }
      expect(() => measureSync(subject, {})).toThrow(/generator boom/)
    })

    it('rejects with the error of a rejecting async subject', async () => {
      const boom = new Error('async boom')
      await expect(
        runMeasurement(
          'rejects',
          async () => {
            throw boom
          },
          { gc: false },
          'test',
        ),
      ).rejects.toBe(boom)
    })

    it('rejects with the error of an async subject that rejects during sampling', async () => {
      const { clock, advance } = fakeTime()
      const boom = new Error('late async boom')
      let calls = 0
      const subject = async (): Promise<void> => {
        if (++calls === 30) throw boom
        advance(0.5)
      }
      await expect(runMeasurement('rejects later', subject, { clock, gc: false, timeMs: 100 }, 'test')).rejects.toBe(boom)
    })

    it('throws a TypeError naming the caller when the subject is not a function', () => {
      expect(() => runMeasurement('x', 42 as unknown as () => unknown, undefined, 'toCompleteWithin()')).toThrow(
        'toCompleteWithin(): the subject must be a function, received 42',
      )
    })

    it('validates options before calling the subject', () => {
      let calls = 0
      expect(() => runMeasurement('x', () => calls++, { timeMs: -1 }, 'measure()')).toThrow('measure(): option "timeMs" is -1')
      expect(calls).toBe(0)
    })

    it('lets keys listed in extraOptionKeys through to the caller', () => {
      const { clock, advance } = fakeTime()
      const options = { clock, gc: false, iterations: 2, budgetMs: 10 } as MeasureOptions
      expect(() => runMeasurement('x', () => advance(1), options, 'matcher', ['budgetMs'])).not.toThrow()
    })
  })

  describe('retained samples, clock overhead and gc', () => {
    it('caps samplesMs at maxRetainedSamples while the statistics use every sample', () => {
      const { clock, advance } = fakeTime()
      let calls = 0
      const r = measureSync(() => advance(++calls), { clock, warmup: false, iterations: 50, maxRetainedSamples: 10 })
      expect(r.n).toBe(50)
      expect(r.samplesMs).toHaveLength(10)
      expect(r.maxMs).toBe(50)
      // Evenly strided through the run, in order, first and last included: round(i · 49 / 9) + 1.
      expect(r.samplesMs).toEqual([1, 6, 12, 17, 23, 28, 34, 39, 45, 50])
    })

    it('subtracts the clock’s own cost from every sample', () => {
      let t = 0
      const clock = (): number => (t += 0.25) // every read costs 0.25 ms
      const r = measureSync(
        () => {
          t += 1
        },
        { clock, timeMs: 20, minTimeMs: 5 },
      )
      expect(r.medianMs).toBe(1)
      expect(r.minMs).toBe(1)
      expect(r.maxMs).toBe(1)
    })

    it('subtracts the clock’s cost from the single-shot probe sample too', () => {
      let t = 0
      const clock = (): number => (t += 0.25)
      const r = measureSync(
        () => {
          t += 3
        },
        { clock, warmup: false, iterations: 1 },
      )
      expect(r.samplesMs).toEqual([3])
    })

    describe('with a gc() exposed on globalThis', () => {
      const g = globalThis as { gc?: unknown }
      const original = g.gc
      afterEach(() => {
        if (original === undefined) delete g.gc
        else g.gc = original
      })

      it("collects before sampling and between samples of 1 ms or more with gc: 'auto'", () => {
        const { clock, advance } = fakeTime()
        const log: string[] = []
        g.gc = () => log.push('gc')
        const subject = (): void => {
          log.push('fn')
          advance(2)
        }
        runMeasurement('gc', subject, { clock, gc: 'auto', warmup: false, iterations: 4 }, 'test')
        // The probe is sample 1; gc() runs before sample 2 and between the following ones.
        expect(log.slice(0, 6)).toEqual(['fn', 'gc', 'fn', 'gc', 'fn', 'gc'])
        expect(log.filter((entry) => entry === 'fn')).toHaveLength(4)
      })

      it('collects only once, before sampling, when samples are shorter than 1 ms', () => {
        const { clock, advance } = fakeTime()
        let collections = 0
        g.gc = () => collections++
        runMeasurement('gc', () => advance(0.5), { clock, gc: 'auto', batchSize: 1, warmupIterations: 2, iterations: 10 }, 'test')
        expect(collections).toBe(1)
      })

      it('never collects with gc: false', () => {
        const { clock, advance } = fakeTime()
        let collections = 0
        g.gc = () => collections++
        runMeasurement('gc', () => advance(2), { clock, gc: false, iterations: 5 }, 'test')
        expect(collections).toBe(0)
      })
    })
  })
})

describe('machine reference', () => {
  it('times a fixed workload around every measurement with the real clock, and skips it under a frozen test clock', () => {
    const real = runMeasurement('real', () => Math.sqrt(2), { gc: false, timeMs: 10, minTimeMs: 5 }, 'test') as MeasureResult
    // Six rounds of JSON, Map, string and object work: microseconds on any machine this runs on, never 0 and never
    // a millisecond.
    expect(real.referenceMixMs).toBeGreaterThan(0.0005)
    expect(real.referenceMixMs).toBeLessThan(1)
    const { clock, advance } = fakeTime()
    const frozen = runMeasurement('fake', () => advance(0.5), { clock, gc: false, timeMs: 20, minTimeMs: 5 }, 'test') as MeasureResult
    expect(frozen.referenceMixMs).toBeUndefined()
  })

  it('is the slower side: a machine that changed speed during the measurement is not counted as fast throughout', () => {
    // Fastest call before 0.020 ms, after 0.034 ms (the machine slowed down meanwhile): 0.034, not the overall 0.020.
    expect(referenceAroundMs([0.021, 0.02, 0.05], [0.034, 0.036])).toBe(0.034)
    expect(referenceAroundMs([0.034, 0.04], [0.021, 0.02])).toBe(0.034)
    // Within a side the fastest call: an interrupt or a GC pause slows single calls only.
    expect(referenceAroundMs([0.02, 0.9, 0.021], [])).toBe(0.02)
    expect(referenceAroundMs([], [])).toBeUndefined()
  })
})

describe('clockOverheadMs()', () => {
  it('returns the fixed step of a fake clock that advances on every read', () => {
    let t = 0
    expect(clockOverheadMs(() => (t += 0.25))).toBe(0.25)
  })

  it('returns 0 for a clock that only the subject advances', () => {
    expect(clockOverheadMs(() => 42)).toBe(0)
  })

  it('returns the median step, ignoring rare slow reads', () => {
    let reads = 0
    let t = 0
    const clock = (): number => (t += ++reads % 100 === 0 ? 50 : 0.5)
    expect(clockOverheadMs(clock)).toBe(0.5)
  })

  it('measures the real clock as a small non-negative cost (range only)', () => {
    const overheadMs = clockOverheadMs(realClock)
    expect(overheadMs).toBeGreaterThanOrEqual(0)
    expect(overheadMs).toBeLessThan(1)
  })
})

describe('medianMarginPercent()', () => {
  it('is 0 when every sample is the same', () => {
    expect(medianMarginPercent(Array.from({ length: 50 }, () => 2))).toBe(0)
  })

  it('is the half-width between order statistics (n ∓ 1.96·√n)/2, relative to the median', () => {
    // n = 10: k = ⌊(10 − 6.198)/2⌋ = 1 → (x[8] − x[1]) / 2 = (9 − 2) / 2 = 3.5; median x[5] = 6 → 58.33%.
    expect(medianMarginPercent([7, 1, 10, 3, 5, 2, 9, 4, 8, 6])).toBeCloseTo((3.5 * 100) / 6, 9)
    // n = 100 (1…100): k = ⌊(100 − 19.6)/2⌋ = 40 → (x[59] − x[40]) / 2 = (60 − 41) / 2 = 9.5; median x[50] = 51.
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(medianMarginPercent(hundred)).toBeCloseTo((9.5 * 100) / 51, 9)
  })

  it('narrows as n grows for the same spread', () => {
    const cycle = (n: number): number[] => Array.from({ length: n }, (_, i) => 1 + (i % 10) / 10)
    expect(medianMarginPercent(cycle(1000))).toBeLessThan(medianMarginPercent(cycle(20)))
  })

  it('does not reorder its input', () => {
    const samples = [3, 1, 2]
    medianMarginPercent(samples)
    expect(samples).toEqual([3, 1, 2])
  })

  it('is infinite for no samples or a zero median', () => {
    expect(medianMarginPercent([])).toBe(Number.POSITIVE_INFINITY)
    expect(medianMarginPercent([0, 0, 0])).toBe(Number.POSITIVE_INFINITY)
  })
})
