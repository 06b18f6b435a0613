import * as v from 'valibot'
import { describeValue, PerfSentinelError } from '../errors.js'
import type { Notifier } from './alert.js'
import { DEFAULT_WINDOW_MS, DEFAULT_WORSE_FACTOR } from './decideAlert.js'
import { DEFAULT_MIN_INTERVAL_MS } from './channelRateLimiter.js'
import type { AnyNotifierType, NotifierConfig, NotifierEnvironment } from './notifiers/index.js'
import { notifierTypes } from './notifiers/index.js'
import { RETRY_AFTER_CAP_MS } from './retryPolicy.js'
import { validateOptions } from './validateOptions.js'

/** Where the de-duplication state and the outbox live, next to the history (`.perf-sentinel/history`). */
export const DEFAULT_ALERT_STATE_DIR = '.perf-sentinel/alerts'

/** Options of the alert manager, as given in code, a config file (`alerts`) or built from the environment. */
export interface AlertOptions {
  /** Built-in notifier configurations (`{ type: 'file', dir }` …) and/or your own `Notifier` objects. */
  notifiers?: Array<NotifierConfig | Notifier | { type: string; [key: string]: unknown }>
  /** Your own notifier types, usable as `{ type: '<name>', … }` entries. */
  types?: Record<string, AnyNotifierType>
  /** The same key is not alerted again within this many days. @default 10 */
  windowDays?: number
  /** …unless its severity reached the last sent one × this factor. @default 2 */
  worseFactor?: number
  /** De-duplication state and outbox directory, relative to `cwd`; `false` keeps both in memory. @default '.perf-sentinel/alerts' */
  stateDir?: string | false
  /** Retries of a failed delivery (so `retries + 1` attempts) before it waits in the outbox. @default 3 */
  retries?: number
  /** Timeout of one delivery attempt. @default 10_000 */
  timeoutMs?: number
  /** Minimum spacing of messages to one channel. @default 1000 (Slack's 1 message/s) */
  minIntervalMs?: number
  /** A `Retry-After` above this is not waited for in-process: the delivery is retried from the outbox later. @default 60_000 */
  retryAfterCapMs?: number
  /** How often pending outbox deliveries are retried. @default 60_000 */
  outboxIntervalMs?: number
  /** Alerts waiting to be processed; more are dropped (and logged once) so a storm cannot grow memory. @default 100 */
  maxQueue?: number
}

/** Alert options with defaults applied and notifiers built. */
export interface ResolvedAlertOptions {
  notifiers: Notifier[]
  windowMs: number
  worseFactor: number
  stateDir: string | false
  retries: number
  timeoutMs: number
  minIntervalMs: number
  retryAfterCapMs: number
  outboxIntervalMs: number
  maxQueue: number
}

const positive = (what: string): v.GenericSchema<number> => v.pipe(v.number(what), v.finite(what), v.gtValue(0, what))
const count = (what: string, max: number): v.GenericSchema<number> =>
  v.pipe(v.number(what), v.integer(what), v.minValue(0, what), v.maxValue(max, what))

/** Alert options as the schema checks them: the notifier entries are checked one by one by their type's schema. */
export type CheckedAlertOptions = Omit<AlertOptions, 'notifiers' | 'types'> & { notifiers?: unknown[]; types?: Record<string, unknown> }

/** The schema of `AlertOptions`, for embedding in a configuration-file schema. */
export const alertOptionsSchema: v.GenericSchema<unknown, CheckedAlertOptions> = v.strictObject({
  notifiers: v.optional(v.array(v.unknown(), 'an array of notifier configurations or objects')),
  types: v.optional(v.record(v.string(), v.unknown(), 'an object of notifier types ({ schema, create })')),
  windowDays: v.optional(positive('a positive number of days')),
  worseFactor: v.optional(v.pipe(v.number('a number ≥ 1'), v.finite('a number ≥ 1'), v.minValue(1, 'a number ≥ 1'))),
  stateDir: v.optional(v.union([v.literal(false), v.pipe(v.string(), v.nonEmpty())], 'a directory path or false')),
  retries: v.optional(count('an integer from 0 to 10', 10)),
  timeoutMs: v.optional(positive('a positive number of milliseconds')),
  minIntervalMs: v.optional(count('a whole number of milliseconds ≥ 0', 3_600_000)),
  retryAfterCapMs: v.optional(count('a whole number of milliseconds ≥ 0', 3_600_000)),
  outboxIntervalMs: v.optional(positive('a positive number of milliseconds')),
  maxQueue: v.optional(v.pipe(v.number('an integer ≥ 1'), v.integer('an integer ≥ 1'), v.minValue(1, 'an integer ≥ 1'))),
})

/**
 * Validates alert options (key, value given, what is accepted) and builds the notifiers. Throws
 * `PerfSentinelError('E_CONFIG')`; callers on a request path catch it once, at start-up.
 */
export function resolveAlertOptions(
  raw: unknown,
  source: string,
  environment: NotifierEnvironment = { cwd: process.cwd() },
  keyPrefix: string = 'alerts.',
): ResolvedAlertOptions {
  const given = validateOptions(alertOptionsSchema, raw ?? {}, source, keyPrefix)
  const types: Record<string, AnyNotifierType> = { ...notifierTypes, ...(given.types as Record<string, AnyNotifierType> | undefined) }
  const notifiers = (given.notifiers ?? []).map((entry, index) =>
    buildNotifier(entry, types, source, `${keyPrefix}notifiers[${index}]`, environment),
  )
  return {
    notifiers: uniqueById(notifiers),
    windowMs: given.windowDays === undefined ? DEFAULT_WINDOW_MS : given.windowDays * 24 * 60 * 60 * 1000,
    worseFactor: given.worseFactor ?? DEFAULT_WORSE_FACTOR,
    stateDir: given.stateDir ?? DEFAULT_ALERT_STATE_DIR,
    retries: given.retries ?? 3,
    timeoutMs: given.timeoutMs ?? 10_000,
    minIntervalMs: given.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS,
    retryAfterCapMs: given.retryAfterCapMs ?? RETRY_AFTER_CAP_MS,
    outboxIntervalMs: given.outboxIntervalMs ?? 60_000,
    maxQueue: given.maxQueue ?? 100,
  }
}

function buildNotifier(
  entry: unknown,
  types: Record<string, AnyNotifierType>,
  source: string,
  key: string,
  environment: NotifierEnvironment,
): Notifier {
  if (typeof entry === 'object' && entry !== null && typeof (entry as Notifier).send === 'function') {
    const custom = entry as Notifier
    if (typeof custom.id !== 'string' || custom.id === '' || /[^\w.-]/.test(custom.id)) {
      throw new PerfSentinelError('E_CONFIG', `${source}: option "${key}.id" is ${describeValue(custom.id)}`, {
        fix: `a custom notifier needs an "id" of letters, digits, ".", "_" or "-" (it names outbox files)`,
      })
    }
    return custom
  }
  const type = (entry as { type?: unknown } | null)?.type
  const known = Object.keys(types)
  if (typeof type !== 'string' || !Object.hasOwn(types, type)) {
    const shown = typeof entry === 'object' && entry !== null ? describeValue(type) : describeValue(entry)
    throw new PerfSentinelError(
      'E_CONFIG',
      `${source}: option "${key}${typeof entry === 'object' && entry !== null ? '.type' : ''}" is ${shown}`,
      {
        fix: `each notifier is { type: ${known.map((t) => `'${t}'`).join(' | ')}, … } or an object with an id and a send(alert) function`,
      },
    )
  }
  const notifierType = types[type] as AnyNotifierType
  const config = validateOptions(notifierType.schema, entry, source, `${key}.`)
  return notifierType.create(config as never, environment)
}

/** The same notifier configured twice (code and environment) would deliver twice. */
function uniqueById(notifiers: Notifier[]): Notifier[] {
  const seen = new Set<string>()
  return notifiers.filter((n) => {
    if (seen.has(n.id)) return false
    seen.add(n.id)
    return true
  })
}
