import { PROFILE_MODES } from '../diagnostics/diagnosticsConfig.js'
import { PERF_LOG_ENV } from '../diagnostics/perfLog.js'
import { PerfSentinelError } from '../errors.js'

/** The variables the diagnostics read in the test workers: known to the config check's "did you mean". */
export const DIAGNOSTICS_ENV_VARIABLES: readonly string[] = ['PERF_SENTINEL_PROFILE', 'PERF_SENTINEL_PROFILE_DIR', PERF_LOG_ENV]

/**
 * Checks the values of the diagnostics variables where the run starts (the workers only read them, and a value they
 * do not know would leave profiles or the PERF log silently off). Throws `E_CONFIG` with the variable, the value and
 * what is accepted.
 */
export function checkDiagnosticsEnv(env: NodeJS.ProcessEnv): void {
  const profile = env.PERF_SENTINEL_PROFILE?.trim()
  if (profile && !(PROFILE_MODES as readonly string[]).includes(profile)) {
    throw new PerfSentinelError('E_CONFIG', `environment variable PERF_SENTINEL_PROFILE=${JSON.stringify(profile)} is not a profile mode`, {
      fix: `use one of ${PROFILE_MODES.join(', ')}`,
    })
  }
  const log = env[PERF_LOG_ENV]?.trim().toLowerCase()
  if (log && !['1', 'true', '0', 'false'].includes(log)) {
    throw new PerfSentinelError('E_CONFIG', `environment variable ${PERF_LOG_ENV}=${JSON.stringify(env[PERF_LOG_ENV])} is not understood`, {
      fix: `use ${PERF_LOG_ENV}=1 (or true) for a PERF line per perfTiming call, 0 (or false, or unset) for none`,
    })
  }
}
