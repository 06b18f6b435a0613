import { resolve } from 'node:path'
import { ALERT_ENV_VARIABLES } from '../../alerts/index.js'
import type { ConfigEntry, LoadedConfig } from '../../config/loadConfig.js'
import { describeAlerts, describeSource, loadConfig } from '../../config/loadConfig.js'
import type { CliCommand } from '../command.js'
import { stringFlag } from '../flags.js'
import { inlineOptionsNote } from '../inlineOptions.js'
import { colorEnabled, formatTable, paint } from '../terminal.js'

/** A value as it would be written in the config file. */
function showValue(value: unknown): string {
  return value === undefined ? '(not set)' : JSON.stringify(value)
}

/** The configuration as a script reads it: effective values (nested), the source and the variable of each. */
export function configAsJson(loaded: LoadedConfig, cwd: string): object {
  return {
    file: loaded.file ?? null,
    // Notifiers by type only: their URLs and tokens are secrets.
    options: { ...loaded.options, compare: loaded.compare, alerts: describeAlerts(loaded.options.alerts) },
    sources: Object.fromEntries(loaded.entries.map((e) => [e.path, describeSource(e.source, cwd)])),
    variables: Object.fromEntries(loaded.entries.flatMap((e) => (e.env ? [[e.path, e.env]] : []))),
    warnings: loaded.warnings,
  }
}

/** The table `perf-sentinel config` prints. */
export function renderConfig(loaded: LoadedConfig, cwd: string, color: boolean): string[] {
  const p = paint(color)
  const row = (e: ConfigEntry): string[] => {
    const source = describeSource(e.source, cwd)
    return [e.path, showValue(e.value), source === 'default' ? p.dim(source) : p.bold(source), e.env ?? '']
  }
  return [
    `perf-sentinel configuration (${loaded.file ? `file: ${describeSource({ kind: 'file', path: loaded.file }, cwd)}` : 'no perf-sentinel.config.* file'})`,
    '',
    ...formatTable([['option', 'value', 'source', 'variable'], ...loaded.entries.map(row)]),
    ...loaded.warnings.map((w) => p.yellow(`warning: ${w}`)),
    '',
    'Later wins: default < config file < plugin/reporter options < PERF_SENTINEL_* variables.',
  ]
}

/** `perf-sentinel config`: the effective configuration and where each value came from. */
export const config: CliCommand = {
  summary: 'print the effective configuration and the source of each value (default, config file, PERF_SENTINEL_* variable)',
  flags: {
    json: { type: 'boolean', description: 'print JSON: { file, options, sources, variables, warnings }' },
    config: { type: 'string', valueHint: '<file>', description: 'read this config file instead of perf-sentinel.config.{ts,mjs,js,json}' },
  },
  details: [
    'Every option has a variable named after it in upper snake case, e.g. PERF_SENTINEL_FAIL_THRESHOLD_PERCENT=15;',
    'lists are comma-separated (PERF_SENTINEL_FORMATS=json,html). PERF_SENTINEL_UPDATE=1 still means updateBaseline: true.',
  ],
  async run({ values, cwd, env, out }) {
    const file = stringFlag(values.config)
    const loaded = await loadConfig({
      cwd,
      env,
      foreignVariables: ALERT_ENV_VARIABLES,
      ...(file ? { configFile: resolve(cwd, file) } : {}),
    })
    const inline = await inlineOptionsNote(cwd)
    if (inline !== undefined) loaded.warnings.push(inline)
    if (values.json === true) out(JSON.stringify(configAsJson(loaded, cwd), null, 2))
    else for (const line of renderConfig(loaded, cwd, colorEnabled(env))) out(line)
    return 0
  },
}
