/**
 * The configuration of a test run, as the Vitest and Jest reporters resolve it once at start-up: the same layers
 * and precedence as `perf-sentinel config` prints (defaults < config file < plugin / reporter options <
 * `PERF_SENTINEL_*` variables), found from the runner's root, so that what the command shows is what the run does.
 */
import { resolveCompareOptions } from '../compare/index.js'
import type { OptionSet } from '../model/optionSet.js'
import { checkOptions } from '../model/optionSet.js'
import { withoutStack } from '../errors.js'
import type { PerfSentinelConfig, ResolvedConfig } from './configSchema.js'
import { configOptionSet } from './configSchema.js'
import { loadConfigSync } from './loadConfig.js'

/** What a reporter runs with. */
export interface RunConfig {
  /** Reporter options plus include / exclude / thresholds / alerts: what `finishRun` takes. */
  options: ResolvedConfig
  /** The config file read, if any. */
  file: string | undefined
  /** Worth a line at start-up (a mistyped `PERF_SENTINEL_*` name), never a failure. */
  warnings: string[]
}

/** The config file's option set, named as options in code are: "reporter option". */
const inlineOptionSet: OptionSet = { ...configOptionSet, label: 'reporter option' }

/**
 * Checks options given in code (the plugin's, a reporter's) before the root is known, so a bad key fails as soon
 * as the runner reads its config: key, value and what is accepted. The alerts are checked in full by `loadRunConfig`.
 */
export function checkInlineConfig(raw: unknown, where: string): PerfSentinelConfig | undefined {
  if (raw === undefined) return undefined
  const given = checkOptions(inlineOptionSet, raw, { code: 'E_CONFIG', where }) as PerfSentinelConfig
  // The comparison's cross-field rules (warn ≤ fail) too, now rather than after the whole suite has run.
  if (given.compare !== undefined) resolveCompareOptions(given.compare, `${where}: option "compare"`)
  return given
}

/**
 * Loads the run's configuration synchronously (a reporter's start-up cannot wait), checking the inline options too
 * (`checkInlineConfig`: idempotent, so options checked earlier may come again). Throws `PerfSentinelError('E_CONFIG')`
 * naming the source, the key, the value and what is accepted, without stack frames (`withoutStack`): the runners print
 * a start-up error's stack, and frames inside perf-sentinel's bundle say nothing the key, the value and the fix do not.
 */
export function loadRunConfig(input: {
  rootDir: string
  inline?: unknown
  /** How the inline options are named in errors, e.g. `perfSentinel() / perf reporter options`. */
  inlineSource: string
  env?: NodeJS.ProcessEnv
  /** `--outputFile.perf=<dir>` (Vitest): the command line has the last word on where reports go. */
  outputDir?: string | undefined
}): RunConfig {
  try {
    const inline = checkInlineConfig(input.inline, input.inlineSource)
    const loaded = loadConfigSync({
      cwd: input.rootDir,
      ...(input.env ? { env: input.env } : {}),
      ...(inline === undefined ? {} : { inline }),
      inlineSource: input.inlineSource,
    })
    const options: ResolvedConfig = input.outputDir ? { ...loaded.options, outputDir: input.outputDir } : loaded.options
    return { options, file: loaded.file, warnings: loaded.warnings }
  } catch (error) {
    throw withoutStack(error)
  }
}
