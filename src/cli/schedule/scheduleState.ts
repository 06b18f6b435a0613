import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import * as v from 'valibot'
import { isMissingFile } from '../../errors.js'
import { writeFileAtomic } from '../../stores/atomicWrite.js'
import { moveAside } from '../../stores/moveAside.js'
import type { ScheduleState } from './scheduler.js'

const stateSchema = v.object({
  schemaVersion: v.literal(1),
  cron: v.string(),
  timezone: v.nullable(v.string()),
  lastSlot: v.string(),
  lastStartedAt: v.string(),
  lastFinishedAt: v.optional(v.string()),
  lastExitCode: v.optional(v.nullable(v.number())),
})

/**
 * Reads the state file; missing is `undefined`, unreadable is `undefined` plus a warning (the schedule goes on), the
 * unreadable file moved aside (`schedule-state.json.corrupt-<time>`) rather than rewritten.
 */
export async function loadScheduleState(path: string, warn: (line: string) => void): Promise<ScheduleState | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (!isMissingFile(error)) warn(`ignoring ${path}: ${(error as Error).message}`)
    return undefined
  }
  let why: string
  try {
    const parsed = v.safeParse(stateSchema, JSON.parse(text))
    if (parsed.success) return parsed.output
    why = 'not a schedule state file'
  } catch (error) {
    why = (error as Error).message
  }
  warn(`ignoring ${path}: ${why}; ${await moveAside(path)}`)
  return undefined
}

/** Writes the state atomically (a crash mid-write leaves the previous state). */
export async function saveScheduleState(path: string, state: ScheduleState): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`)
}
