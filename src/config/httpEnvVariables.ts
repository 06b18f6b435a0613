/** The variables `httpMonitor()` reads (see `resolveHttpMonitorOptions`): known to the config check's "did you mean". */
export const HTTP_ENV_VARIABLES: readonly string[] = [
  'PERF_SENTINEL_HTTP_ENABLED',
  'PERF_SENTINEL_HTTP_THRESHOLD_MS',
  'PERF_SENTINEL_HTTP_SAMPLE_RATE',
  'PERF_SENTINEL_HTTP_INCLUDE',
  'PERF_SENTINEL_HTTP_EXCLUDE',
  'PERF_SENTINEL_HTTP_PROFILE',
  'PERF_SENTINEL_HTTP_STATS_PATH',
]
