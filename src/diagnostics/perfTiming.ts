/**
 * `perfTiming`: the original design's `@perf_timing`. Wraps a function (or, as a decorator, a class method) so that
 * every call is timed into a bounded per-name store (`getStats`), optionally logged as a PERF JSON line, and, for
 * async kinds, checked for synchronous blocking. The wrapper keeps the signature, `this`, the return value and
 * the errors of the original; it works in tests and in any plain Node process. Here Node's parts: the clock, the
 * event-loop watcher, the inspector's CPU profiler, stderr (the browser's are in `src/browser.ts`).
 */
import { performance } from 'node:perf_hooks'
import { realClock } from '../measure/clock.js'
import { callClock } from './callClock.js'
import { CallProfiler } from './callProfiler.js'
import type { PerfTimingFunction } from './instrument.js'
import { createPerfTiming } from './instrument.js'
import { sharedSliceWatcher } from './loopSlices.js'
import { writePerfLogLine } from './perfLog.js'

export type { PerfTimingOptions } from './perfTimingOptions.js'

const timeOrigin = performance.timeOrigin
const fromRealClock = (ms: number): number => timeOrigin + ms

/**
 * Instruments a function: same signature, `this`, return value and errors; every call is timed. Also a decorator for
 * class methods: `@perfTiming`, `@perfTiming()` or `@perfTiming({ thresholdMs: 5 })` (TC39 decorators, and
 * TypeScript's legacy `experimentalDecorators`).
 * @example const parse = perfTiming(rawParse, { thresholdMs: 5 }); parse(doc); getStats('rawParse')?.p95Ms
 */
export const perfTiming: PerfTimingFunction = createPerfTiming({
  // The cheapest real clock by default (callClock.ts): two reads are most of a call's added cost.
  clock: callClock.read,
  toEpochMs: (clock) => (clock === callClock.read ? callClock.toEpochMs : clock === realClock ? fromRealClock : undefined),
  watcher: sharedSliceWatcher,
  profiler: (mode, fn, entry) => new CallProfiler(mode, fn, entry),
  writeLog: writePerfLogLine,
  env: () => process.env,
})
