import { toAchieveThroughput } from './toAchieveThroughput.js'
import { toBlockEventLoop } from './toBlockEventLoop.js'
import { toCompleteOnceWithin } from './toCompleteOnceWithin.js'
import { toCompleteWithin } from './toCompleteWithin.js'
import { toHaveCallsWithin } from './toHaveCallsWithin.js'
import { toHavePercentileWithin } from './toHavePercentileWithin.js'
import { toSustainLoad } from './toSustainLoad.js'
import { toAllocateAtMost } from './toAllocateAtMost.js'
import { toLeak } from './toLeak.js'

/** Every perf-sentinel matcher, ready for `expect.extend(perfMatchers)`. */
export const perfMatchers: {
  toCompleteWithin: typeof toCompleteWithin
  toHavePercentileWithin: typeof toHavePercentileWithin
  toAchieveThroughput: typeof toAchieveThroughput
  toCompleteOnceWithin: typeof toCompleteOnceWithin
  toSustainLoad: typeof toSustainLoad
  toAllocateAtMost: typeof toAllocateAtMost
  toLeak: typeof toLeak
  toBlockEventLoop: typeof toBlockEventLoop
  toHaveCallsWithin: typeof toHaveCallsWithin
} = {
  toCompleteWithin,
  toHavePercentileWithin,
  toAchieveThroughput,
  toCompleteOnceWithin,
  toSustainLoad,
  toAllocateAtMost,
  toLeak,
  toBlockEventLoop,
  toHaveCallsWithin,
}
