import { describeValue } from '../errors.js'
import { profileMeasurement } from '../diagnostics/profileMeasurement.js'
import { currentRecorder } from '../record/recorder.js'
import type { MeasureResult } from '../model/types.js'
import type { MeasureOptions } from './options.js'
import { runMeasurement } from './runMeasurement.js'
import type { Subject } from './subject.js'

/**
 * Bench hook: measures `fn` with warm-up and adaptive sampling and records the result for the perf reports and
 * the baseline, attributed to the running test. Per-operation times are in ms.
 * @example const r = await measure('parse 1 KB', () => parse(doc)); expect(r.p95Ms).toBeLessThan(2)
 */
export async function measure(name: string, fn: Subject, options?: MeasureOptions): Promise<MeasureResult> {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(`measure(): the name (first argument) must be a non-empty string, received ${describeValue(name)}`)
  }
  const result = await runMeasurement(name, fn, options, 'measure()')
  // `profile: 'always'` (a measure() has no failure): a CPU profile of a replay, after the timed samples.
  const hasHooks = options?.setup !== undefined || options?.teardown !== undefined
  const profile = await profileMeasurement({ fn, result, mode: options?.profile, failed: false, context: undefined, name, hasHooks })
  currentRecorder()?.record({ name, autoName: false, kind: 'measure', result, ...(profile ? { profile } : {}) })
  return result
}
