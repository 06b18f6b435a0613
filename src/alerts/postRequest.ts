import type { DeliveryResult, SendContext } from './alert.js'
import { parseRetryAfter } from './retryPolicy.js'

/** One HTTP request of a notifier. The body is JSON (object) or multipart (`FormData`). */
export interface PostRequest {
  url: string
  body: unknown
  headers?: Record<string, string>
}

/** A successful response's parsed JSON body (or `undefined` when it is not JSON), for multi-step APIs. */
export type PostResult = { kind: 'ok'; json: unknown } | Exclude<DeliveryResult, { kind: 'delivered' }>

/** Statuses worth retrying besides 5xx: request timeout, too early, rate limited. */
const TRANSIENT_4XX = new Set([408, 425, 429])

/**
 * POSTs through `context.fetch` and classifies the outcome for the retry loop: 2xx ok, 429/408/5xx and network
 * errors transient (with `Retry-After`, or Mattermost's `X-RateLimit-Reset`, when given), other statuses permanent.
 * Never throws. Reasons name the status or error code only, never the URL (it may hold a token).
 */
export async function postRequest(request: PostRequest, context: SendContext, nowMs: number = Date.now()): Promise<PostResult> {
  const isForm = request.body instanceof FormData
  let response: Response
  try {
    response = await context.fetch(request.url, {
      method: 'POST',
      headers: isForm ? { ...request.headers } : { 'content-type': 'application/json', ...request.headers },
      body: isForm ? (request.body as FormData) : JSON.stringify(request.body),
      signal: context.signal,
      redirect: 'error',
    })
  } catch (error) {
    return { kind: 'retry', reason: networkReason(error, context.signal) }
  }
  // Read the body in every case so the connection can be reused; a timeout while reading is transient too.
  let text: string
  try {
    text = await response.text()
  } catch (error) {
    return { kind: 'retry', reason: networkReason(error, context.signal) }
  }
  if (response.ok) return { kind: 'ok', json: parseJson(text) }
  const reason = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
  if (response.status >= 500 || TRANSIENT_4XX.has(response.status)) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), nowMs) ?? rateLimitReset(response.headers, nowMs)
    return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs }
  }
  return { kind: 'failed', reason }
}

/** Mattermost answers 429 with `X-RateLimit-Reset` (seconds until the bucket refills) rather than `Retry-After`. */
function rateLimitReset(headers: Headers, nowMs: number): number | undefined {
  const reset = headers.get('x-ratelimit-reset')
  return reset === null ? undefined : parseRetryAfter(reset, nowMs)
}

function networkReason(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timed out'
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause
  const code = typeof cause?.code === 'string' ? cause.code : undefined
  // Some refusals carry no code, only a message ("bad port" for a port fetch never connects to); one that could
  // hold the URL (and its token) is left out.
  const message =
    typeof cause?.message === 'string' && cause.message.length <= 80 && !cause.message.includes('://') ? cause.message : undefined
  const name = error instanceof Error ? error.name : 'network error'
  return code ?? (message === undefined ? name : `${name}: ${message}`)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
