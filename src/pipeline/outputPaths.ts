import { isAbsolute, relative, resolve } from 'node:path'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import { PerfSentinelError } from '../errors.js'

/** Set to 1 to let reports, the baseline or history live outside the project root. */
export const ALLOW_OUTSIDE_ROOT_ENV = 'PERF_SENTINEL_ALLOW_OUTSIDE_ROOT'

/**
 * Keeps every path perf-sentinel writes inside the project root unless the user says otherwise explicitly
 * (`PERF_SENTINEL_ALLOW_OUTSIDE_ROOT=1`): `--outputFile.perf=/etc` or `outputDir: '../../x'` must not write there
 * silently. Returns the options with the offending writes switched off, and one error naming each.
 */
export function confineOutputs<T extends ResolvedReporterOptions>(
  rootDir: string,
  options: T,
  env: NodeJS.ProcessEnv,
): { options: T; failures: PerfSentinelError[] } {
  if (env[ALLOW_OUTSIDE_ROOT_ENV] === '1') return { options, failures: [] }
  const failures: PerfSentinelError[] = []
  const confined = { ...options }
  const check = (key: string, path: string): boolean => {
    const rel = relative(resolve(rootDir), resolve(rootDir, path))
    const inside = rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
    if (!inside) {
      failures.push(
        new PerfSentinelError(
          'E_CONFIG',
          `${key} ${JSON.stringify(path)} is outside the project root ${rootDir}, so perf-sentinel wrote nothing there`,
          {
            fix: `use a path inside the project, or set ${ALLOW_OUTSIDE_ROOT_ENV}=1 if writing there is intended`,
          },
        ),
      )
    }
    return inside
  }
  if (!check('outputDir', options.outputDir)) confined.formats = []
  if (!check('baselinePath', options.baselinePath)) confined.updateBaseline = false
  if (options.history !== false && !check('history', options.history)) confined.history = false
  return { options: confined, failures }
}
