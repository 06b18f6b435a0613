import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import * as v from 'valibot'
import { errorMessage, isMissingFile } from '../errors.js'
import { writeFileAtomic } from '../stores/atomicWrite.js'
import type { Alert } from './alert.js'

/** Version of an outbox item file. */
export const OUTBOX_SCHEMA_VERSION = 1

/**
 * One pending delivery of one alert to one notifier, as stored in `<stateDir>/outbox/<id>.json`. Written before
 * the first attempt and removed after the last, so a crash or an outage delays the alert instead of losing it.
 * `leaseUntil`/`owner` keep two processes (or a restarted one) from delivering it at the same time.
 */
export interface OutboxItem {
  schemaVersion: typeof OUTBOX_SCHEMA_VERSION
  id: string
  notifierId: string
  alert: Alert
  /** Epoch ms. */
  createdAt: number
  attempts: number
  nextAttemptAt: number
  leaseUntil: number
  owner: string
  lastError?: string
}

const itemSchema = v.object({
  schemaVersion: v.literal(OUTBOX_SCHEMA_VERSION),
  id: v.string(),
  notifierId: v.string(),
  alert: v.object({
    key: v.string(),
    kind: v.picklist(['slow-request', 'budget', 'regression']),
    title: v.string(),
    subject: v.string(),
    severity: v.number(),
    time: v.string(),
    fields: v.array(v.object({ label: v.string(), value: v.string() })),
    attachments: v.array(v.object({ fileName: v.string(), contentType: v.string(), content: v.string() })),
  }),
  createdAt: v.number(),
  attempts: v.number(),
  nextAttemptAt: v.number(),
  leaseUntil: v.number(),
  owner: v.string(),
  lastError: v.optional(v.string()),
})

/** One file per notifier and key: a repeat claim of the same key replaces the pending delivery instead of adding one. */
export function outboxItemId(notifierId: string, key: string): string {
  return `${notifierId}-${key}`
}

/** Writes (or replaces) an item atomically. */
export async function writeOutboxItem(outboxDir: string, item: OutboxItem): Promise<void> {
  await writeFileAtomic(join(outboxDir, `${item.id}.json`), JSON.stringify(item))
}

/** Reads one item; `undefined` when it is gone (delivered by another process) or unreadable. */
export async function readOutboxItem(outboxDir: string, id: string): Promise<OutboxItem | undefined> {
  try {
    const parsed = v.safeParse(itemSchema, JSON.parse(await readFile(join(outboxDir, `${id}.json`), 'utf8')))
    return parsed.success ? (parsed.output as OutboxItem) : undefined
  } catch {
    return undefined
  }
}

/** Every readable item, and one problem line per file that is not one (left in place for a human to look at). */
export async function readOutbox(outboxDir: string): Promise<{ items: OutboxItem[]; problems: string[] }> {
  let names: string[]
  try {
    names = await readdir(outboxDir)
  } catch (error) {
    return { items: [], problems: isMissingFile(error) ? [] : [`could not list ${outboxDir}: ${errorMessage(error)}`] }
  }
  const items: OutboxItem[] = []
  const problems: string[] = []
  for (const name of names) {
    // Temp files of writeFileAtomic start with a dot; they are not items (yet).
    if (!name.endsWith('.json') || name.startsWith('.')) continue
    const item = await readOutboxItem(outboxDir, name.slice(0, -'.json'.length))
    if (item === undefined)
      problems.push(`${join(outboxDir, name)} is not a readable outbox item; it is skipped (delete it if it is not needed)`)
    else items.push(item)
  }
  return { items, problems }
}

/** Removes an item (delivered or permanently failed). Missing is fine: another process finished it. */
export async function removeOutboxItem(outboxDir: string, id: string): Promise<void> {
  await rm(join(outboxDir, `${id}.json`), { force: true })
}
