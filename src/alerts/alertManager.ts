import { randomBytes } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import { resolve } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { errorMessage } from '../errors.js'
import type { Alert, DeliveryResult, Notifier } from './alert.js'
import type { AlertOptions } from './alertOptions.js'
import { resolveAlertOptions } from './alertOptions.js'
import type { OutboxItem } from './alertOutbox.js'
import { createAlertStore } from './alertStore.js'
import { createChannelRateLimiter } from './channelRateLimiter.js'
import { redactSecrets } from './redact.js'
import { nextWaitMs } from './retryPolicy.js'

/** The outside world of the manager, injectable so tests need no real clock, randomness or network. */
export interface AlertManagerIo {
  /** Epoch ms. @default Date.now */
  now?: () => number
  /** @default an unref'd timer (pending retries never keep a process alive, except during `flush()`) */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  random?: () => number
  /** Receives each log line, already prefixed and redacted. @default a line on stderr */
  log?: (line: string) => void
  fetch?: typeof fetch
  /** Relative `stateDir` and file-notifier directories resolve against it. @default process.cwd() */
  cwd?: string
}

/** Counters since the manager was created. */
export interface AlertManagerStats {
  /** Alerts that passed de-duplication (one per key per window, or worse). */
  sent: number
  suppressed: number
  delivered: number
  /** Deliveries given up: permanent errors, or non-durable notifiers out of retries. */
  failed: number
  /** Deliveries out of retries for now, waiting in the outbox. */
  deferred: number
  /** Alerts dropped because the queue was full. */
  dropped: number
}

/** Sends alerts to every configured notifier, once per key per window, retrying and persisting deliveries. */
export interface AlertManager {
  /** Queues an alert; returns at once and never throws. */
  notify(alert: Alert): void
  /**
   * Cheap, in-memory: whether an alert with this key and severity would be sent (to skip costly work otherwise). The
   * caller drops the alert on `false`, so a `false` from de-duplication counts in `stats().suppressed` — also when the
   * earlier alert was sent before a restart (the state file).
   */
  wouldSend(key: string, severity: number): boolean
  /** Resolves when queued alerts, due outbox deliveries and their retries are done (keeps the process alive meanwhile). */
  flush(): Promise<void>
  /** Stops the outbox timer and flushes, for at most `deadlineMs`; deliveries still running then are put back in the outbox. */
  close(deadlineMs?: number): Promise<void>
  stats(): AlertManagerStats
  /** Labels of the notifiers, secrets redacted. */
  readonly notifierLabels: readonly string[]
}

/**
 * Creates an alert manager. Throws `PerfSentinelError('E_CONFIG')` for invalid options (at start-up, never later).
 * @example const alerts = createAlertManager({ notifiers: [{ type: 'file', dir: 'alerts' }] }); alerts.notify(alert)
 */
export function createAlertManager(options: AlertOptions = {}, io: AlertManagerIo = {}): AlertManager {
  const cwd = io.cwd ?? process.cwd()
  const resolved = resolveAlertOptions(options, 'alerts', { cwd })
  const now = io.now ?? Date.now
  const random = io.random ?? Math.random
  const sleep = io.sleep ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { ref: false, signal }).catch(() => undefined))
  const secrets = resolved.notifiers.flatMap((n) => n.secrets ?? [])
  const write = io.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const log = (line: string): void => write(redactSecrets(`perf-sentinel: ${line}`, secrets))
  const loggedOnce = new Set<string>()
  const logOnce = (key: string, line: string): void => {
    if (loggedOnce.has(key) || loggedOnce.size > 1000) return
    loggedOnce.add(key)
    log(line)
  }
  const closing = new AbortController()
  // Every pending attempt and wait listens to it; dozens at once are normal, not a leak.
  setMaxListeners(0, closing.signal)
  const notifiersById = new Map(resolved.notifiers.map((n) => [n.id, n]))
  const leaseMs = resolved.timeoutMs + resolved.minIntervalMs + resolved.retryAfterCapMs + 30_000
  const owner = `${process.pid}-${randomBytes(6).toString('hex')}`
  const stateDir = resolved.stateDir === false ? false : resolve(cwd, resolved.stateDir)
  const store = createAlertStore({ dir: stateDir, policy: resolved, now, owner, leaseMs })
  if (stateDir !== false) void store.load().catch(() => undefined)
  const limiter = createChannelRateLimiter(resolved.minIntervalMs, now, (ms) => sleep(ms, closing.signal))
  const counters: AlertManagerStats = { sent: 0, suppressed: 0, delivered: 0, failed: 0, deferred: 0, dropped: 0 }
  const queue: Alert[] = []
  const running = new Set<Promise<void>>()
  let pumping: Promise<void> | undefined

  const track = (work: Promise<void>): void => {
    const tracked = work
      .catch((error: unknown) => logOnce(`internal:${errorMessage(error)}`, `alert delivery failed: ${errorMessage(error)}`))
      .finally(() => running.delete(tracked))
    running.add(tracked)
  }

  const attempt = async (notifier: Notifier, alert: Alert, number: number, deliveryId: string): Promise<DeliveryResult> => {
    // Our own timer, not AbortSignal.any([AbortSignal.timeout()]): Node 20 can garbage-collect the timeout signal
    // inside any(), and the attempt then never ends.
    const controller = new AbortController()
    const abort = (): void => controller.abort()
    const timer = setTimeout(abort, resolved.timeoutMs)
    timer.unref()
    closing.signal.addEventListener('abort', abort, { once: true })
    // A custom notifier may ignore the signal: the race still ends the attempt at the timeout.
    const timedOut = new Promise<DeliveryResult>((settle) =>
      controller.signal.addEventListener('abort', () => settle({ kind: 'retry', reason: 'timed out' }), { once: true }),
    )
    try {
      const sent = notifier.send(alert, { signal: controller.signal, attempt: number, deliveryId, fetch: io.fetch ?? fetch, log })
      return (await Promise.race([sent, timedOut])) ?? { kind: 'delivered' }
    } catch (error) {
      return { kind: 'retry', reason: errorMessage(error) }
    } finally {
      clearTimeout(timer)
      closing.signal.removeEventListener('abort', abort)
    }
  }

  const deliver = async (notifier: Notifier, alert: Alert, item: OutboxItem | undefined): Promise<void> => {
    const label = notifier.label ?? notifier.id
    const deliveryId = item ? `${item.id}-${item.createdAt}` : `${notifier.id}-${alert.key}-${now()}`
    let attempts = item?.attempts ?? 0
    let reason = 'not attempted'
    let retryAfterMs: number | undefined
    for (let retry = 0; retry <= resolved.retries && !closing.signal.aborted; retry++) {
      if (retry > 0) {
        const waitMs = nextWaitMs(retry, retryAfterMs, random, resolved.retryAfterCapMs)
        if (waitMs === undefined) break
        await sleep(waitMs, closing.signal)
        if (closing.signal.aborted) break
      }
      // Another process took the delivery over (our lease ran out) or finished it: it is theirs now.
      if (item && !(await store.renew(item))) return
      await limiter.acquire(notifier.channel)
      attempts++
      const result = await attempt(notifier, alert, attempts, deliveryId)
      if (result.kind === 'delivered') {
        counters.delivered++
        if (item) await store.complete(item)
        return
      }
      if (result.kind === 'failed') {
        counters.failed++
        logOnce(`${notifier.id}:${result.reason}`, `${label} refused the alert "${alert.title}": ${result.reason}; it is dropped`)
        if (item) await store.complete(item)
        return
      }
      reason = result.reason
      retryAfterMs = result.retryAfterMs
    }
    if (item) {
      counters.deferred++
      const nextAttemptAt = now() + Math.max(retryAfterMs ?? 0, closing.signal.aborted ? 0 : resolved.outboxIntervalMs)
      await store.reschedule({ ...item, attempts }, nextAttemptAt, reason)
      logOnce(
        `${notifier.id}:defer:${reason}`,
        `${label} unavailable (${reason}); the alert "${alert.title}" waits in the outbox and is retried later`,
      )
    } else {
      counters.failed++
      logOnce(`${notifier.id}:${reason}`, `${label} could not deliver the alert "${alert.title}": ${reason}`)
    }
  }

  const processAlert = async (alert: Alert): Promise<void> => {
    const durable = resolved.notifiers.filter((n) => n.durable !== false)
    const claim = await store.claim(
      alert,
      durable.map((n) => n.id),
    )
    if (claim.problem !== undefined) logOnce(`claim:${claim.problem}`, claim.problem)
    if (claim.decision.kind === 'suppress') {
      counters.suppressed++
      return
    }
    counters.sent++
    for (const notifier of resolved.notifiers)
      track(
        deliver(
          notifier,
          alert,
          claim.items.find((i) => i.notifierId === notifier.id),
        ),
      )
  }

  const pump = async (): Promise<void> => {
    for (let alert = queue.shift(); alert !== undefined; alert = queue.shift()) {
      await processAlert(alert).catch((error: unknown) =>
        logOnce(`process:${errorMessage(error)}`, `alert not processed: ${errorMessage(error)}`),
      )
    }
    pumping = undefined
  }

  const drainOnce = async (): Promise<void> => {
    if (stateDir === false || closing.signal.aborted) return
    const { items, problems } = await store
      .leaseDue(new Set(notifiersById.keys()))
      .catch((error: unknown) => ({ items: [], problems: [`outbox not read: ${errorMessage(error)}`] }))
    for (const problem of problems) logOnce(`drain:${problem}`, problem)
    for (const item of items) track(deliver(notifiersById.get(item.notifierId) as Notifier, item.alert, item))
  }
  // One outbox read at a time, and the one in flight is what `flush` / `close` wait for: a read started by the
  // timer (or at creation) must not still be taking the state lock after `close()` has returned.
  let draining: Promise<void> | undefined
  const drain = (): Promise<void> =>
    (draining ??= drainOnce().finally(() => {
      draining = undefined
    }))

  const timer =
    stateDir === false || resolved.notifiers.length === 0 ? undefined : setInterval(() => void drain(), resolved.outboxIntervalMs)
  timer?.unref()
  if (timer) setImmediate(() => void drain()).unref()

  const flush = async (): Promise<void> => {
    // Retry waits are unref'd timers; this one keeps the process alive until the flush is done.
    const keepAlive = setInterval(() => undefined, 1 << 30)
    try {
      await drain()
      while (pumping !== undefined || running.size > 0) {
        await pumping
        await Promise.allSettled([...running])
      }
    } finally {
      clearInterval(keepAlive)
    }
  }

  return {
    notifierLabels: resolved.notifiers.map((n) => n.label ?? n.id),
    notify(alert) {
      if (closing.signal.aborted || resolved.notifiers.length === 0) return
      if (!store.wouldSend(alert.key, alert.severity)) {
        counters.suppressed++
        return
      }
      if (queue.length >= resolved.maxQueue) {
        counters.dropped++
        logOnce('queue-full', `more than ${resolved.maxQueue} alerts waiting; further ones are dropped until the queue drains`)
        return
      }
      queue.push(alert)
      pumping ??= pump()
    },
    wouldSend: (key, severity) => {
      if (resolved.notifiers.length === 0) return false
      const send = store.wouldSend(key, severity)
      if (!send) counters.suppressed++
      return send
    },
    flush,
    async close(deadlineMs = 30_000) {
      if (timer) clearInterval(timer)
      const finished = flush().then(() => true)
      const deadline = delay(deadlineMs, false, { ref: false })
      if (!(await Promise.race([finished, deadline]))) {
        closing.abort()
        await Promise.allSettled([...running])
      }
      closing.abort()
    },
    stats: () => ({ ...counters }),
  }
}
