/**
 * The shape of `perf-sentinel.config.{ts,mjs,js,json}`: every reporter option (with `compare` and
 * `compare.noiseFloor` nested), plus what only a project-wide file can say: which measurements are measured and
 * tracked (`include` / `exclude` globs) and per-measurement thresholds by glob. One option set, so a bad key or
 * value reads the same here as in the plugin options or a `PERF_SENTINEL_*` variable.
 */
import * as v from 'valibot'
import type { AlertOptions } from '../alerts/alertOptions.js'
import type { CompareOptionsInput } from '../compare/index.js'
import type { OptionSet } from '../model/optionSet.js'
import { option, optionSet, recordOf, values } from '../model/optionSet.js'
import type { PerfReporterOptions, ResolvedReporterOptions } from './reporterOptions.js'
import { reporterOptionSet } from './reporterOptions.js'

/** Overrides for the measurements whose id, file or name matches a glob. */
export interface ThresholdOverride {
  /** Fail gate for these measurements, in percent. */
  failThresholdPercent?: number
  /** Warn threshold for these measurements, in percent. */
  warnThresholdPercent?: number
  /** Smallest absolute change per operation that can fail them, in ms. */
  absoluteFloorMs?: number
  /** Replaces the budget of their timing matchers (ms), e.g. a slower CI machine. */
  budgetMs?: number
}

/** What a config file (or the plugin options) may hold. */
export interface PerfSentinelConfig extends PerfReporterOptions {
  /**
   * Globs (picomatch) of what is measured and tracked: a measurement counts when its file, its name or its full id
   * (`file > test > name`) matches one. @default [] (everything)
   */
  include?: string[]
  /** Globs of what is left out, checked after `include`. @default [] */
  exclude?: string[]
  /** Per-measurement thresholds, keyed by glob; the first matching glob in file order wins. @default {} */
  thresholds?: Record<string, ThresholdOverride>
  /**
   * Alert notifiers for blown budgets and confirmed regressions (test runs, `schedule`), added to those that
   * `PERF_SENTINEL_WEBHOOK_URL` / `PERF_SENTINEL_ALERT_DIR` enable. Checked in full at start-up. @default none
   */
  alerts?: AlertOptions
}

/** Config after defaults: the reporter options as the pipeline takes them, and the config-file-only keys. */
export type ResolvedConfig = ResolvedReporterOptions & {
  include: string[]
  exclude: string[]
  thresholds: Record<string, ThresholdOverride>
  /** As configured (file or inline); the environment's notifiers are added when alerts are sent. */
  alerts?: AlertOptions
}

/** Defaults of the config-file-only keys. */
export const CONFIG_ONLY_DEFAULTS: Readonly<Pick<ResolvedConfig, 'include' | 'exclude' | 'thresholds'>> = {
  include: [],
  exclude: [],
  thresholds: {},
}

/** One threshold override's keys. */
export const thresholdOptionSet: OptionSet = optionSet('threshold option', 'an object of thresholds', '{ failThresholdPercent: 20 }', {
  failThresholdPercent: option(values.nonNegative, 'a percentage ≥ 0'),
  warnThresholdPercent: option(values.nonNegative, 'a percentage ≥ 0'),
  absoluteFloorMs: option(values.nonNegative, 'a number of milliseconds ≥ 0'),
  budgetMs: option(values.nonNegative, 'a number of milliseconds ≥ 0'),
})

const globs = 'an array of glob patterns such as ["test/perf/**", "*parse*"]'

/** The whole configuration's option set: the reporter's plus `include`, `exclude` and `thresholds`. */
export const configOptionSet: OptionSet = optionSet('option', 'an object of perf-sentinel options', '{ failOnRegression: true }', {
  ...reporterOptionSet.options,
  include: option(values.globs, globs),
  exclude: option(values.globs, globs),
  thresholds: recordOf(thresholdOptionSet, 'an object of glob → { failThresholdPercent, warnThresholdPercent, absoluteFloorMs, budgetMs }'),
  // Only "an object" here: resolveAlertOptions (run by loadConfig) names the bad key inside, e.g. alerts.notifiers[0].url.
  alerts: option(
    v.custom((value) => typeof value === 'object' && value !== null && !Array.isArray(value)),
    "an object of alert options such as { notifiers: [{ type: 'webhook', url: 'https://…' }] }",
  ),
})

/** Options without a PERF_SENTINEL_* variable of their own: `alerts` has its own variables (see alertsFromEnv). */
export const OPTIONS_WITHOUT_VARIABLE: readonly string[] = ['alerts']

/** Typed helper for `perf-sentinel.config.ts`: returns its argument. @example export default defineConfig({ exclude: ['**\/slow*'] }) */
export function defineConfig(config: PerfSentinelConfig): PerfSentinelConfig {
  return config
}

/** The compare options of a config with one threshold override applied on top. */
export function withThreshold(compare: CompareOptionsInput, override: ThresholdOverride | undefined): CompareOptionsInput {
  if (override === undefined) return compare
  const { budgetMs: _budget, ...gates } = override
  return { ...compare, ...gates }
}
