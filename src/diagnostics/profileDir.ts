/**
 * Where the CPU profiles of a run go, agreed between the reporter (main process, which knows the report folder)
 * and the test workers (which take the profiles): `<outputDir>/profiles`, handed over in `PERF_SENTINEL_PROFILE_DIR`.
 * Workers inherit the environment (Jest workers and Vitest forks and threads are started after the reporter is
 * constructed / initialised), so the profile of a measurement lands next to the report that links to it.
 */
import { isAbsolute, posix, relative, resolve, sep } from 'node:path'

/** The environment variable the workers read (diagnosticsConfig.ts): a folder, absolute or relative to the cwd. */
export const PROFILE_DIR_ENV = 'PERF_SENTINEL_PROFILE_DIR'

/** The sub-folder of the report folder that holds the profiles. */
export const PROFILES_SUBDIR = 'profiles'

// The value this process last set, so that a second reporter (watch mode, a second config) may move it, while a
// value the user set is never overwritten.
const SHARED_KEY = Symbol.for('perf-sentinel.sharedProfileDir')

/** Same switch as the pipeline's confineOutputs (src/pipeline/outputPaths.ts), which diagnostics may not import. */
const ALLOW_OUTSIDE_ROOT_ENV = 'PERF_SENTINEL_ALLOW_OUTSIDE_ROOT'

/**
 * Tells the workers to write profiles to `<rootDir>/<outputDir>/profiles` (absolute), unless the user chose a folder
 * with `PERF_SENTINEL_PROFILE_DIR`. Call it in the main process before the workers start (reporter constructor or
 * `onInit`). Returns the folder the profiles will go to, or undefined when the workers keep their default
 * (`perf-report/profiles`): an outputDir outside the project, where no report is written either.
 */
export function shareProfileDir(rootDir: string, outputDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const holder = globalThis as Record<symbol, unknown>
  const current = env[PROFILE_DIR_ENV]?.trim()
  if (current && current !== holder[SHARED_KEY]) return resolve(rootDir, current)
  const dir = resolve(rootDir, outputDir, PROFILES_SUBDIR)
  const rel = relative(resolve(rootDir), dir)
  if ((rel.startsWith('..') || isAbsolute(rel)) && env[ALLOW_OUTSIDE_ROOT_ENV] !== '1') {
    if (current) delete env[PROFILE_DIR_ENV]
    return undefined
  }
  env[PROFILE_DIR_ENV] = dir
  holder[SHARED_KEY] = dir
  return dir
}

/**
 * A profile's link from the report folder: `profilePath` relative to `reportDir`, with forward slashes (Markdown and
 * HTML links). Both are absolute or relative to the same working directory.
 */
export function profileLinkFrom(reportDir: string, profilePath: string): string {
  return relative(resolve(reportDir), resolve(profilePath)).split(sep).join(posix.sep)
}
