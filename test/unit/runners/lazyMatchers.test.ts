import { describe, expect, it } from 'vitest'
import { perfMatchers } from '../../../matchers/index.js'
import type { PerfMatchersMap } from '../../../src/runners/lazyMatchers.js'
import { lazyMatchers, PERF_MATCHER_NAMES } from '../../../src/runners/lazyMatchers.js'

describe('lazyMatchers()', () => {
  it('knows every perf matcher by name without loading them (keep PERF_MATCHER_NAMES in step with matchers/index.ts)', () => {
    expect([...PERF_MATCHER_NAMES].sort()).toEqual(Object.keys(perfMatchers).sort())
  })

  it('loads the real matchers on the first call only, and forwards `this` and the arguments', () => {
    const calls: unknown[][] = []
    let loads = 0
    const loaded: string[] = []
    const fake = Object.fromEntries(
      PERF_MATCHER_NAMES.map((name) => [
        name,
        function (this: unknown, ...args: unknown[]) {
          calls.push([name, this, ...args])
          return { pass: true, message: () => name }
        },
      ]),
    ) as unknown as PerfMatchersMap
    const stubs = lazyMatchers(
      () => {
        loads++
        return fake
      },
      (matchers) => loaded.push(...Object.keys(matchers)),
    )
    expect(loads).toBe(0)
    const context = { isNot: false }
    expect(stubs.toCompleteWithin?.call(context, 'fn', 5)).toMatchObject({ pass: true })
    stubs.toLeak?.call(context, 'other')
    expect(loads).toBe(1)
    expect(loaded).toHaveLength(PERF_MATCHER_NAMES.length)
    expect(calls).toEqual([
      ['toCompleteWithin', context, 'fn', 5],
      ['toLeak', context, 'other'],
    ])
  })
})
