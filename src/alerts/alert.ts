/** What raised an alert: a slow HTTP request, a blown matcher budget, or a confirmed regression of a test run. */
export type AlertKind = 'slow-request' | 'budget' | 'regression'

/** One labelled fact of an alert ("Route", "GET /users/:id"), rendered as a table row or a list item. */
export interface AlertField {
  label: string
  value: string
}

/** A file sent along with an alert: a CPU profile (`.cpuprofile`, opens in DevTools and speedscope) or a report. */
export interface AlertAttachment {
  fileName: string
  contentType: string
  content: string
}

/**
 * One alert, ready for any notifier. Plain JSON (it is stored in the outbox as is). `key` identifies "the same
 * problem" for de-duplication; `severity` grows with how bad it is (duration in ms, change in percent…), so a repeat
 * that is worse by the configured factor is sent again inside the window.
 */
export interface Alert {
  key: string
  kind: AlertKind
  /** One line: what happened, with the numbers. */
  title: string
  /** The endpoint (`GET /users/:id`) or measurement id the alert is about. */
  subject: string
  severity: number
  /** ISO time the problem was seen. */
  time: string
  fields: AlertField[]
  attachments: AlertAttachment[]
}

/**
 * The outcome of one delivery attempt. `retry` is transient (timeout, 429, 5xx, connection refused): the manager
 * backs off and tries again, honouring `retryAfterMs`. `failed` is permanent (4xx, bad configuration): retrying
 * cannot help, so the alert is dropped and the reason logged.
 */
export type DeliveryResult =
  | { kind: 'delivered'; detail?: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'failed'; reason: string }

/** What a notifier gets for one attempt: an abort signal that fires at the attempt's timeout, and the attempt number. */
export interface SendContext {
  signal: AbortSignal
  /** 1 for the first attempt. */
  attempt: number
  /** Stable across attempts and restarts of one delivery: remote notifiers send it as an idempotency key. */
  deliveryId: string
  fetch: typeof fetch
  log: (line: string) => void
}

/**
 * A destination for alerts. Built-in ones come from the `notifierTypes` registry; users may also pass their own
 * object with an `id` and a `send` (a thrown error counts as a transient failure and is retried).
 */
export interface Notifier {
  /** Stable and free of secrets: names outbox files and log lines, e.g. `slack-3f2a9c1b04de`. */
  id: string
  /** What logs show, secrets redacted, e.g. `slack (https://hooks.slack.com/services/***)`. */
  label?: string
  /** Deliveries sharing a channel are spaced by the manager's `minIntervalMs` (Slack: 1 message/s per channel). */
  channel?: string
  /** Remote notifiers are durable: the delivery is written to the on-disk outbox first. @default true */
  durable?: boolean
  /** Strings that must never appear in logs or files (tokens, webhook URLs). */
  secrets?: readonly string[]
  // biome-ignore lint/suspicious/noConfusingVoidType: an `async send() { await post() }` (Promise<void>) must fit; nothing returned means delivered.
  send(alert: Alert, context: SendContext): Promise<DeliveryResult | void>
}
