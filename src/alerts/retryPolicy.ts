/** First retry waits about this long; each further one doubles it. */
export const BASE_BACKOFF_MS = 1000
/** No single backoff waits longer than this. */
export const MAX_BACKOFF_MS = 30_000
/** A `Retry-After` longer than this is not waited for in-process: the delivery goes back to the outbox instead. */
export const RETRY_AFTER_CAP_MS = 60_000

/**
 * The wait before retry number `retry` (1-based): exponential, with "equal jitter" (half fixed, half random) so
 * that many senders hit by one outage do not retry in lockstep, yet no retry comes almost immediately.
 */
export function backoffMs(retry: number, random: () => number, baseMs: number = BASE_BACKOFF_MS): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, retry - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/**
 * Reads a `Retry-After` header (RFC 9110: delay-seconds or an HTTP date) as milliseconds from `nowMs`; `undefined`
 * when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined
  const text = header.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

/**
 * The wait before the next attempt: the server's `Retry-After` when it gave one and it is longer than our backoff,
 * else the backoff. Returns `undefined` when that is beyond `capMs` (do not hold the process; reschedule).
 */
export function nextWaitMs(
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number,
  capMs: number,
  baseMs?: number,
): number | undefined {
  const wait = Math.max(backoffMs(retry, random, baseMs), retryAfterMs ?? 0)
  return wait > capMs ? undefined : wait
}
