/** What replaces a secret in logs and files. */
export const REDACTED = '***'

/** Secrets shorter than this are not searched for: masking every "a" would make logs unreadable, and such a token is not one. */
const MIN_SECRET_LENGTH = 6

/**
 * The secret parts of a notifier URL: the whole URL, its path (Slack and Mattermost webhooks carry the token in it),
 * its query values and its user info. Returns [] for a string that is not a URL.
 */
export function urlSecrets(url: string): string[] {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return [url]
  }
  const secrets = [url]
  if (parsed.pathname.length > 1) secrets.push(parsed.pathname)
  for (const value of parsed.searchParams.values()) secrets.push(value)
  if (parsed.username) secrets.push(parsed.username)
  if (parsed.password) secrets.push(parsed.password)
  return secrets.filter((s) => s.length >= MIN_SECRET_LENGTH)
}

/** A URL that is safe to print: the origin, then `/***` when there is a path or a query. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return parsed.pathname.length > 1 || parsed.search !== '' ? `${parsed.origin}/${REDACTED}` : parsed.origin
  } catch {
    return REDACTED
  }
}

/** Replaces every occurrence of every secret in `text`, longest first (a URL before its own path). Pure. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text
  const ordered = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length)
  for (const secret of ordered) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED)
  }
  return result
}
