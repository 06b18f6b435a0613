import * as v from 'valibot'
import type { DeliveryResult, Notifier } from '../alert.js'
import { alertKey } from '../alertKey.js'
import { postRequest } from '../postRequest.js'
import { redactUrl, urlSecrets } from '../redact.js'
import { renderAlertChat } from '../renderAlert.js'
import { httpUrlSchema } from './httpUrl.js'

/** Configuration of the generic webhook notifier. */
export interface WebhookNotifierConfig {
  type: 'webhook'
  url: string
  /** Extra request headers, e.g. `{ authorization: 'Bearer …' }` (values are secrets: never logged). */
  headers?: Record<string, string> | undefined
}

/** `{ type: 'webhook', url, headers }`: the alert as JSON to any endpoint. Header values are treated as secrets. */
export const webhookNotifierSchema: v.GenericSchema<WebhookNotifierConfig> = v.strictObject({
  type: v.literal('webhook'),
  url: httpUrlSchema,
  headers: v.optional(v.record(v.string(), v.string('a header value (string)'), 'an object of header names to string values')),
})

/**
 * Posts `{ text, alert }` — `text` for chat relays that read Slack-style payloads, `alert` (without attachment
 * contents) for programs. Sends `Idempotency-Key` (stable across retries and restarts) so a receiver can drop a
 * repeat caused by a lost response.
 */
export function webhookNotifier(config: WebhookNotifierConfig): Notifier {
  const headers = config.headers ?? {}
  return {
    id: `webhook-${alertKey([config.url, ...Object.entries(headers).flat()]).slice(0, 12)}`,
    label: `webhook (${redactUrl(config.url)})`,
    channel: `webhook:${alertKey([config.url])}`,
    durable: true,
    secrets: [...urlSecrets(config.url), ...Object.values(headers)],
    async send(alert, context): Promise<DeliveryResult> {
      const { attachments, ...rest } = alert
      const body = { text: renderAlertChat(alert), alert: { ...rest, attachments: attachments.map((a) => a.fileName) } }
      const posted = await postRequest({ url: config.url, body, headers: { ...headers, 'idempotency-key': context.deliveryId } }, context)
      return posted.kind === 'ok' ? { kind: 'delivered' } : posted
    },
  }
}
