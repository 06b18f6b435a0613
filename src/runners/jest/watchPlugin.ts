/**
 * `watchPlugins: ['perf-sentinel/jest/watch-plugin']`: a key of Jest's watch prompt (`b` by default) that re-runs
 * the last run's tests and records the perf baseline from them, as `jest -u` would — without updating snapshots. The
 * reporter adds the latest records of files that regressed earlier in the session and are not in that run
 * (`watchSessionRegressions`), so a regression outside `jest --watch`'s changed files is accepted too.
 * Jest's own `u` cannot serve: it is offered only while a snapshot fails (a perf regression fails no test) and it
 * rewrites every snapshot of the run. Jest builds new reporters for each run in the same process, so the plugin
 * sets `PERF_SENTINEL_UPDATE=1` for that one run and clears it when the run completes.
 */
import { PerfSentinelError } from '../../errors.js'
import { UPDATE_ALIAS } from '../../config/envOverrides.js'

/** Keys Jest's prompt uses itself (a plugin taking one would shadow it). */
const JEST_KEYS = new Set(['a', 'c', 'f', 'i', 'o', 'p', 'q', 't', 'u', 'w'])

interface JestHooks {
  onTestRunComplete(listener: () => void): void
}

export default class PerfBaselineWatchPlugin {
  private readonly key: string
  private updating = false

  /** `config`: the plugin's options in `watchPlugins: [['perf-sentinel/jest/watch-plugin', { key: 'b' }]]`. */
  constructor(options: { config?: { key?: unknown } } = {}) {
    const key = options.config?.key ?? 'b'
    if (typeof key !== 'string' || key.length !== 1 || JEST_KEYS.has(key))
      throw new PerfSentinelError('E_CONFIG', `perf-sentinel/jest/watch-plugin options: key: got ${JSON.stringify(key)}`, {
        fix: `pass one character Jest's watch prompt does not use itself (not ${[...JEST_KEYS].join(' ')}), or leave it out for 'b'`,
      })
    this.key = key
  }

  apply(hooks: JestHooks): void {
    hooks.onTestRunComplete(() => {
      if (!this.updating) return
      this.updating = false
      delete process.env[UPDATE_ALIAS]
    })
  }

  getUsageInfo(): { key: string; prompt: string } {
    return { key: this.key, prompt: 'update the perf baseline from the last run’s tests and the standing regressions' }
  }

  /** Re-runs the last run's tests (Jest's `updateConfigAndRun()` with nothing changed) with the update on. */
  async run(_globalConfig: unknown, updateConfigAndRun: (changes?: Record<string, unknown>) => unknown): Promise<boolean> {
    this.updating = true
    process.env[UPDATE_ALIAS] = '1'
    await updateConfigAndRun({})
    return false
  }
}
