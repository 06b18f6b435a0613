import type { ResourceSampler, ResourceSamplerOptions, ThreadIds } from './startResourceSampler.js'
import { currentThread, startResourceSampler } from './startResourceSampler.js'
import { resourceSamplingEnabled } from './resourceSamplingEnabled.js'

/** Where a worker keeps its sampler between test files: a symbol on the holder (Vitest: `process`). */
const SAMPLER_KEY = Symbol.for('perf-sentinel.resourceSampler')

/** Key of the file task's meta (Vitest) that carries a file's readings to the reporter. */
export const RESOURCES_META_KEY = 'perfSentinelResources'

/**
 * The timeline label of this worker (pure): the runner's worker slot when it says one (`VITEST_POOL_ID`,
 * `JEST_WORKER_ID`: successive worker processes of one slot then share one timeline, as Vitest starts a process
 * per test file by default), otherwise the process (and thread) id, which `ids` is asked for only then.
 */
export function workerLabel(env: Record<string, string | undefined>, ids: () => ThreadIds): string {
  const slot = env.VITEST_POOL_ID?.trim() || env.JEST_WORKER_ID?.trim()
  if (slot) return `worker ${slot}`
  const { pid, threadId, isMainThread } = ids()
  return isMainThread ? `pid ${pid}` : `pid ${pid}/${threadId}`
}

export interface WorkerResourceSamplerOptions {
  /** @default process.env */
  env?: Record<string, string | undefined>
  /** Sampler options (interval, cap, clocks); `worker` defaults to `workerLabel(env)`. */
  sampler?: ResourceSamplerOptions
}

/**
 * The worker's resource sampler, started on first use and kept on `holder` for the next test files, or `undefined`
 * when sampling is off (`PERF_SENTINEL_RESOURCES=0`, which the reporter also sets for `resources: false`).
 *
 * Pass `process` to keep one sampler for every file a Vitest worker runs (its module state is fresh per file, the
 * process object is not). Pass a fresh object in Jest: each test file runs in its own sandbox, and a timer created
 * there must stop with its file (`stop()` in `afterAll`), or it would keep the finished file's sandbox alive.
 */
export function workerResourceSampler(holder: object, options: WorkerResourceSamplerOptions = {}): ResourceSampler | undefined {
  const env = options.env ?? process.env
  if (!resourceSamplingEnabled(undefined, env)) return undefined
  const slots = holder as Record<symbol, ResourceSampler | undefined>
  const existing = slots[SAMPLER_KEY]
  if (existing !== undefined) return existing
  const sampler = startResourceSampler({
    worker: workerLabel(env, currentThread),
    ...options.sampler,
  })
  Object.defineProperty(holder, SAMPLER_KEY, { value: sampler, configurable: true, enumerable: false, writable: true })
  return sampler
}
