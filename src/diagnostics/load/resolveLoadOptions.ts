import { PerfSentinelError, describeValue } from '../../errors.js'
import type { Clock } from '../../measure/clock.js'
import { realClock } from '../../measure/clock.js'
import type { LoadOptions } from './loadTypes.js'

/** Defaults of `load()`: 10 s per operation before it is a timeout; 10 connections like wrk and autocannon. */
export const LOAD_DEFAULTS: Readonly<{ timeoutMs: number; connections: number; rampUpMs: number; name: string }> = {
  timeoutMs: 10_000,
  connections: 10,
  rampUpMs: 0,
  name: 'load',
}

/** The load model after validation: exactly one of rate/concurrency and one of durationMs/requests. */
export type LoadShape = { model: 'open'; rate: number; connections: number } | { model: 'closed'; concurrency: number }

export interface ResolvedLoadOptions {
  shape: LoadShape
  /** Exactly one of these two is set. */
  durationMs: number | undefined
  requests: number | undefined
  rampUpMs: number
  timeoutMs: number
  name: string
  record: boolean
  clock: Clock
}

type Check = [test: (value: unknown) => boolean, accepted: string]
const positive: Check = [(v) => typeof v === 'number' && Number.isFinite(v) && v > 0, 'a positive finite number']
const count: Check = [(v) => typeof v === 'number' && Number.isInteger(v) && v >= 1, 'an integer ≥ 1']
const nonNegative: Check = [(v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a finite number ≥ 0']

const CHECKS: Record<keyof LoadOptions, Check> = {
  rate: positive,
  concurrency: count,
  durationMs: positive,
  requests: count,
  rampUpMs: nonNegative,
  timeoutMs: positive,
  connections: count,
  name: [(v) => typeof v === 'string' && v.trim() !== '', 'a non-empty string'],
  record: [(v) => typeof v === 'boolean', 'true or false'],
  clock: [(v) => typeof v === 'function', 'a function returning milliseconds'],
}

/** Keys `load()` accepts; matchers built on it add their own. */
export const LOAD_OPTION_KEYS: readonly string[] = Object.keys(CHECKS)

function usage(where: string, problem: string, fix: string): PerfSentinelError {
  return new PerfSentinelError('E_ARGUMENT', `${where}: ${problem}`, { fix })
}

/**
 * Validates `load()` options and fills defaults. Errors name the key, the value and the fix; keys in `extraKeys`
 * belong to the caller (a matcher) and are skipped.
 */
export function resolveLoadOptions(options: unknown, where: string, extraKeys: readonly string[] = []): ResolvedLoadOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw usage(where, `options must be an object, received ${describeValue(options)}`, 'pass e.g. { rate: 100, durationMs: 5000 }')
  }
  const given = options as Record<string, unknown>
  for (const [key, value] of Object.entries(given)) {
    if (extraKeys.includes(key) || value === undefined) continue
    const check = Object.hasOwn(CHECKS, key) ? CHECKS[key as keyof LoadOptions] : undefined
    if (!check) {
      throw usage(where, `unknown option "${key}"`, `use one of: ${[...LOAD_OPTION_KEYS, ...extraKeys].join(', ')}`)
    }
    if (!check[0](value))
      throw usage(where, `option "${key}" must be ${check[1]}, received ${describeValue(value)}`, `give "${key}" ${check[1]}`)
  }
  const o = given as LoadOptions
  if ((o.rate === undefined) === (o.concurrency === undefined)) {
    throw usage(
      where,
      'give exactly one of "rate" (open model) and "concurrency" (closed model)',
      'e.g. { rate: 100 } for 100 operations per second',
    )
  }
  if ((o.durationMs === undefined) === (o.requests === undefined)) {
    throw usage(where, 'give exactly one of "durationMs" and "requests"', 'e.g. { durationMs: 5000 } or { requests: 1000 }')
  }
  if (o.concurrency !== undefined && o.connections !== undefined) {
    throw usage(
      where,
      '"connections" applies to the open model (rate) only',
      'drop "connections": in the closed model each caller is one connection',
    )
  }
  const shape: LoadShape =
    o.rate !== undefined
      ? { model: 'open', rate: o.rate, connections: o.connections ?? LOAD_DEFAULTS.connections }
      : { model: 'closed', concurrency: o.concurrency as number }
  return {
    shape,
    durationMs: o.durationMs,
    requests: o.requests,
    rampUpMs: o.rampUpMs ?? LOAD_DEFAULTS.rampUpMs,
    timeoutMs: o.timeoutMs ?? LOAD_DEFAULTS.timeoutMs,
    name: o.name ?? LOAD_DEFAULTS.name,
    record: o.record ?? true,
    clock: o.clock ?? realClock,
  }
}
