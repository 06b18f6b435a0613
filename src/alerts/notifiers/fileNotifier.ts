import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import * as v from 'valibot'
import type { DeliveryResult, Notifier } from '../alert.js'
import { alertKey } from '../alertKey.js'
import { renderAlertHtml, renderAlertMarkdown } from '../renderAlert.js'

/** Configuration of the file notifier. */
export interface FileNotifierConfig {
  type: 'file'
  /** Where alert files go, relative to the working directory (or the project root for test runs). */
  dir: string
  /** @default 'markdown' */
  format?: 'markdown' | 'html' | undefined
}

/** `{ type: 'file', dir, format }`: one Markdown (or HTML) file per alert in `dir`, attachments next to it. */
export const fileNotifierSchema: v.GenericSchema<FileNotifierConfig> = v.strictObject({
  type: v.literal('file'),
  dir: v.pipe(v.string('a directory path'), v.nonEmpty('a non-empty directory path')),
  format: v.optional(v.picklist(['markdown', 'html'], "'markdown' or 'html'")),
})

/**
 * The local notifier: writes `<time>-<subject>-<key>.md` (or `.html`) and each attachment as
 * `<same stem>-<attachment name>` under `dir` (created when missing, relative to `cwd`), and logs the path.
 * Not durable (a full disk would refuse the outbox too) and not rate limited. Never overwrites a file.
 */
export function fileNotifier(config: FileNotifierConfig, cwd: string = process.cwd()): Notifier {
  const dir = resolve(cwd, config.dir)
  const format = config.format ?? 'markdown'
  return {
    id: `file-${alertKey([dir]).slice(0, 12)}`,
    label: `file (${dir})`,
    durable: false,
    async send(alert, context): Promise<DeliveryResult> {
      const stem = `${fileStamp(alert.time)}-${slug(alert.subject)}-${alert.key.slice(0, 8)}`
      const attachmentNames = alert.attachments.map((a) => `${stem}-${a.fileName}`)
      const render = format === 'html' ? renderAlertHtml : renderAlertMarkdown
      const path = join(dir, `${stem}.${format === 'html' ? 'html' : 'md'}`)
      try {
        await mkdir(dir, { recursive: true })
        // Attachments first: the alert file links them, so it appears only once they are all there.
        for (const [index, attachment] of alert.attachments.entries()) {
          await writeFile(join(dir, attachmentNames[index] as string), attachment.content, { flag: 'wx' })
        }
        await writeFile(path, render(alert, { attachmentLinks: attachmentNames }), { flag: 'wx' })
      } catch (error) {
        return { kind: 'failed', reason: fsReason(error, dir) }
      }
      context.log(`alert written to ${path}`)
      return { kind: 'delivered', detail: path }
    },
  }
}

/** `2026-11-05T10-22-33-123Z`: sortable, unique to the millisecond, valid on every file system. */
function fileStamp(iso: string): string {
  const date = new Date(iso)
  return (Number.isNaN(date.getTime()) ? new Date() : date).toISOString().replace(/[:.]/g, '-')
}

/** `GET /users/:id` → `GET-users-id`: readable and safe in a file name. */
function slug(subject: string): string {
  return (
    subject
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'alert'
  )
}

function fsReason(error: unknown, dir: string): string {
  const code = (error as { code?: unknown } | undefined)?.code
  return `could not write in ${dir}: ${typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)}`
}
