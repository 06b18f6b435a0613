import * as v from 'valibot'
import type { DeliveryResult, Notifier } from '../alert.js'
import { alertKey } from '../alertKey.js'
import { postRequest } from '../postRequest.js'
import { redactUrl, urlSecrets } from '../redact.js'
import { renderAlertSlack } from '../renderAlert.js'
import { httpUrlSchema } from './httpUrl.js'

/** Configuration of the Slack notifier. */
export interface SlackNotifierConfig {
  type: 'slack'
  /** The incoming webhook URL (a secret: its path is the token). */
  webhookUrl: string
}

/** `{ type: 'slack', webhookUrl }`: a Slack incoming webhook (Mattermost's incoming webhooks accept the same JSON). */
export const slackNotifierSchema: v.GenericSchema<SlackNotifierConfig> = v.strictObject({
  type: v.literal('slack'),
  webhookUrl: httpUrlSchema,
})

/**
 * Posts `{ text }` to an incoming webhook. Webhooks take no files, so attachments are named in the text only.
 * The whole URL is a secret (the token is its path).
 */
export function slackNotifier(config: SlackNotifierConfig): Notifier {
  return {
    id: `slack-${alertKey([config.webhookUrl]).slice(0, 12)}`,
    label: `slack (${redactUrl(config.webhookUrl)})`,
    channel: `slack:${alertKey([config.webhookUrl])}`,
    durable: true,
    secrets: urlSecrets(config.webhookUrl),
    async send(alert, context): Promise<DeliveryResult> {
      const posted = await postRequest({ url: config.webhookUrl, body: { text: renderAlertSlack(alert) } }, context)
      return posted.kind === 'ok' ? { kind: 'delivered' } : posted
    },
  }
}
