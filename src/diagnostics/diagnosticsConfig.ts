/**
 * Process-wide defaults of the diagnostics that run inside test workers: when to take CPU profiles, where to write
 * them, and how long a profiled replay lasts. Precedence: an explicit option on the call > `configureDiagnostics()`
 * (e.g. in a setup file) > environment (`PERF_SENTINEL_PROFILE`, `PERF_SENTINEL_PROFILE_DIR`) > built-in default.
 */
import { describeValue } from '../errors.js'
import type { ProfileMode } from '../model/diagnostics.js'

/** Settings of the diagnostics; every field optional in `configureDiagnostics`. */
export interface DiagnosticsConfig {
  /** When measurements and matchers capture a CPU profile. @default 'on-failure' */
  profile?: ProfileMode
  /**
   * Where `.cpuprofile` files go, absolute or relative to the working directory (the project root).
   * @default the perf reporter's `<outputDir>/profiles` (handed to the workers in PERF_SENTINEL_PROFILE_DIR by
   * profileDir.ts), else 'perf-report/profiles'
   */
  profileDir?: string
  /** How long the profiled replay runs (at least one operation). @default 200 */
  profileReplayMs?: number
  /** Sampling interval of the profiler, in µs. @default 100 */
  profileIntervalUs?: number
}

export const PROFILE_MODES: readonly ProfileMode[] = ['on-failure', 'always', 'off']

/** 200 ms at 100 µs gives ~2,000 samples: enough for a 1% share to be 20 samples, short enough for a failing test. */
export const DIAGNOSTICS_DEFAULTS: Readonly<Required<DiagnosticsConfig>> = {
  profile: 'on-failure',
  profileDir: 'perf-report/profiles',
  profileReplayMs: 200,
  profileIntervalUs: 100,
}

const CONFIG_KEY = Symbol.for('perf-sentinel.diagnosticsConfig')

/** True for `'on-failure'`, `'always'` and `'off'`. */
export function isProfileMode(value: unknown): value is ProfileMode {
  return PROFILE_MODES.includes(value as ProfileMode)
}

/**
 * Sets the process's diagnostics defaults (call it in a setup file). Unknown keys and wrong values throw.
 * @example configureDiagnostics({ profile: 'always' })
 */
export function configureDiagnostics(config: DiagnosticsConfig): void {
  const checks: Record<keyof DiagnosticsConfig, [(v: unknown) => boolean, string]> = {
    profile: [isProfileMode, "'on-failure', 'always' or 'off'"],
    profileDir: [(v) => typeof v === 'string' && v.trim() !== '', 'a non-empty directory path'],
    profileReplayMs: [(v) => typeof v === 'number' && Number.isFinite(v) && v > 0, 'a positive number of milliseconds'],
    profileIntervalUs: [(v) => typeof v === 'number' && Number.isFinite(v) && v >= 10, 'a number of microseconds ≥ 10'],
  }
  for (const [key, value] of Object.entries(config)) {
    const check = Object.hasOwn(checks, key) ? checks[key as keyof DiagnosticsConfig] : undefined
    if (!check) throw new TypeError(`configureDiagnostics(): unknown option "${key}". Accepted options: ${Object.keys(checks).join(', ')}`)
    if (value !== undefined && !check[0](value)) {
      throw new TypeError(`configureDiagnostics(): option "${key}" must be ${check[1]}, received ${describeValue(value)}`)
    }
  }
  const holder = globalThis as Record<symbol, unknown>
  holder[CONFIG_KEY] = { ...(holder[CONFIG_KEY] as DiagnosticsConfig | undefined), ...config }
}

/** The effective defaults: configured values, then the environment, then the built-in defaults. */
export function diagnosticsConfig(env: NodeJS.ProcessEnv = process.env): Required<DiagnosticsConfig> {
  const configured = ((globalThis as Record<symbol, unknown>)[CONFIG_KEY] ?? {}) as DiagnosticsConfig
  const fromEnv = env.PERF_SENTINEL_PROFILE?.trim()
  const dirFromEnv = env.PERF_SENTINEL_PROFILE_DIR?.trim()
  return {
    profile: configured.profile ?? (isProfileMode(fromEnv) ? fromEnv : DIAGNOSTICS_DEFAULTS.profile),
    profileDir: configured.profileDir ?? (dirFromEnv ? dirFromEnv : DIAGNOSTICS_DEFAULTS.profileDir),
    profileReplayMs: configured.profileReplayMs ?? DIAGNOSTICS_DEFAULTS.profileReplayMs,
    profileIntervalUs: configured.profileIntervalUs ?? DIAGNOSTICS_DEFAULTS.profileIntervalUs,
  }
}

/** Whether a measurement whose assertion `failed` is profiled under `mode`. */
export function shouldProfile(mode: ProfileMode, failed: boolean): boolean {
  return mode === 'always' || (mode === 'on-failure' && failed)
}
