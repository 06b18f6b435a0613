import { toAchieveThroughput } from './toAchieveThroughput.js'
import { toCompleteOnceWithin } from './toCompleteOnceWithin.js'
import { toCompleteWithin } from './toCompleteWithin.js'
import { toHavePercentileWithin } from './toHavePercentileWithin.js'

/** Every perf-sentinel matcher, ready for `expect.extend(perfMatchers)`. */
export const perfMatchers: {
  toCompleteWithin: typeof toCompleteWithin
  toHavePercentileWithin: typeof toHavePercentileWithin
  toAchieveThroughput: typeof toAchieveThroughput
  toCompleteOnceWithin: typeof toCompleteOnceWithin
} = { toCompleteWithin, toHavePercentileWithin, toAchieveThroughput, toCompleteOnceWithin }
