/**
 * The effective configuration of a project and where each value came from. Layers, later wins:
 * defaults < `perf-sentinel.config.*` < inline options (plugin / reporter) < `PERF_SENTINEL_*` variables.
 * Each layer is validated on its own against the one option set, so an error names its source. The CLI reads it
 * with `loadConfig`, the test runs' reporters with `loadConfigSync` (their constructors cannot wait): same result.
 */
import { resolveAlertOptions } from '../alerts/alertOptions.js'
import { ALERT_ENV_VARIABLES, alertsFromEnv, describeAlertVariables } from '../alerts/alertsFromEnv.js'
import { HTTP_ENV_VARIABLES } from './httpEnvVariables.js'
import { checkDiagnosticsEnv, DIAGNOSTICS_ENV_VARIABLES } from './diagnosticsEnvVariables.js'
import { resolveCompareOptions } from '../compare/index.js'
import type { CompareOptions } from '../compare/index.js'
import type { OptionSet } from '../model/optionSet.js'
import { checkOptions, isOptionRecord, isOptionSet } from '../model/optionSet.js'
import { findConfigFile, findConfigFileSync, readConfigFile, readConfigFileSync } from './configFile.js'
import type { ResolvedConfig } from './configSchema.js'
import { CONFIG_ONLY_DEFAULTS, configOptionSet, OPTIONS_WITHOUT_VARIABLE } from './configSchema.js'
import { envVariableName, readEnvOverrides } from './envOverrides.js'
import { REPORTER_DEFAULTS, resolveReporterOptions } from './reporterOptions.js'

/** Where one value came from. */
export type ValueSource =
  | { kind: 'default' }
  | { kind: 'file'; path: string }
  | { kind: 'inline'; where: string }
  | { kind: 'env'; name: string }

/** One option's effective value. `env` is the variable that would set it (none for `thresholds`). */
export interface ConfigEntry {
  path: string
  value: unknown
  source: ValueSource
  env?: string
}

export interface LoadConfigOptions {
  /** Project root: where the config file is looked for. */
  cwd: string
  /** @default process.env */
  env?: NodeJS.ProcessEnv
  /** Options given in code: the plugin's or the reporter's. */
  inline?: unknown
  /** How to name the inline options in errors and in `perf-sentinel config`. @default 'inline options' */
  inlineSource?: string
  /** A config file to read instead of looking for one; `false` reads none. */
  configFile?: string | false
  /** `PERF_SENTINEL_*` variables that other parts read: not options, not warned about (the alert ones never are). */
  foreignVariables?: readonly string[]
}

export interface LoadedConfig {
  /** What the pipeline takes: reporter options (compare as given) plus include / exclude / thresholds. */
  options: ResolvedConfig
  /** The comparison's options with every default filled in. */
  compare: CompareOptions
  /** Every option, in schema order, with its effective value and source. */
  entries: ConfigEntry[]
  /** The config file read, if any. */
  file: string | undefined
  /** Unknown `PERF_SENTINEL_*` variables and the like: worth printing, not failing for. */
  warnings: string[]
}

type Tree = Record<string, unknown>

/** Loads, validates and merges the configuration. Throws `PerfSentinelError('E_CONFIG')` naming the bad source. */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const file = options.configFile === false ? undefined : (options.configFile ?? (await findConfigFile(options.cwd)))
  return resolveLayers(options, file, file === undefined ? undefined : await readConfigFile(file))
}

/** `loadConfig`, synchronously: for the reporters, which resolve their options before any test runs. */
export function loadConfigSync(options: LoadConfigOptions): LoadedConfig {
  const file = options.configFile === false ? undefined : (options.configFile ?? findConfigFileSync(options.cwd))
  return resolveLayers(options, file, file === undefined ? undefined : readConfigFileSync(file))
}

/** The layers merged and checked: the file's raw contents, the inline options, the environment. */
function resolveLayers(options: LoadConfigOptions, file: string | undefined, raw: unknown): LoadedConfig {
  const env = options.env ?? process.env
  const merged: Tree = {}
  const sources = new Map<string, ValueSource>()
  if (file !== undefined) {
    merge(merged, sources, checkOptions(configOptionSet, raw, { code: 'E_CONFIG', where: file }), configOptionSet, {
      kind: 'file',
      path: file,
    })
  }
  if (options.inline !== undefined) {
    const where = options.inlineSource ?? 'inline options'
    merge(merged, sources, checkOptions(configOptionSet, options.inline, { code: 'E_CONFIG', where }), configOptionSet, {
      kind: 'inline',
      where,
    })
  }
  const { overrides, warnings } = readEnvOverrides(env, [
    ...ALERT_ENV_VARIABLES,
    ...HTTP_ENV_VARIABLES,
    ...DIAGNOSTICS_ENV_VARIABLES,
    ...(options.foreignVariables ?? []),
  ])
  checkDiagnosticsEnv(env)
  for (const override of overrides) {
    setPath(merged, override.path.split('.'), override.value)
    sources.set(override.path, { kind: 'env', name: override.name })
  }
  const { include, exclude, thresholds, alerts, ...reporter } = merged
  const where = describeSources(sources)
  checkAlerts(alerts, sources.get('alerts'), env, options.cwd)
  const resolved: ResolvedConfig = {
    ...resolveReporterOptions(reporter, where),
    include: (include as string[] | undefined) ?? [...CONFIG_ONLY_DEFAULTS.include],
    exclude: (exclude as string[] | undefined) ?? [...CONFIG_ONLY_DEFAULTS.exclude],
    thresholds: (thresholds as ResolvedConfig['thresholds'] | undefined) ?? {},
    ...(alerts === undefined ? {} : { alerts: alerts as NonNullable<ResolvedConfig['alerts']> }),
  }
  const compare = resolveCompareOptions(resolved.compare, where)
  return { options: resolved, compare, entries: listEntries(resolved, compare, sources), file, warnings }
}

/**
 * The alert notifiers, checked now rather than when the first alert is sent at the end of a long run: the
 * configured `alerts` (key, value, what is accepted) and those the `PERF_SENTINEL_*` alert variables enable.
 */
function checkAlerts(alerts: unknown, source: ValueSource | undefined, env: NodeJS.ProcessEnv, cwd: string): void {
  if (alerts !== undefined) resolveAlertOptions(alerts, source === undefined ? 'configuration' : describeSource(source), { cwd })
  const fromEnv = alertsFromEnv(env)
  if (fromEnv !== undefined) resolveAlertOptions(fromEnv, describeAlertVariables(env), { cwd })
}

/** Copies a validated layer's leaves into `target`, recording `source` for each. Records merge per key. */
function merge(
  target: Tree,
  sources: Map<string, ValueSource>,
  layer: Tree,
  set: OptionSet,
  source: ValueSource,
  prefix: string[] = [],
): void {
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue
    const spec = set.options[key]
    const path = [...prefix, key]
    if (spec !== undefined && isOptionSet(spec)) {
      merge(target, sources, value as Tree, spec, source, path)
    } else if (spec !== undefined && isOptionRecord(spec)) {
      for (const [name, entry] of Object.entries(value as Tree)) {
        setPath(target, [...path, name], entry)
        sources.set(`${path.join('.')}[${JSON.stringify(name)}]`, source)
      }
    } else {
      setPath(target, path, value)
      sources.set(path.join('.'), source)
    }
  }
}

function setPath(target: Tree, path: readonly string[], value: unknown): void {
  let node = target
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    if (typeof next !== 'object' || next === null) node[key] = {}
    node = node[key] as Tree
  }
  node[path[path.length - 1] as string] = value
}

/** Names the layers in play, for an error that only the merged values show (warn above fail from two sources). */
function describeSources(sources: ReadonlyMap<string, ValueSource>): string {
  const names = new Set(
    [...sources.values()].map((s) =>
      s.kind === 'file' ? s.path : s.kind === 'inline' ? s.where : s.kind === 'env' ? 'PERF_SENTINEL_* variables' : 'defaults',
    ),
  )
  return names.size === 0 ? 'configuration' : `configuration (${[...names].join(' + ')})`
}

/** Every option of the schema with its effective value, in schema order; compare values with their defaults. */
function listEntries(resolved: ResolvedConfig, compare: CompareOptions, sources: ReadonlyMap<string, ValueSource>): ConfigEntry[] {
  const entries: ConfigEntry[] = []
  const at = (path: string): ValueSource => sources.get(path) ?? { kind: 'default' }
  const walk = (set: OptionSet, values: Tree, prefix: string): void => {
    for (const [key, spec] of Object.entries(set.options)) {
      const path = prefix === '' ? key : `${prefix}.${key}`
      if (isOptionSet(spec)) {
        walk(spec, (values[key] ?? {}) as Tree, path)
      } else if (isOptionRecord(spec)) {
        const record = (values[key] ?? {}) as Tree
        if (Object.keys(record).length === 0) entries.push({ path, value: {}, source: { kind: 'default' } })
        for (const [name, entry] of Object.entries(record)) {
          const entryPath = `${path}[${JSON.stringify(name)}]`
          entries.push({ path: entryPath, value: entry, source: at(entryPath) })
        }
      } else if (OPTIONS_WITHOUT_VARIABLE.includes(path)) {
        entries.push({ path, value: describeAlerts(values[key]), source: at(path) })
      } else {
        entries.push({ path, value: values[key], source: at(path), env: envVariableName(key) })
      }
    }
  }
  walk(configOptionSet, { ...REPORTER_DEFAULTS, ...resolved, compare } as Tree, '')
  return entries
}

/** Alert options as `perf-sentinel config` shows them: each notifier by its type only (URLs and tokens are secrets). */
export function describeAlerts(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const { notifiers, types, ...settings } = value as { notifiers?: unknown[]; types?: object }
  const kind = (n: unknown): string => {
    const entry = n as { type?: unknown; id?: unknown } | null
    return typeof entry?.type === 'string' ? entry.type : typeof entry?.id === 'string' ? `custom ${entry.id}` : 'custom'
  }
  return { ...settings, ...(notifiers ? { notifiers: notifiers.map(kind) } : {}), ...(types ? { types: Object.keys(types) } : {}) }
}

/** A source in words: `default`, `perf-sentinel.config.json`, `env PERF_SENTINEL_FAIL_THRESHOLD_PERCENT`. */
export function describeSource(source: ValueSource, cwd?: string): string {
  if (source.kind === 'default') return 'default'
  if (source.kind === 'env') return `env ${source.name}`
  if (source.kind === 'inline') return source.where
  return cwd !== undefined && source.path.startsWith(`${cwd}/`) ? source.path.slice(cwd.length + 1) : source.path
}
