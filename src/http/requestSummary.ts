import { requestAlertKey } from '../alerts/alertKey.js'
import type { Alert, AlertAttachment, AlertField } from '../alerts/alert.js'
import { formatMs } from '../format.js'
import type { EndpointStats } from './endpointRegistry.js'

/** One finished request, as `onRequest` receives it and a slow-request alert describes it. */
export interface RequestSummary {
  method: string
  /** Route template (`/users/:id`), the normalised path when the framework has none, or `(unmatched)`. */
  route: string
  /** The URL as received, query values of redacted parameters replaced. */
  url: string
  status: number
  durationMs: number
  /** Event-loop blocking while the request was in flight (any code, not only this request's). */
  eventLoopBlockedMs: number
  /** ISO time the request started. */
  time: string
}

/** What a value of a redacted parameter is shown as. */
export const REDACTED_VALUE = '[redacted]'

/** Query and (already parsed, top-level) body parameters as [name, value] pairs, redacted values replaced. */
export function requestParams(url: string, body: unknown, isRedacted: (name: string) => boolean): Array<[string, string]> {
  const params: Array<[string, string]> = []
  for (const { name, value } of queryParts(url)) params.push([name, isRedacted(name) ? REDACTED_VALUE : value])
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && !Buffer.isBuffer(body)) {
    for (const [name, value] of Object.entries(body as Record<string, unknown>).slice(0, 50)) {
      const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
      params.push([name, isRedacted(name) ? REDACTED_VALUE : text.slice(0, 200)])
    }
  }
  return params
}

/** One `name=value` of a query: decoded for display, with the text as it was received. */
interface QueryPart {
  name: string
  value: string
  raw: string
  rawName: string
}

/** A query component decoded (`+` is a space); a malformed one (`%zz`, a cut UTF-8 sequence) stays as received. */
function decodeQueryText(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** The query's parameters in order, decoded one by one (URLSearchParams turns malformed escapes into U+FFFD). */
function queryParts(url: string): QueryPart[] {
  const query = url.indexOf('?')
  if (query === -1) return []
  const end = url.indexOf('#', query)
  const parts: QueryPart[] = []
  for (const raw of url.slice(query + 1, end === -1 ? undefined : end).split('&')) {
    if (raw === '') continue
    const equals = raw.indexOf('=')
    const rawName = equals === -1 ? raw : raw.slice(0, equals)
    parts.push({ name: decodeQueryText(rawName), value: equals === -1 ? '' : decodeQueryText(raw.slice(equals + 1)), raw, rawName })
  }
  return parts
}

/** The URL as received, only the values of redacted query parameters replaced, for display. */
export function redactedUrl(url: string, isRedacted: (name: string) => boolean): string {
  const parts = queryParts(url)
  if (!parts.some((part) => isRedacted(part.name))) return url
  const query = url.indexOf('?')
  const hash = url.indexOf('#', query)
  const shown = parts.map((part) => (isRedacted(part.name) ? `${part.rawName}=${REDACTED_VALUE}` : part.raw)).join('&')
  return `${url.slice(0, query)}?${shown}${hash === -1 ? '' : url.slice(hash)}`
}

/** What a slow-request alert is built from. */
export interface SlowRequest {
  summary: RequestSummary
  /** Normalised path (no query) for the key. */
  path: string
  params: Array<[string, string]>
  keyParams: 'values' | 'names' | 'none'
  thresholdMs: number
  endpoint: EndpointStats | undefined
}

/** The de-duplication key of a slow request. */
export function slowRequestKey(request: Pick<SlowRequest, 'summary' | 'path' | 'params' | 'keyParams'>): string {
  // By names: the set of names, so `?a=1&a=2&b` and `?b=8&a=9` are the same request shape.
  const params =
    request.keyParams === 'none'
      ? []
      : request.keyParams === 'names'
        ? [...new Set(request.params.map(([n]) => n))].sort().map((n): [string, string] => [n, ''])
        : request.params.map(([n, v]): [string, string] => [n, v])
  return requestAlertKey({ method: request.summary.method, route: request.summary.route, path: request.path, params })
}

/** The alert of a slow request, with the profile when one was taken (`profileNote` says of which request). Pure. */
export function slowRequestAlert(
  request: SlowRequest,
  profile: { json: string; note: string } | { note: string } | undefined,
  host: string,
): Alert {
  const { summary, endpoint } = request
  const fields: AlertField[] = [
    { label: 'Endpoint', value: `${summary.method} ${summary.route}` },
    { label: 'URL', value: summary.url },
    { label: 'Status', value: String(summary.status) },
    { label: 'Duration', value: formatMs(summary.durationMs) },
    { label: 'Threshold', value: formatMs(request.thresholdMs) },
    { label: 'Event loop blocked', value: formatMs(summary.eventLoopBlockedMs) },
  ]
  if (request.params.length > 0) fields.push({ label: 'Parameters', value: request.params.map(([n, v]) => `${n}=${v}`).join(', ') })
  if (endpoint !== undefined && endpoint.count > 0) {
    fields.push({
      label: 'Endpoint so far',
      value: `${endpoint.count} requests, p50 ${formatMs(endpoint.p50Ms)}, p95 ${formatMs(endpoint.p95Ms)}, p99 ${formatMs(endpoint.p99Ms)}, ${(endpoint.errorRate * 100).toFixed(1)}% errors`,
    })
  }
  fields.push({ label: 'Time', value: summary.time }, { label: 'Host', value: host })
  if (profile !== undefined) fields.push({ label: 'CPU profile', value: profile.note })
  const attachments: AlertAttachment[] =
    profile !== undefined && 'json' in profile
      ? [
          {
            fileName: `${summary.method}-${summary.route.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'root'}.cpuprofile`,
            contentType: 'application/json',
            content: profile.json,
          },
        ]
      : []
  return {
    key: slowRequestKey(request),
    kind: 'slow-request',
    title: `Slow request: ${summary.method} ${summary.route} took ${formatMs(summary.durationMs)} (threshold ${formatMs(request.thresholdMs)})`,
    subject: `${summary.method} ${summary.route}`,
    severity: summary.durationMs,
    time: summary.time,
    fields,
    attachments,
  }
}
