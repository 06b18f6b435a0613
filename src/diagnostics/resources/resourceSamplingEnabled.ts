/** Environment variable that switches the resource timeline off: `PERF_SENTINEL_RESOURCES=0` (or `false`, `off`). */
export const RESOURCES_ENV = 'PERF_SENTINEL_RESOURCES'

/**
 * Whether workers should sample their resources (pure): on by default, off when the option is `false` or the
 * environment variable says 0 / false / off. The option wins over the environment.
 */
export function resourceSamplingEnabled(option: boolean | undefined, env: Record<string, string | undefined>): boolean {
  if (option !== undefined) return option
  const raw = env[RESOURCES_ENV]?.trim().toLowerCase()
  return !(raw === '0' || raw === 'false' || raw === 'off' || raw === 'no')
}
