/** Longest path kept in an endpoint key; longer ones are cut (a scanner's 8 kB URL must not become a key). */
const MAX_PATH_LENGTH = 200

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const NUMBER = /^\d+$/
const HEX = /^[0-9a-f]{16,}$/i
/** Long tokens mixing letters and digits: base64 ids, slugs with hashes, session tokens. */
const TOKEN = /^(?=.*\d)(?=.*[A-Za-z])[\w-]{20,}$/

/**
 * The path of a request with its variable segments replaced, for frameworks without route templates (node:http):
 * numbers → `:id`, UUIDs → `:uuid`, long hex or mixed tokens → `:token`. Query string and trailing slash dropped.
 * @example normalizePath('/users/42/orders/9f1c0d2e-5b7a-4c3e-8d6f-0a1b2c3d4e5f?x=1') // '/users/:id/orders/:uuid'
 */
export function normalizePath(url: string): string {
  const path = pathOf(url)
  const known = recent.get(path)
  if (known !== undefined) return known
  const normalized = normalizeUncached(path)
  // Bounded: a scan of random URLs empties the cache instead of growing it.
  if (recent.size >= CACHE_SIZE) recent.clear()
  recent.set(path, normalized)
  return normalized
}

/**
 * The last normalised URLs (a server without route templates sees the same few paths over and over): a split and four
 * regular expressions per segment were 3.5% of a node:http hello route's CPU time, a Map lookup is ~50 ns.
 */
const recent = new Map<string, string>()
const CACHE_SIZE = 1000

/** `normalizePath` of a path without its query string. */
function normalizeUncached(path: string): string {
  const segments = path.slice(0, MAX_PATH_LENGTH).split('/')
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string
    if (segment === '') continue
    if (NUMBER.test(segment)) segments[i] = ':id'
    else if (UUID.test(segment)) segments[i] = ':uuid'
    else if (HEX.test(segment) || TOKEN.test(segment)) segments[i] = ':token'
  }
  const normalized = segments.join('/')
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized || '/'
}

/** The path part of a request URL (no query string). */
export function pathOf(url: string): string {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

/**
 * A matcher for the paths a route template accepts, to recognise "the next request of this endpoint" before the
 * framework has routed it. `:name` matches one segment, `*`/`*name` the rest, `{…}` is optional (path-to-regexp 8).
 * Approximate by design: a miss only means that request is not the one profiled.
 */
export function routeMatcher(template: string): RegExp {
  let source = ''
  for (let i = 0; i < template.length; i++) {
    const c = template[i] as string
    if (c === ':') {
      while (i + 1 < template.length && /[\w$]/.test(template[i + 1] as string)) i++
      source += '[^/]+'
      if (template[i + 1] === '?') i++
    } else if (c === '*') {
      while (i + 1 < template.length && /[\w$]/.test(template[i + 1] as string)) i++
      source += '.*'
    } else if (c === '{') source += '(?:'
    else if (c === '}') source += ')?'
    else source += c.replace(/[.+?^$()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}/?$`)
}
