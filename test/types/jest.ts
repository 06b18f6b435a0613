/// <reference types="perf-sentinel/types/jest" />
// Type test (tsc, never run): the matchers type-check on Jest's `expect` from @jest/globals and on the global one.
import { expect as jestExpect, test } from '@jest/globals'
import { measure } from 'perf-sentinel'
import { perfTiming } from 'perf-sentinel'

test('types', async () => {
  jestExpect(() => 1).toCompleteWithin(5)
  await jestExpect(async () => 1).toCompleteWithin(50, { statistic: 'p99' })
  jestExpect(() => 1).not.toHavePercentileWithin(95, 2)
  jestExpect(() => 1).toAchieveThroughput(1000)
  await jestExpect(async () => 1).not.toBlockEventLoop({ maxMs: 20 })
  jestExpect(perfTiming(() => 1, { thresholdMs: 5 })).toHaveCallsWithin()
  // @ts-expect-error unknown statistic
  jestExpect(perfTiming(() => 1)).toHaveCallsWithin(5, { statistic: 'p42' })
  expect(() => 1).toCompleteWithin(5)
  expect(() => 1).toCompleteOnceWithin(200)
  const result = await measure('parse', () => 1)
  jestExpect(result.medianMs).toBeGreaterThan(0)
  // @ts-expect-error the budget is a number of ms
  jestExpect(() => 1).toCompleteWithin('5')
  // @ts-expect-error the budget is a number of ms (global expect)
  expect(() => 1).toCompleteWithin('5')
})
