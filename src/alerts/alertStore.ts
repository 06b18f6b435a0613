import { join } from 'node:path'
import { errorMessage } from '../errors.js'
import { withFileLock } from '../stores/fileLock.js'
import type { Alert } from './alert.js'
import type { AlertDecision, DedupePolicy, SentAlert } from './decideAlert.js'
import { decideAlert, pruneSent, retentionMs } from './decideAlert.js'
import type { OutboxItem } from './alertOutbox.js'
import { OUTBOX_SCHEMA_VERSION, outboxItemId, readOutbox, readOutboxItem, removeOutboxItem, writeOutboxItem } from './alertOutbox.js'
import { readAlertState, writeAlertState } from './alertStateFile.js'

/** The outcome of claiming an alert: the decision, and the outbox items written for its durable notifiers. */
export interface AlertClaim {
  decision: AlertDecision
  /** Leased to this process. Empty when nothing is to be sent, or when the state could not be used (see `problem`). */
  items: OutboxItem[]
  /** Set when the disk state could not be used and the decision was made from memory (the caller logs it). */
  problem?: string
}

/** De-duplication state and outbox of one directory, shared safely by every process that uses it. */
export interface AlertStore {
  /** Reads the state file into memory (no lock: it is replaced atomically), so `wouldSend` knows earlier alerts. */
  load(): Promise<void>
  /** Cheap, in-memory, possibly stale: whether an alert would be sent now (skips work such as profiling when not). */
  wouldSend(key: string, severity: number): boolean
  /** Decides under the lock and, when sending, records the alert and writes its outbox items in the same critical section. */
  claim(alert: Alert, durableNotifierIds: readonly string[]): Promise<AlertClaim>
  /** Leases the outbox items that are due, for the given notifiers. */
  leaseDue(notifierIds: ReadonlySet<string>): Promise<{ items: OutboxItem[]; problems: string[] }>
  /** Before each attempt: extends the lease if the item is still ours; false when it is gone or taken over. */
  renew(item: OutboxItem): Promise<boolean>
  /** Delivered or permanently failed: the item is removed. */
  complete(item: OutboxItem): Promise<void>
  /** Out of retries for now: the item waits in the outbox until `nextAttemptAt`, unleased. */
  reschedule(item: OutboxItem, nextAttemptAt: number, lastError: string): Promise<void>
}

/** How the store is set up: `dir` false keeps everything in memory (one process, no restart safety). */
export interface AlertStoreOptions {
  dir: string | false
  policy: DedupePolicy
  now: () => number
  /** Identifies this process's leases. */
  owner: string
  /** How long a lease holds without renewal: one attempt plus the longest wait, with margin. */
  leaseMs: number
}

/** The critical sections are a read and a write of small files; waiting longer means something is stuck. */
const LOCK_TIMEOUT_MS = 5000

/** Creates the store. Nothing is read until the first call. */
export function createAlertStore(options: AlertStoreOptions): AlertStore {
  const { dir, policy, now, owner, leaseMs } = options
  const sent = new Map<string, SentAlert>()
  const outboxDir = dir === false ? '' : join(dir, 'outbox')
  const locked = <T>(critical: () => Promise<T>): Promise<T> =>
    withFileLock(join(dir as string, 'state.lock'), critical, { timeoutMs: LOCK_TIMEOUT_MS })

  const remember = (entries: Record<string, SentAlert>): void => {
    sent.clear()
    for (const [key, entry] of Object.entries(entries)) sent.set(key, { sentAt: entry.sentAt, severity: entry.severity })
  }

  const claimInMemory = (alert: Alert, problem?: string): AlertClaim => {
    remember(pruneSent(Object.fromEntries(sent), now(), policy))
    const decision = decideAlert(sent.get(alert.key), alert.severity, now(), policy)
    if (decision.kind === 'send') sent.set(alert.key, { sentAt: now(), severity: alert.severity })
    return problem === undefined ? { decision, items: [] } : { decision, items: [], problem }
  }

  return {
    async load() {
      if (dir === false) return
      const read = await readAlertState(join(dir, 'state.json'))
      remember(pruneSent(read.state.entries, now(), policy))
    },

    wouldSend(key, severity) {
      return decideAlert(sent.get(key), severity, now(), policy).kind === 'send'
    },

    async claim(alert, durableNotifierIds) {
      if (dir === false) return claimInMemory(alert)
      try {
        return await locked(async () => {
          const statePath = join(dir, 'state.json')
          const read = await readAlertState(statePath)
          const entries = pruneSent(read.state.entries, now(), policy)
          const decision = decideAlert(entries[alert.key], alert.severity, now(), policy)
          const items: OutboxItem[] = []
          if (decision.kind === 'send') {
            const at = now()
            for (const notifierId of durableNotifierIds) {
              const item: OutboxItem = {
                schemaVersion: OUTBOX_SCHEMA_VERSION,
                id: outboxItemId(notifierId, alert.key),
                notifierId,
                alert,
                createdAt: at,
                attempts: 0,
                nextAttemptAt: at,
                leaseUntil: at + leaseMs,
                owner,
              }
              // Outbox before state: a crash in between sends again after a restart rather than never.
              await writeOutboxItem(outboxDir, item)
              items.push(item)
            }
            entries[alert.key] = { sentAt: at, severity: alert.severity, subject: alert.subject, title: alert.title }
            await writeAlertState(statePath, { schemaVersion: read.state.schemaVersion, entries })
          }
          remember(entries)
          return read.problem === undefined ? { decision, items } : { decision, items, problem: read.problem }
        })
      } catch (error) {
        return claimInMemory(alert, `alert state in ${dir} not usable (${errorMessage(error)}); de-duplicating in memory only`)
      }
    },

    async leaseDue(notifierIds) {
      if (dir === false) return { items: [], problems: [] }
      return locked(async () => {
        const { items, problems } = await readOutbox(outboxDir)
        const leased: OutboxItem[] = []
        const at = now()
        for (const item of items) {
          if (!notifierIds.has(item.notifierId)) {
            // Its notifier was removed from the configuration: kept for a while in case it comes back, then dropped.
            if (at - item.createdAt > retentionMs(policy)) {
              await removeOutboxItem(outboxDir, item.id)
              problems.push(
                `dropped the undelivered alert "${item.alert.title}" for ${item.notifierId}: that notifier is no longer configured`,
              )
            }
            continue
          }
          if (item.nextAttemptAt > at || item.leaseUntil > at) continue
          const mine = { ...item, owner, leaseUntil: at + leaseMs }
          await writeOutboxItem(outboxDir, mine)
          leased.push(mine)
        }
        return { items: leased, problems }
      })
    },

    async renew(item) {
      if (dir === false) return true
      return locked(async () => {
        const current = await readOutboxItem(outboxDir, item.id)
        if (current === undefined || current.owner !== owner || current.createdAt !== item.createdAt) return false
        await writeOutboxItem(outboxDir, { ...current, leaseUntil: now() + leaseMs })
        return true
      })
    },

    async complete(item) {
      if (dir === false) return
      await locked(async () => {
        const current = await readOutboxItem(outboxDir, item.id)
        // A newer claim of the same key may have replaced the item: that one is not delivered yet.
        if (current !== undefined && current.createdAt === item.createdAt) await removeOutboxItem(outboxDir, item.id)
      })
    },

    async reschedule(item, nextAttemptAt, lastError) {
      if (dir === false) return
      await locked(async () => {
        const current = await readOutboxItem(outboxDir, item.id)
        if (current === undefined || current.owner !== owner || current.createdAt !== item.createdAt) return
        await writeOutboxItem(outboxDir, { ...current, attempts: item.attempts, nextAttemptAt, leaseUntil: 0, lastError })
      })
    },
  }
}
