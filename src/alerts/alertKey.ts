import { createHash } from 'node:crypto'

/** Hex digits kept from the SHA-256: 96 bits, no accidental collision among a few million keys. */
const KEY_HEX_LENGTH = 24

/**
 * The de-duplication key of an alert: a hash of its parts, so keys have a fixed length and carry no parameter
 * values (which may be personal data) into the state file. Parts are length-prefixed so `['a b', 'c']` and
 * `['a', 'b c']` differ.
 */
export function alertKey(parts: readonly string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(`${part.length}:${part}\n`)
  return hash.digest('hex').slice(0, KEY_HEX_LENGTH)
}

/** What identifies "the same slow request": endpoint template, method, normalised URL and its parameters. */
export interface RequestKeyParts {
  method: string
  /** The framework's route template (`/users/:id`), or the normalised path when there is none. */
  route: string
  /** The normalised path (ids replaced), without the query string. */
  path: string
  /** Parameters taking part in the key, already reduced as configured (names only, or names and values). */
  params: ReadonlyArray<readonly [name: string, value: string]>
}

/** The key of a slow-request alert. Parameters are sorted by name, then value, so their order in the URL does not matter. */
export function requestAlertKey(parts: RequestKeyParts): string {
  const params = [...parts.params]
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
  return alertKey(['slow-request', parts.method.toUpperCase(), parts.route, parts.path, ...params])
}

/** The key of a test-run alert: the measurement id and what was wrong with it. */
export function measurementAlertKey(kind: 'budget' | 'regression', measurementId: string): string {
  return alertKey([kind, measurementId])
}
