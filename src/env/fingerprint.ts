import { arch, cpus, loadavg, platform, totalmem } from 'node:os'
import type { EnvironmentFingerprint } from '../model/types.js'
import { pluginVersion } from './version.js'

/** Node/V8 flags that change how fast code runs; other flags (inspector ports, loaders) do not affect timings. */
const TIMING_FLAGS =
  /^--(expose-gc|jitless|max-old-space-size|max-semi-space-size|no-opt|no-turbo|always-opt|prof|cpu-prof|stack-size|single-threaded|predictable|interpreted-frames-native-stack)(=|$)/

/** Node accepts `--expose_gc` for `--expose-gc`: compare flag names with hyphens. */
function normalizeFlag(flag: string): string {
  const [name = '', ...value] = flag.split('=')
  return [name.replace(/_/g, '-'), ...value].join('=')
}

export interface FingerprintInput {
  runner: string
  runnerVersion: string
  /** @default process.execArgv plus NODE_OPTIONS */
  flags?: readonly string[]
  env?: NodeJS.ProcessEnv
  /**
   * The runner instruments the code for coverage (Vitest `coverage.enabled`, Jest `collectCoverage`): measured code
   * runs several times slower (×4 measured), so it is a hard difference, listed among the flags as `coverage`.
   */
  coverage?: boolean
  /**
   * Test code runs inside a `vm` context (Vitest's `vmThreads` / `vmForks` pools), where every global lookup
   * (`Math`, `JSON`…) is slower: code reading globals measured 50–80× slower than in `forks` in a review, which the
   * machine reference (timed in perf-sentinel's own realm) does not see. A hard difference, listed as `vm-pool`.
   * Jest always runs in a vm sandbox, so it never sets this.
   */
  vmPool?: boolean
}

/** The pseudo-flag of a run with coverage instrumentation (`FingerprintInput.coverage`). */
export const COVERAGE_FLAG = 'coverage'
/** The pseudo-flag of a Vitest run in a vm pool (`FingerprintInput.vmPool`). */
export const VM_POOL_FLAG = 'vm-pool'

/** The environment fingerprint of this process: hard fields must match for a comparison to gate. */
export function environmentFingerprint(input: FingerprintInput): EnvironmentFingerprint {
  const env = input.env ?? process.env
  const rawFlags = input.flags ?? [...process.execArgv, ...(env.NODE_OPTIONS?.split(/\s+/) ?? [])]
  const cpuList = cpus()
  return {
    hard: {
      os: platform(),
      arch: arch(),
      cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
      cores: cpuList.length,
      totalMemoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      v8: process.versions.v8,
      runner: input.runner,
      runnerVersion: input.runnerVersion,
      pluginVersion: pluginVersion(),
      flags: [
        ...new Set([
          ...rawFlags.map(normalizeFlag).filter((flag) => TIMING_FLAGS.test(flag)),
          ...(input.coverage === true ? [COVERAGE_FLAG] : []),
          ...(input.vmPool === true ? [VM_POOL_FLAG] : []),
        ]),
      ].sort(),
    },
    soft: {
      loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      cpuSpeedMHz: cpuList[0]?.speed ?? 0,
    },
  }
}
