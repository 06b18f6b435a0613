import { rename } from 'node:fs/promises'
import { errorMessage } from '../errors.js'

/**
 * Moves an unreadable state file out of the way (`<path>.corrupt-<time>`) before it is started afresh, so the next
 * write never destroys what was there. Never throws; returns what happened, for the warning: `moved to <path>`, or
 * why it could not be moved (the next write then replaces it).
 */
export async function moveAside(path: string, now: () => Date = () => new Date()): Promise<string> {
  const aside = `${path}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`
  return rename(path, aside).then(
    () => `moved to ${aside}`,
    (error: unknown) => `could not be moved aside (${errorMessage(error)}), so the next write replaces it`,
  )
}
