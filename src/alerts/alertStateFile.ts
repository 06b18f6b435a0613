import { readFile } from 'node:fs/promises'
import * as v from 'valibot'
import { errorMessage, isMissingFile } from '../errors.js'
import { writeFileAtomic } from '../stores/atomicWrite.js'
import { moveAside } from '../stores/moveAside.js'
import type { SentAlert } from './decideAlert.js'

/** Version of the de-duplication state file. Readers start afresh (and say so) on a version they do not know. */
export const ALERT_STATE_SCHEMA_VERSION = 1

/** What is remembered of the last alert sent for a key: enough to decide, and to tell a human what it was. */
export interface AlertStateEntry extends SentAlert {
  subject: string
  title: string
}

/** `.perf-sentinel/alerts/state.json`: the last alert sent per key, kept for the window plus a day. */
export interface AlertStateFile {
  schemaVersion: typeof ALERT_STATE_SCHEMA_VERSION
  entries: Record<string, AlertStateEntry>
}

const stateSchema = v.object({
  schemaVersion: v.literal(ALERT_STATE_SCHEMA_VERSION),
  entries: v.record(v.string(), v.object({ sentAt: v.number(), severity: v.number(), subject: v.string(), title: v.string() })),
})

/** The state file's contents and, when it was unreadable, why (the caller logs it and starts from empty). */
export interface AlertStateRead {
  state: AlertStateFile
  problem?: string
}

/** An empty state. */
export function emptyAlertState(): AlertStateFile {
  return { schemaVersion: ALERT_STATE_SCHEMA_VERSION, entries: {} }
}

/**
 * Reads the state file. Missing is empty. Corrupt or of another version is also empty, with a problem to log:
 * losing de-duplication state costs at most one repeated alert per key, refusing to alert would cost all of them.
 * The unreadable file is moved aside first (`state.json.corrupt-<time>`), never overwritten by the next write.
 */
export async function readAlertState(path: string, now: () => Date = () => new Date()): Promise<AlertStateRead> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (isMissingFile(error)) return { state: emptyAlertState() }
    return { state: emptyAlertState(), problem: `could not read ${path}: ${errorMessage(error)}` }
  }
  let why: string
  try {
    const parsed = v.safeParse(stateSchema, JSON.parse(text))
    if (parsed.success) return { state: parsed.output as AlertStateFile }
    why = `is not a version ${ALERT_STATE_SCHEMA_VERSION} alert state file`
  } catch (error) {
    why = `is not valid JSON (${errorMessage(error)})`
  }
  const kept = await moveAside(path, now)
  return { state: emptyAlertState(), problem: `${path} ${why}; ${kept}; starting afresh` }
}

/** Writes the state file atomically (temp file, fsync, rename). */
export async function writeAlertState(path: string, state: AlertStateFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(state)}\n`)
}
