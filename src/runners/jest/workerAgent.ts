/**
 * The part of the Jest setup file that does the same work in every test file of a worker — the resource sampler and
 * its log — loaded once per worker thread by Node's own loader, not Jest's per-file module registry
 * (`loadWorkerAgent` in setup.ts). Code evaluated in a test file's sandbox is new to V8 in every file: its calls run
 * cold (no type feedback, no optimised code), and the sampler's start and stop cost ~2–4 ms per file that way in a
 * 150-file suite with 2 workers; loaded once, ~0.5–0.7 ms.
 *
 * Nothing of a sandbox is kept: the functions take and return strings, numbers and objects made here, and the
 * sampler of a file is stopped when the file ends (`afterAll`), its timer (Node's own, which fake timers never
 * replace) with it.
 */
import type { ResourceTimeline } from '../../model/resourceTimeline.js'
import { workerResourceSampler } from '../../diagnostics/resources/workerResourceSampler.js'
import { appendResourceLog } from './resourceLog.js'

/** One test file's resource readings: `stop()` when the file ends. */
export interface FileResources {
  /**
   * Stops the sampler and appends the file's timeline to this thread's resource log. Returns the timeline when the
   * log could not be written (the setup file then puts it in the file's sidecar), otherwise undefined.
   */
  stop(): ResourceTimeline | undefined
}

/**
 * Starts sampling this worker's resources for the test file `testPath`, resuming from the previous file's closing
 * reading; undefined when sampling is off (`PERF_SENTINEL_RESOURCES=0`, which the reporter also sets for
 * `resources: false`). `env` is read now and not kept.
 */
export function startFileResources(
  testPath: string,
  sidecarDir: string,
  env: Record<string, string | undefined>,
): FileResources | undefined {
  // The JS thread's CPU time: in a worker beside other busy workers, asking for the whole process's stalls (see
  // openCounterReader). Resumed from the previous file's closing reading: that is the reading before this file.
  const sampler = workerResourceSampler({}, { env, sampler: { counters: 'thread', resume: true } })
  if (sampler === undefined) return undefined
  sampler.mark(testPath)
  return {
    stop(): ResourceTimeline | undefined {
      const timeline = sampler.stop()
      try {
        // One line in this thread's log, not a sidecar file per test file (resourceLog.ts).
        appendResourceLog(sidecarDir, timeline)
        return undefined
      } catch {
        return timeline
      }
    },
  }
}
