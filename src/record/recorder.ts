import { reportUnrecorded } from './unrecorded.js'
import type { BudgetOutcome, MeasureResult, MeasurementKind } from '../model/types.js'
import type { LoadFigures } from '../model/loadFigures.js'
import type { MemoryFigures } from '../model/memoryFigures.js'
import type { BlockingSummary, ProfileSummary } from '../model/diagnostics.js'

/** A measurement taken in a test, before the runner adapter attributes it to a test. */
export interface PendingRecord {
  name: string
  /** True when perf-sentinel chose the name (`toCompleteWithin #1`): the recorder numbers it per test. */
  autoName: boolean
  kind: MeasurementKind
  result: MeasureResult
  budget?: BudgetOutcome
  load?: LoadFigures
  memory?: MemoryFigures
  /** `toBlockEventLoop`: synchronous slices while the function ran. */
  blocking?: BlockingSummary
  /** A CPU profile of a replay of the measured function. */
  profile?: ProfileSummary
}

/**
 * Receives measurements inside a test worker. Installed by the runner's setup file (Vitest: into `task.meta`,
 * Jest: into a sidecar file); `measure()` and the matchers only know this interface.
 */
export interface Recorder {
  /** `matcherContext` is the matcher's `this` when the record comes from a matcher (it knows the right test). */
  record(record: PendingRecord, matcherContext?: unknown): void
  /** Called with the promise of an async matcher, so a forgotten `await` can be reported at the end of the test. */
  trackAsyncAssertion?(promise: Promise<unknown>, matcherContext: unknown, matcher?: string): void
}

// On globalThis under a registered symbol: the setup file and the test may load different copies of this module
// (ESM and CJS builds, or Jest's per-file module registry), and they must still meet.
const RECORDER_KEY = Symbol.for('perf-sentinel.recorder')

/** Installs the recorder for this worker / test file. */
export function installRecorder(recorder: Recorder): void {
  ;(globalThis as Record<symbol, unknown>)[RECORDER_KEY] = recorder
}

/**
 * The installed recorder, if a runner setup file installed one. In a Jest worker of a run with the perf reporter but
 * without the setup file (`setupFilesAfterEnv`), a stand-in that records nothing but says so (unrecorded.ts).
 */
export function currentRecorder(): Recorder | undefined {
  const installed = (globalThis as Record<symbol, unknown>)[RECORDER_KEY] as Recorder | undefined
  if (installed !== undefined || process.env.JEST_WORKER_ID === undefined) return installed
  installRecorder(unrecordedRecorder)
  return unrecordedRecorder
}

const unrecordedRecorder: Recorder = { record: (record) => reportUnrecorded(record.name) }

/**
 * Picks a unique measurement name within one test: automatic names are numbered from 1 (`toCompleteWithin #1`),
 * a repeated explicit name gets ` #2`, ` #3`…
 */
export function uniqueName(taken: readonly string[], record: Pick<PendingRecord, 'name' | 'autoName'>): string {
  if (!record.autoName && !taken.includes(record.name)) return record.name
  for (let i = record.autoName ? 1 : 2; ; i++) {
    const candidate = `${record.name} #${i}`
    if (!taken.includes(candidate)) return candidate
  }
}
