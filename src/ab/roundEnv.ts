/**
 * The environment of one A/B round's test process: the perf reporter writes only report.json, into the round's own
 * temp directory, and changes nothing in the project (no baseline, history, git notes, step summary, annotations).
 * Every variable is the reporter option's own `PERF_SENTINEL_*` variable (src/config/envOverrides.ts), so the
 * reporter needs nothing A/B-specific. `CI=true` also keeps a reporter that predates those variables (an older
 * base commit) from writing a baseline.
 */
import { TIME_SCALE_ENV } from '../measure/timeScale.js'
import { ALLOW_OUTSIDE_ROOT_ENV } from '../pipeline/outputPaths.js'

/** Reporter options every round sets, as the variables that set them. */
export const ROUND_REPORTER_VARIABLES: Readonly<Record<string, string>> = {
  PERF_SENTINEL_FORMATS: 'json',
  PERF_SENTINEL_TERMINAL: 'false',
  PERF_SENTINEL_UPDATE_BASELINE: 'false',
  PERF_SENTINEL_HISTORY: 'false',
  PERF_SENTINEL_GIT_NOTES: 'false',
  PERF_SENTINEL_GITHUB: 'false',
  PERF_SENTINEL_FAIL_ON_REGRESSION: 'false',
  PERF_SENTINEL_FAIL_ON_NEW: 'false',
  // Test durations are never gated: leaving them out keeps report.json small.
  PERF_SENTINEL_TEST_DURATIONS: 'false',
}

/** The variable that points the reporter's `outputDir` at the round's temp directory. */
export const OUTPUT_DIR_VARIABLE = 'PERF_SENTINEL_OUTPUT_DIR'

/**
 * Switches that are not options: the round's temp directory is outside the project root on purpose, and a round
 * never re-runs files to confirm a regression against a stored baseline (src/pipeline/finishRun.ts): the A/B
 * confirms its own candidates with independent rounds.
 */
const ROUND_SWITCHES: Readonly<Record<string, string>> = { [ALLOW_OUTSIDE_ROOT_ENV]: '1', PERF_SENTINEL_CONFIRM: '0' }

/**
 * Variables of the caller that must not reach a round: they would make the reporter write a baseline, compare with
 * a ref, or append to the CI job's summary and annotations once per round.
 */
const DROPPED_VARIABLES: readonly string[] = [
  'PERF_SENTINEL_UPDATE',
  'PERF_SENTINEL_BASE',
  'GITHUB_ACTIONS',
  'GITHUB_STEP_SUMMARY',
  'FORCE_COLOR',
  TIME_SCALE_ENV,
]

/**
 * The environment of a round that writes its report.json into `outputDir`, its measurements at `timeScale` × their
 * time (the caller's own `PERF_SENTINEL_TIME_SCALE` never reaches a round: both sides must run at compare's). Pure.
 */
export function roundEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  outputDir: string,
  timeScale = 1,
): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !DROPPED_VARIABLES.includes(name)) result[name] = value
  }
  return {
    ...result,
    ...ROUND_REPORTER_VARIABLES,
    [OUTPUT_DIR_VARIABLE]: outputDir,
    ...ROUND_SWITCHES,
    ...(timeScale === 1 ? {} : { [TIME_SCALE_ENV]: String(timeScale) }),
    CI: 'true',
    NO_COLOR: '1',
  }
}
