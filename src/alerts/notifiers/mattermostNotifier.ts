import * as v from 'valibot'
import type { Alert, DeliveryResult, Notifier, SendContext } from '../alert.js'
import { alertKey } from '../alertKey.js'
import { postRequest } from '../postRequest.js'
import { redactUrl, urlSecrets } from '../redact.js'
import { renderAlertChat } from '../renderAlert.js'
import { httpUrlSchema } from './httpUrl.js'

/** Configuration of the Mattermost notifier. */
export interface MattermostNotifierConfig {
  type: 'mattermost'
  /** Server URL, e.g. `https://chat.example.com`. */
  url: string
  /** A bot or personal access token allowed to post in the channel (a secret: never logged). */
  token: string
  channelId: string
}

/** `{ type: 'mattermost', url, token, channelId }`: a post in a channel through the REST API, files attached. */
export const mattermostNotifierSchema: v.GenericSchema<MattermostNotifierConfig> = v.strictObject({
  type: v.literal('mattermost'),
  url: httpUrlSchema,
  token: v.pipe(v.string('a Mattermost access token'), v.nonEmpty('a non-empty Mattermost access token')),
  channelId: v.pipe(v.string('a Mattermost channel id'), v.nonEmpty('a non-empty Mattermost channel id')),
})

/**
 * Posts to a Mattermost channel with the REST API v4: uploads the attachments (`POST /api/v4/files`), then creates
 * the post with their file ids (`POST /api/v4/posts`). An attempt that fails between the two steps uploads again
 * on retry (an orphan upload is harmless; a post without its profile is not what was asked for).
 */
export function mattermostNotifier(config: MattermostNotifierConfig): Notifier {
  const base = config.url.replace(/\/+$/, '')
  const headers = { authorization: `Bearer ${config.token}` }
  return {
    id: `mattermost-${alertKey([base, config.channelId, config.token]).slice(0, 12)}`,
    label: `mattermost (${redactUrl(base)}, channel ${config.channelId})`,
    channel: `mattermost:${base}:${config.channelId}`,
    durable: true,
    secrets: [config.token, ...urlSecrets(config.url)],
    async send(alert, context): Promise<DeliveryResult> {
      const fileIds: string[] = []
      if (alert.attachments.length > 0) {
        const uploaded = await postRequest({ url: `${base}/api/v4/files`, body: uploadForm(alert, config.channelId), headers }, context)
        if (uploaded.kind !== 'ok') return uploaded
        const ids = fileInfoIds(uploaded.json)
        if (ids === undefined) return { kind: 'retry', reason: 'the file upload answered without file_infos' }
        fileIds.push(...ids)
      }
      return createPost(base, headers, { channel_id: config.channelId, message: renderAlertChat(alert), file_ids: fileIds }, context)
    },
  }
}

async function createPost(base: string, headers: Record<string, string>, post: object, context: SendContext): Promise<DeliveryResult> {
  const created = await postRequest({ url: `${base}/api/v4/posts`, body: post, headers }, context)
  if (created.kind !== 'ok') return created
  const id = (created.json as { id?: unknown } | undefined)?.id
  return { kind: 'delivered', ...(typeof id === 'string' ? { detail: `post ${id}` } : {}) }
}

function uploadForm(alert: Alert, channelId: string): FormData {
  const form = new FormData()
  form.append('channel_id', channelId)
  for (const attachment of alert.attachments) {
    form.append('files', new Blob([attachment.content], { type: attachment.contentType }), attachment.fileName)
  }
  return form
}

function fileInfoIds(json: unknown): string[] | undefined {
  const infos = (json as { file_infos?: unknown } | undefined)?.file_infos
  if (!Array.isArray(infos)) return undefined
  const ids = infos.map((info) => (info as { id?: unknown }).id)
  return ids.every((id): id is string => typeof id === 'string') ? ids : undefined
}
