import { afterEach, describe, expect, it } from 'vitest'
import type { MatcherResult } from '../../../../matchers/timingMatcher.js'
import { toAllocateAtMost } from '../../../../matchers/toAllocateAtMost.js'
import type { PendingRecord } from '../../../../src/record/recorder.js'
import { installRecorder } from '../../../../src/record/recorder.js'
import { matcherContext } from './matcherContext.js'
import { oneKilobyte } from './memoryFixtures.js'

const RECORDER_KEY = Symbol.for('perf-sentinel.recorder')

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[RECORDER_KEY]
})

describe('toAllocateAtMost()', () => {
  it('passes synchronously when a sync function allocates within budget, and records the figures', () => {
    const records: PendingRecord[] = []
    installRecorder({ record: (r) => records.push(r) })
    const result = toAllocateAtMost.call(matcherContext(), oneKilobyte, 2048) as MatcherResult
    expect(result).not.toBeInstanceOf(Promise)
    expect(result.pass).toBe(true)
    expect(records[0]).toMatchObject({
      name: 'toAllocateAtMost',
      autoName: true,
      kind: 'matcher',
      memory: { budget: { limitBytes: 2048, withinBudget: true } },
    })
    expect(records[0]?.memory?.allocation?.runsBytesPerOp).toHaveLength(10)
    expect(records[0]?.result.n).toBe(10)
  })

  it('fails with bytes per operation, the runs, the source of the figure and the collections', () => {
    const result = toAllocateAtMost.call(matcherContext(), oneKilobyte, 512) as MatcherResult
    expect(result.pass).toBe(false)
    const message = result.message()
    expect(message).toMatch(/^expect\(received\)\.toAllocateAtMost\(512\)/)
    expect(message).toMatch(/Expected: at most 512 B allocated per operation/)
    expect(message).toMatch(
      /Received: 1\.0\d KiB per operation \((estimate: JS heap growth between collections; this Node has no total_allocated_bytes|V8 total_allocated_bytes)\)/,
    )
    expect(message).toMatch(/Runs \(10 × 1000 operations\): min .*, median .*, max .*, CV \d+\.\d%/)
    expect(message).toMatch(/Garbage collections during the runs: \d+, .* · collector: (--expose-gc|exposed flag-free)/)
  })

  it('reads the other way round with .not', () => {
    const result = toAllocateAtMost.call(matcherContext(true), oneKilobyte, 2048) as MatcherResult
    expect(result.pass).toBe(true)
    expect(result.message()).toMatch(/Expected: more than 2\.00 KiB allocated per operation/)
  })

  it('measures an async function through a promise', async () => {
    const result = await toAllocateAtMost.call(matcherContext(), async () => ({ a: 1 }), 4096, { runs: 3, operationsPerRun: 200 })
    expect(result.pass).toBe(true)
  })

  it('reports a throwing function as such, not as a measurement', () => {
    expect(() =>
      toAllocateAtMost.call(
        matcherContext(),
        () => {
          throw new RangeError('boom')
        },
        10,
      ),
    ).toThrow(/toAllocateAtMost: the measured function threw, so nothing was measured\.\nRangeError: boom/)
  })

  it('rejects a bad budget or option', () => {
    expect(() => toAllocateAtMost.call(matcherContext(), oneKilobyte, -1)).toThrow(
      /the budget \(first argument\) must be a finite number of bytes ≥ 0, received -1/,
    )
    expect(() => toAllocateAtMost.call(matcherContext(), oneKilobyte, 1, { run: 3 } as never)).toThrow(
      /option "run" must be one of: runs, operationsPerRun, name/,
    )
    expect(() => toAllocateAtMost.call(matcherContext(), 'fn', 1)).toThrow(/the received value must be a function/)
  })
})
