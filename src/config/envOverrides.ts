/**
 * `PERF_SENTINEL_*` environment variables: one per option, named after the option in upper snake case
 * (`failThresholdPercent` → `PERF_SENTINEL_FAIL_THRESHOLD_PERCENT`, also inside `compare` and `compare.noiseFloor`),
 * plus `PERF_SENTINEL_UPDATE=1`, kept from earlier versions, for `updateBaseline: true`.
 */
import * as v from 'valibot'
import type { OptionSet, OptionSpec } from '../model/optionSet.js'
import { PerfSentinelError } from '../errors.js'
import { isOptionRecord, isOptionSet, optionError } from '../model/optionSet.js'
import { configOptionSet, OPTIONS_WITHOUT_VARIABLE } from './configSchema.js'

/** Prefix of every variable. */
export const ENV_PREFIX = 'PERF_SENTINEL_'
/** The older name for "rewrite the baseline" (`perf-sentinel baseline update` sets it). */
export const UPDATE_ALIAS = 'PERF_SENTINEL_UPDATE'

/** One variable and the option it sets. */
export interface EnvBinding {
  name: string
  /** Dotted option path, e.g. `compare.failThresholdPercent`. */
  path: string
  spec: OptionSpec
}

/** One variable that was set, with the value it gives its option. */
export interface EnvOverride {
  name: string
  path: string
  value: unknown
}

/** `failThresholdPercent` → `PERF_SENTINEL_FAIL_THRESHOLD_PERCENT`. */
export function envVariableName(key: string): string {
  return ENV_PREFIX + key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()
}

/** Every option that has a variable (records such as `thresholds` have none: their keys are user globs). */
export function envBindings(set: OptionSet = configOptionSet, prefix = ''): EnvBinding[] {
  const bindings: EnvBinding[] = []
  for (const [key, spec] of Object.entries(set.options)) {
    const path = prefix === '' ? key : `${prefix}.${key}`
    if (isOptionSet(spec)) bindings.push(...envBindings(spec, path))
    else if (!isOptionRecord(spec) && !OPTIONS_WITHOUT_VARIABLE.includes(path)) bindings.push({ name: envVariableName(key), path, spec })
  }
  return bindings
}

/**
 * What a variable's text means for its option: the first reading the option accepts among a number, a boolean
 * (true/false, yes/no, on/off, 1/0), the text itself, and a comma-separated list; `undefined` when none fits.
 */
export function parseEnvValue(text: string, spec: OptionSpec): { value: unknown } | undefined {
  const trimmed = text.trim()
  const words: Record<string, boolean> = { true: true, false: false, yes: true, no: false, on: true, off: false, '1': true, '0': false }
  const candidates: unknown[] = []
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) candidates.push(Number(trimmed))
  const word = words[trimmed.toLowerCase()]
  if (word !== undefined) candidates.push(word)
  candidates.push(
    trimmed,
    trimmed
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )
  for (const candidate of candidates) if (v.is(spec.schema, candidate)) return { value: candidate }
  return undefined
}

/**
 * Reads every `PERF_SENTINEL_*` option variable of `env`. Empty variables count as unset. A value its option does
 * not accept throws `PerfSentinelError('E_CONFIG')` naming the variable, the option, the text and what is accepted;
 * an unknown `PERF_SENTINEL_*` name within two edits of an option's variable comes back as a warning (a typo must
 * not pass silently, nor fail a run); `foreignVariables` (the alert notifiers' `PERF_SENTINEL_WEBHOOK_URL`…) never do.
 */
export function readEnvOverrides(
  env: NodeJS.ProcessEnv,
  foreignVariables: readonly string[] = [],
): { overrides: EnvOverride[]; warnings: string[] } {
  const bindings = envBindings()
  const byName = new Map(bindings.map((binding) => [binding.name, binding]))
  const overrides: EnvOverride[] = []
  const warnings: string[] = []
  for (const [name, text] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!name.startsWith(ENV_PREFIX) || text === undefined || text.trim() === '' || foreignVariables.includes(name)) continue
    if (name === UPDATE_ALIAS) {
      // Same words as the run end's own reading of it: 1/true rewrite, 0/false do not, anything else is a typo.
      const word = text.trim().toLowerCase()
      if (word === '1' || word === 'true') overrides.push({ name, path: 'updateBaseline', value: true })
      else if (word !== '0' && word !== 'false') {
        throw new PerfSentinelError('E_CONFIG', `${UPDATE_ALIAS}=${JSON.stringify(text)} is not understood`, {
          fix: `use ${UPDATE_ALIAS}=1 (or true) to rewrite the baseline, 0 (or false, or unset) not to`,
        })
      }
      continue
    }
    const binding = byName.get(name)
    if (binding === undefined) {
      // Other parts pass their own PERF_SENTINEL_* channels between processes; only a near miss of an option is news.
      const near = [...byName.keys(), ...foreignVariables].find((known) => editDistance(known, name) <= 2)
      if (near !== undefined) warnings.push(`${name} is not a perf-sentinel option variable and is ignored; did you mean ${near}?`)
      continue
    }
    const parsed = parseEnvValue(text, binding.spec)
    if (parsed === undefined) {
      const issue = { kind: 'invalid', path: binding.path, value: text, accepted: binding.spec.accepted } as const
      throw optionError('E_CONFIG', configOptionSet, [issue], `environment variable ${name}`)
    }
    overrides.push({ name, path: binding.path, value: parsed.value })
  }
  // The explicit variable wins over the alias when both are set.
  const explicit = overrides.some((o) => o.name === envVariableName('updateBaseline'))
  return { overrides: explicit ? overrides.filter((o) => o.name !== UPDATE_ALIAS) : overrides, warnings }
}

/** Levenshtein distance, for "did you mean" (names are short: the O(n·m) table is nothing). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost))
    }
    previous = current
  }
  return previous[b.length] as number
}
