/** How long the same key stays quiet, and how much worse a repeat must be to be sent anyway. */
export interface DedupePolicy {
  windowMs: number
  /** A repeat whose severity is at least the last sent one × this factor is sent inside the window. */
  worseFactor: number
}

/** What the state remembers of the last alert sent for a key. */
export interface SentAlert {
  /** Epoch ms. */
  sentAt: number
  severity: number
}

/** Whether to send, and why; or the time until which the key stays quiet. */
export type AlertDecision = { kind: 'send'; reason: 'first' | 'window-expired' | 'worse' } | { kind: 'suppress'; untilMs: number }

/** One day: the de-duplication state outlives the window by this much (see `retentionMs`). */
export const RETENTION_MARGIN_MS: number = 24 * 60 * 60 * 1000

/** 10 days, the original design's window. */
export const DEFAULT_WINDOW_MS: number = 10 * 24 * 60 * 60 * 1000

/** Worse means at least twice as bad (a 2 s request after a 1 s one; +40% after +20%). */
export const DEFAULT_WORSE_FACTOR: number = 2

/**
 * Decides whether an alert with `severity` is sent, given what was last sent for its key. Pure.
 * @example decideAlert({ sentAt: 0, severity: 1200 }, 1300, DAY, policy) // → suppress until day 10
 */
export function decideAlert(previous: SentAlert | undefined, severity: number, nowMs: number, policy: DedupePolicy): AlertDecision {
  if (previous === undefined) return { kind: 'send', reason: 'first' }
  const untilMs = previous.sentAt + policy.windowMs
  if (nowMs >= untilMs) return { kind: 'send', reason: 'window-expired' }
  // Severities are positive for every built-in alert; a non-positive previous one cannot be "twice as bad".
  if (previous.severity > 0 && severity >= previous.severity * policy.worseFactor) return { kind: 'send', reason: 'worse' }
  return { kind: 'suppress', untilMs }
}

/**
 * How long state entries are kept: the window plus a day. Alertmanager's trap was the reverse (log retention 120 h
 * under a longer repeat interval re-notified every 5 days, alertmanager #3473).
 */
export function retentionMs(policy: DedupePolicy): number {
  return policy.windowMs + RETENTION_MARGIN_MS
}

/** The entries still inside the retention period; older ones can no longer suppress anything. Pure. */
export function pruneSent<T extends SentAlert>(
  entries: Readonly<Record<string, T>>,
  nowMs: number,
  policy: DedupePolicy,
): Record<string, T> {
  const keepAfter = nowMs - retentionMs(policy)
  const kept: Record<string, T> = {}
  for (const [key, entry] of Object.entries(entries)) {
    if (entry.sentAt >= keepAfter) kept[key] = entry
  }
  return kept
}
