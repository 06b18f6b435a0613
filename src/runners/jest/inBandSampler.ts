/**
 * The Jest reporter's sampler of its own process, for runs in band: there the test files run in the reporter's
 * process, so it samples that process once per run — a mark when Jest starts a file, a closing reading when it
 * reports it — and tells the files' setup, through JEST_SAMPLED_PID_ENV, to start no sampler of its own (a setup
 * file's code is compiled again in every file's sandbox; this is compiled once). With workers each test file samples
 * itself and leaves its readings in its sidecar; so do the files after a failure here.
 */
import type { ResourceTimeline } from '../../model/resourceTimeline.js'
import { resourceSamplingEnabled } from '../../diagnostics/resources/resourceSamplingEnabled.js'
import type { ResourceSampler } from '../../diagnostics/resources/startResourceSampler.js'
import { currentThread, startResourceSampler } from '../../diagnostics/resources/startResourceSampler.js'
import { workerLabel } from '../../diagnostics/resources/workerResourceSampler.js'
import { asError } from '../../errors.js'
import { JEST_SAMPLED_PID_ENV } from '../../record/jestSidecar.js'

export class InBandSampler {
  private sampler: ResourceSampler | undefined
  /** This run is in band, sampling is on, and nothing failed yet. */
  private active = false

  constructor(private readonly warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  /**
   * At Jest's `onRunStart`. In band only when Jest says so (`showStatus: !runInBand`): JEST_WORKER_ID alone cannot
   * tell, as Jest sets it in its own process for a run in band and never unsets it, and a Jest started from a test
   * inherits it. Without the options (other callers) the files sample themselves.
   */
  runStarted(runOptions: { showStatus?: boolean } | undefined): void {
    this.stop()
    this.active = runOptions?.showStatus === false && resourceSamplingEnabled(undefined, process.env)
  }

  /** At `onTestFileStart`, before Jest builds the file's environment (which copies process.env, and so the pid). */
  fileStarted(path: string): void {
    if (!this.active || process.env.JEST_WORKER_ID === undefined) return
    try {
      if (this.sampler === undefined) {
        this.sampler = startResourceSampler({ worker: workerLabel(process.env, currentThread) })
        process.env[JEST_SAMPLED_PID_ENV] = String(process.pid)
      }
      this.sampler.mark(path)
    } catch (error) {
      this.failed(error)
    }
  }

  /** At `onTestFileResult`: the file's readings, unless this process is not sampled. */
  fileFinished(): ResourceTimeline | undefined {
    if (this.sampler === undefined) return undefined
    try {
      return this.sampler.flush()
    } catch (error) {
      this.failed(error)
      return undefined
    }
  }

  /** At the run's end. Never throws: a last reading that fails is dropped with the sampler. */
  stop(): void {
    const sampler = this.sampler
    this.sampler = undefined
    delete process.env[JEST_SAMPLED_PID_ENV]
    try {
      sampler?.stop()
    } catch {
      // Its readings since the last file are all it held: nothing of the report is lost.
    }
  }

  /** The timeline is a diagnostic: without it the run goes on, and the next files sample themselves. Said once. */
  private failed(error: unknown): void {
    this.stop()
    this.active = false
    this.warn(`perf-sentinel: the process-resource timeline stopped: ${asError(error).message}`)
  }
}
