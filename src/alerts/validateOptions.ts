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
  const chain = issueChain(result.issues[0] as v.BaseIssue<unknown>)
  const { issue, path } = chain[chain.length - 1] as ChainLink
  const key = (keyPrefix + formatPath(path)).replace(/\.$/, '')
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    const parentKeys = knownKeys(schema, path.slice(0, -1))
    throw new PerfSentinelError('E_CONFIG', `${source}: unknown option "${key}" (value ${describeValue(valueAt(raw, path))})`, {
      fix: parentKeys.length > 0 ? `use one of: ${parentKeys.join(', ')}` : 'remove it',
    })
  }
  const where = key === '' ? 'options' : `option "${key}"`
  const subject = key === '' ? 'the options' : `"${key}"`
  // A required key left out: valibot reports the key itself as what it expected (`"dir"`), which says nothing.
  const missing = issue.input === undefined && issue.expected === `"${String(path[path.length - 1])}"`
  throw new PerfSentinelError('E_CONFIG', `${source}: ${where} is ${missing ? 'missing' : describeValue(issue.input)}`, {
    fix: missing ? `${subject} is required here` : `${subject} must be ${accepted(chain, schemaMessage(schema, path))}`,
  })
}

/** An issue of the chain, with its full path (a union's sub-issues carry paths relative to the union's value). */
interface ChainLink {
  issue: v.BaseIssue<unknown>
  path: Array<string | number>
}

/**
 * The issue and the sub-issues down to the one that names the field that was wrong: a union's own issue says only
 * "Invalid type", so of its sub-issues the one whose path goes furthest (the branch that got furthest: `profile:
 * { waitMs: 'x' }` is the object branch's `profile.waitMs`, not the boolean branch's `profile`) is followed.
 */
function issueChain(issue: v.BaseIssue<unknown>): ChainLink[] {
  const keys = (i: v.BaseIssue<unknown>): Array<string | number> => (i.path ?? []).map((item) => item.key as string | number)
  const chain: ChainLink[] = [{ issue, path: keys(issue) }]
  for (let current = chain[0] as ChainLink; ; ) {
    let next: ChainLink | undefined
    for (const inner of current.issue.issues ?? []) {
      const own = keys(inner)
      const prefixed = own.length >= current.path.length && current.path.every((key, i) => own[i] === key)
      const link = { issue: inner, path: prefixed ? own : [...current.path, ...own] }
      if (next === undefined || link.path.length > next.path.length) next = link
    }
    if (next === undefined) return chain
    chain.push(next)
    current = next
  }
}

/**
 * What is accepted: our schemas phrase custom messages as the accepted values, valibot's defaults start with
 * "Invalid". The deepest issue's own custom message, else the nearest enclosing one about the same key, else the
 * custom message of the schema at that key (a union that forwarded its branch's issue: "a path starting with '/',
 * or false" rather than the branch's `"/"`), else valibot's expected type.
 */
function accepted(chain: readonly ChainLink[], schemaHint: string | undefined): string {
  const { issue, path } = chain[chain.length - 1] as ChainLink
  if (!issue.message.startsWith('Invalid')) return issue.message
  for (let i = chain.length - 2; i >= 0; i--) {
    const outer = chain[i] as ChainLink
    if (outer.path.length !== path.length) break
    if (!outer.issue.message.startsWith('Invalid')) return outer.issue.message
  }
  if (schemaHint !== undefined) return schemaHint
  return issue.expected === null ? issue.message : `of type ${issue.expected}`
}

/** The custom message of the schema at `path` (through optional wrappers, not into unions), if it has one. */
function schemaMessage(schema: v.GenericSchema, path: ReadonlyArray<string | number>): string | undefined {
  let current: unknown = schema
  for (const key of path) {
    const object = unwrap(current) as { entries?: Record<string, unknown>; item?: unknown }
    current = typeof key === 'number' ? object.item : object.entries?.[key]
    if (current === undefined) return undefined
  }
  let outer = current as { wrapped?: unknown; message?: unknown }
  while (outer.wrapped !== undefined && typeof outer.message !== 'string') outer = outer.wrapped as typeof outer
  return typeof outer.message === 'string' && !outer.message.startsWith('Invalid') ? outer.message : undefined
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

/** Looks through optional/nullable/pipe wrappers (and into a union, to its object option) to the object or array schema inside. */
function unwrap(schema: unknown): unknown {
  let current = schema as { wrapped?: unknown; pipe?: unknown[]; type?: string; options?: unknown[] }
  for (let i = 0; i < 8; i++) {
    if (current.wrapped !== undefined) current = current.wrapped as typeof current
    else if (current.type === 'union' && Array.isArray(current.options)) {
      const object = current.options.find((option) => (unwrap(option) as { entries?: unknown }).entries !== undefined)
      if (object === undefined) break
      current = object as typeof current
    } else if (Array.isArray(current.pipe) && current.type !== 'object' && current.pipe[0] !== current)
      current = current.pipe[0] as typeof current
    else break
  }
  return current
}
