/** Slack's posting limit is 1 message per second per channel (api.slack.com rate limits); Mattermost's is server-set. */
export const DEFAULT_MIN_INTERVAL_MS = 1000

/** Spaces sends per channel. `acquire(channel)` resolves when the caller may send. */
export interface ChannelRateLimiter {
  acquire(channel: string | undefined): Promise<void>
}

/**
 * A per-channel spacer: each channel gets one slot every `minIntervalMs`, handed out in call order. In-process only
 * (several processes sharing a channel can each send at this rate). Channels without a name are not limited.
 */
export function createChannelRateLimiter(
  minIntervalMs: number,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): ChannelRateLimiter {
  const nextSlotAt = new Map<string, number>()
  return {
    async acquire(channel) {
      if (channel === undefined || minIntervalMs <= 0) return
      const current = now()
      const slot = Math.max(current, nextSlotAt.get(channel) ?? 0)
      // Reserve before waiting, so concurrent callers queue up behind each other instead of sharing the slot.
      nextSlotAt.set(channel, slot + minIntervalMs)
      if (nextSlotAt.size > 1000) pruneIdle(nextSlotAt, current)
      if (slot > current) await sleep(slot - current)
    },
  }
}

/** Channels whose next slot is in the past are idle; dropping them keeps the map bounded. */
function pruneIdle(slots: Map<string, number>, current: number): void {
  for (const [channel, at] of slots) if (at <= current) slots.delete(channel)
}
