import * as v from 'valibot'
import { describeValue, PerfSentinelError } from '../errors.js'

/**
 * Parses `raw` with `schema` or throws `PerfSentinelError('E_CONFIG')` naming the option (`alerts.notifiers[1].url`),
 * the value given and what is accepted (the schema's messages are written as "what is accepted" for this reason).
 * `source` says where the options came from (`expressMonitor()`, `PERF_SENTINEL_WEBHOOK_URL`, a config file).
 */
export function validateOptions<TSchema extends v.GenericSchema>(
  schema: TSchema,
  raw: unknown,
  source: string,
  keyPrefix: string = '',
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, raw)
  if (result.success) return result.output
  const issue = deepestIssue(result.issues[0] as v.BaseIssue<unknown>)
  const path = (issue.path ?? []).map((item) => item.key as string | number)
  const key = (keyPrefix + formatPath(path)).replace(/\.$/, '')
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    const parentKeys = knownKeys(schema, path.slice(0, -1))
    throw new PerfSentinelError('E_CONFIG', `${source}: unknown option "${key}" (value ${describeValue(valueAt(raw, path))})`, {
      fix: parentKeys.length > 0 ? `use one of: ${parentKeys.join(', ')}` : 'remove it',
    })
  }
  const where = key === '' ? 'options' : `option "${key}"`
  throw new PerfSentinelError('E_CONFIG', `${source}: ${where} is ${describeValue(issue.input)}`, {
    fix: `${key === '' ? 'the options' : `"${key}"`} must be ${accepted(issue)}`,
  })
}

/** A union's own issue says only "Invalid type"; its first sub-issue names the field that was wrong. */
function deepestIssue(issue: v.BaseIssue<unknown>): v.BaseIssue<unknown> {
  const inner = issue.issues?.[0]
  return inner !== undefined && (inner.path?.length ?? 0) >= (issue.path?.length ?? 0) ? deepestIssue(inner) : issue
}

/** Our schemas phrase custom messages as the accepted values; valibot's defaults start with "Invalid". */
function accepted(issue: v.BaseIssue<unknown>): string {
  if (!issue.message.startsWith('Invalid')) return issue.message
  return issue.expected === null ? issue.message : `of type ${issue.expected}`
}

function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('')
}

function valueAt(raw: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = raw
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key]
  return value
}

/** The keys an object schema accepts at `path`, for the "use one of" hint. Empty when the path is not an object schema. */
function knownKeys(schema: v.GenericSchema, path: ReadonlyArray<string | number>): string[] {
  let current: unknown = schema
  for (const key of path) {
    current = unwrap(current)
    const entries = (current as { entries?: Record<string, unknown> }).entries
    const item = (current as { item?: unknown }).item
    current = typeof key === 'number' ? item : entries?.[key]
    if (current === undefined) return []
  }
  const entries = (unwrap(current) as { entries?: Record<string, unknown> }).entries
  return entries ? Object.keys(entries) : []
}

/** Looks through optional/nullable/pipe wrappers to the object or array schema inside. */
function unwrap(schema: unknown): unknown {
  let current = schema as { wrapped?: unknown; pipe?: unknown[]; type?: string }
  for (let i = 0; i < 8; i++) {
    if (current.wrapped !== undefined) current = current.wrapped as typeof current
    else if (Array.isArray(current.pipe) && current.type !== 'object' && current.pipe[0] !== current)
      current = current.pipe[0] as typeof current
    else break
  }
  return current
}
