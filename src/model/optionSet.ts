/**
 * The one way perf-sentinel validates options — reporter, measure, compare, noise floor, and the config file that
 * gathers them: each option set is a map of keys to a valibot schema plus what it accepts, and every bad key or
 * value becomes the same `PerfSentinelError` (where, key, the value given; fix: what is accepted). Lives beside the
 * data shapes because `measure/` and `compare/` sit below `config/` in the import order and both use it.
 */
import * as v from 'valibot'
import type { PerfSentinelErrorCode } from '../errors.js'
import { describeValue, PerfSentinelError } from '../errors.js'

/** One option: the valibot schema of its value and, in words, what it accepts ("an integer ≥ 1"). */
export interface OptionSpec {
  readonly schema: v.GenericSchema
  readonly accepted: string
}

/** A map from names the user chooses (globs) to one option set each, e.g. `thresholds: { 'parse*': { … } }`. */
export interface OptionRecord {
  readonly each: OptionSet
  readonly accepted: string
}

/** A named set of options; a value may itself be a nested set (`compare`, `compare.noiseFloor`). */
export interface OptionSet {
  /** How one option of the set is called in messages: "reporter option", "option", "compare option". */
  readonly label: string
  /** What the set as a value accepts, when nested: "an object of comparison options". */
  readonly accepted: string
  /** A literal shown in the fix when the whole set is not an object. */
  readonly example: string
  readonly options: Readonly<Record<string, OptionSpec | OptionSet | OptionRecord>>
}

/** One thing wrong with given options; `path` is dotted from the set's root (`compare.noiseFloor.minHistoryRuns`). */
export interface OptionIssue {
  kind: 'not-object' | 'unknown' | 'invalid'
  path: string
  value: unknown
  /** For `unknown`: the accepted keys; otherwise what the value must be. */
  accepted: string
}

/** An option: its value schema and what it accepts. */
export function option(schema: v.GenericSchema, accepted: string): OptionSpec {
  return { schema, accepted }
}

/** An option set. */
export function optionSet(label: string, accepted: string, example: string, options: OptionSet['options']): OptionSet {
  return { label, accepted, example, options }
}

/** A record of option sets keyed by user-chosen names. */
export function recordOf(each: OptionSet, accepted: string): OptionRecord {
  return { each, accepted }
}

/** True for a nested set rather than a single option. */
export function isOptionSet(spec: OptionSpec | OptionSet | OptionRecord): spec is OptionSet {
  return 'options' in spec
}

/** True for a record of sets. */
export function isOptionRecord(spec: OptionSpec | OptionSet | OptionRecord): spec is OptionRecord {
  return 'each' in spec
}

/** Value schemas shared by the option sets. */
export const values: {
  readonly boolean: v.GenericSchema<unknown, boolean>
  readonly positive: v.GenericSchema<unknown, number>
  readonly nonNegative: v.GenericSchema<unknown, number>
  readonly count: v.GenericSchema<unknown, number>
  readonly nonNegativeInteger: v.GenericSchema<unknown, number>
  readonly text: v.GenericSchema<unknown, string>
  readonly fn: v.GenericSchema<unknown, (...args: never[]) => unknown>
  readonly globs: v.GenericSchema<unknown, string[]>
} = {
  boolean: v.boolean(),
  positive: v.pipe(v.number(), v.finite(), v.gtValue(0)),
  nonNegative: v.pipe(v.number(), v.finite(), v.minValue(0)),
  count: v.pipe(v.number(), v.integer(), v.minValue(1)),
  nonNegativeInteger: v.pipe(v.number(), v.integer(), v.minValue(0)),
  text: v.pipe(
    v.string(),
    v.check((s) => s.trim() !== ''),
  ),
  fn: v.function(),
  globs: v.array(
    v.pipe(
      v.string(),
      v.check((s) => s.trim() !== ''),
    ),
  ),
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Every issue of `raw` against `set` (empty when valid). Keys set to `undefined` count as not given; keys in
 * `extraKeys` belong to the caller (a matcher's own options) and are skipped. Keys are looked up as own properties,
 * so `constructor` or `__proto__` from a JSON file is an unknown key, not an Object.prototype member.
 */
export function findOptionIssues(set: OptionSet, raw: unknown, extraKeys: readonly string[] = [], prefix = ''): OptionIssue[] {
  if (raw === undefined) return []
  if (!isPlainObject(raw)) {
    return [
      prefix === ''
        ? { kind: 'not-object', path: '', value: raw, accepted: set.example }
        : { kind: 'invalid', path: prefix, value: raw, accepted: set.accepted },
    ]
  }
  const issues: OptionIssue[] = []
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || (prefix === '' && extraKeys.includes(key))) continue
    const path = prefix === '' ? key : `${prefix}.${key}`
    const spec = Object.hasOwn(set.options, key) ? set.options[key] : undefined
    if (spec === undefined) {
      const known = [...Object.keys(set.options), ...(prefix === '' ? extraKeys : [])]
      issues.push({ kind: 'unknown', path, value, accepted: known.join(', ') })
    } else if (isOptionSet(spec)) {
      issues.push(...findOptionIssues(spec, value, [], path))
    } else if (isOptionRecord(spec)) {
      if (!isPlainObject(value)) issues.push({ kind: 'invalid', path, value, accepted: spec.accepted })
      else
        for (const [name, entry] of Object.entries(value))
          issues.push(...findOptionIssues(spec.each, entry, [], `${path}[${JSON.stringify(name)}]`))
    } else if (!v.is(spec.schema, value)) {
      issues.push({ kind: 'invalid', path, value, accepted: spec.accepted })
    }
  }
  return issues
}

/** Arrays of plain values are shown in full (`["json", "pdf"]`): the wrong item is then visible. */
export function describeOptionValue(value: unknown): string {
  if (Array.isArray(value) && value.length <= 8 && value.every((item) => typeof item !== 'object' || item === null)) {
    return `[${value.map((item) => describeValue(item)).join(', ')}]`
  }
  return describeValue(value)
}

/** The one error for option issues: `<where>: <label> "<key>" is <value>` / `Fix: "<key>" must be <accepted>`. */
export function optionError(
  code: PerfSentinelErrorCode,
  set: OptionSet,
  issues: readonly OptionIssue[],
  where?: string,
): PerfSentinelError {
  const problems: string[] = []
  const fixes: string[] = []
  for (const issue of issues) {
    const shown = describeOptionValue(issue.value)
    if (issue.kind === 'not-object') {
      problems.push(`${set.label}s must be an object, received ${shown}`)
      fixes.push(`pass an object such as ${issue.accepted}`)
    } else if (issue.kind === 'unknown') {
      problems.push(`unknown ${set.label} "${issue.path}" (value ${shown})`)
      fixes.push(`use one of: ${issue.accepted}`)
    } else {
      problems.push(`${set.label} "${issue.path}" is ${shown}`)
      fixes.push(`"${issue.path}" must be ${issue.accepted}`)
    }
  }
  const problem = `${where === undefined ? '' : `${where}: `}${problems.join('; ')}`
  return new PerfSentinelError(code, problem, { fix: fixes.join('; ') })
}

/**
 * Validates `raw` against `set` and returns it as a record of the given (defined) values; throws the one option
 * error, listing every issue at once, when anything is wrong.
 * @example checkOptions(measureOptionSet, { timeMs: 0 }, { code: 'E_ARGUMENT', where: 'measure()' })
 */
export function checkOptions(
  set: OptionSet,
  raw: unknown,
  context: { code: PerfSentinelErrorCode; where?: string; extraKeys?: readonly string[] },
): Record<string, unknown> {
  const issues = findOptionIssues(set, raw, context.extraKeys ?? [])
  if (issues.length > 0) throw optionError(context.code, set, issues, context.where)
  return Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).filter(([, value]) => value !== undefined))
}
