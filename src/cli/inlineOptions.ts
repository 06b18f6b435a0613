import { CONFIG_FILES, firstFileMatching } from './init/detectProject.js'

/** `perfSentinel({ … })`, `['perf', { … }]` (Vitest) or `['perf-sentinel/jest/reporter', { … }]` (Jest) with options. */
const INLINE_OPTIONS = /perfSentinel\(\s*\{\s*[^\s}]|\[\s*['"`](?:perf|perf-sentinel\/jest\/reporter)['"`]\s*,\s*\{\s*[^\s}]/

/**
 * The runner config file (or package.json "jest") that passes options to perf-sentinel inline — a text search,
 * nothing is evaluated. A test run applies those options; the CLI reads only perf-sentinel.config.* and the
 * PERF_SENTINEL_* variables, so its paths and thresholds may differ from the run's.
 */
export async function inlineOptionsFile(cwd: string): Promise<string | undefined> {
  return firstFileMatching(cwd, [...CONFIG_FILES.vitest, ...CONFIG_FILES.jest, 'package.json'], (text, file) =>
    INLINE_OPTIONS.test(file === 'package.json' ? JSON.stringify((JSON.parse(text) as { jest?: unknown }).jest ?? null) : text),
  )
}

/** The line the CLI prints when the runner config passes options inline (undefined when it does not). */
export async function inlineOptionsNote(cwd: string): Promise<string | undefined> {
  const file = await inlineOptionsFile(cwd).catch(() => undefined)
  if (file === undefined) return undefined
  return (
    `${file} passes options to perf-sentinel inline: test runs apply them, but this command reads only ` +
    'perf-sentinel.config.* and PERF_SENTINEL_* variables — move them to perf-sentinel.config.json so both agree'
  )
}
