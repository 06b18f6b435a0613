/// <reference types="perf-sentinel/types/vitest" />
// Type test (tsc, never run): the matchers type-check on Vitest 4's `expect`, and wrong arguments do not.
import { expect, test } from 'vitest'
import { measure } from 'perf-sentinel'
import { perfTiming } from 'perf-sentinel'

test('types', async () => {
  expect(() => 1).toCompleteWithin(5)
  expect(() => 1).toCompleteWithin(5, { statistic: 'p95', timeMs: 100, name: 'x' })
  await expect(async () => 1).toCompleteWithin(50)
  expect(() => 1).not.toCompleteWithin(5)
  expect(() => 1).toHavePercentileWithin(95, 2)
  expect(() => 1).toAchieveThroughput(1000)
  expect(() => 1).toCompleteOnceWithin(200)
  await expect(async () => 1).not.toBlockEventLoop({ maxMs: 20, runs: 3 })
  expect(perfTiming((x: number) => x * 2, { thresholdMs: 5 })).toHaveCallsWithin(5, { statistic: 'p95' })
  const double: (x: number) => number = perfTiming((x: number) => x * 2)
  // @ts-expect-error maxMs is a number of ms
  await expect(async () => 1).toBlockEventLoop({ maxMs: '20' })
  // @ts-expect-error perfTiming keeps the signature
  double('2')
  const result = await measure('parse', () => 1, { timeMs: 100 })
  const p95: number = result.p95Ms
  expect(p95).toBeLessThan(2)
  // @ts-expect-error the budget is a number of ms
  expect(() => 1).toCompleteWithin('5')
  // @ts-expect-error unknown statistic
  expect(() => 1).toCompleteWithin(5, { statistic: 'p42' })
  // @ts-expect-error only 50, 75, 90, 95 and 99
  expect(() => 1).toHavePercentileWithin(42, 2)
  // @ts-expect-error single-shot takes no warm-up
  expect(() => 1).toCompleteOnceWithin(5, { warmup: true })
})
