/** The statistics core that decides regressions: pure functions, no fs, git or clock. */
export { compareMeasurement } from './compareMeasurement.js'
export type { CompareInput } from './compareMeasurement.js'
export {
  compareOptionSet,
  resolveCompareOptions,
  COMPARE_MAX_SAMPLES,
  DEFAULT_CONFIDENCE_LEVEL,
  DEFAULT_FAIL_THRESHOLD_PERCENT,
  DEFAULT_FAMILY_ALPHA,
  DEFAULT_MIN_SAMPLES,
  DEFAULT_TIMER_RESOLUTION_MS,
  DEFAULT_WARN_THRESHOLD_PERCENT,
  MIN_ABSOLUTE_FLOOR_MS,
  TIMER_RESOLUTION_MULTIPLE,
} from './options.js'
export type { CompareOptions, CompareOptionsInput } from './options.js'
export { compareRun } from './compareRun.js'
export type { CompareInputBase, CompareInputHead, RunComparison } from './compareRun.js'
export { holmAdjust } from '../stats/holm.js'
export {
  estimateNoiseFloorPercent,
  noiseFloorOptionSet,
  resolveNoiseFloorOptions,
  DEFAULT_BETWEEN_RUN_FACTOR,
  DEFAULT_MIN_HISTORY_RUNS,
  DEFAULT_NOISE_FLOOR_PERCENT,
} from './noiseFloor.js'
export type { NoiseFloorInput, NoiseFloorOptions } from './noiseFloor.js'
export { hodgesLehmannShift } from '../stats/hodgesLehmann.js'
export { EXACT_MAX_PAIRS } from '../stats/mannWhitney.js'
export type { ShiftEstimate } from '../stats/hodgesLehmann.js'
