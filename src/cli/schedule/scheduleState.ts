import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import * as v from 'valibot'
import { isMissingFile } from '../../errors.js'
import { writeFileAtomic } from '../../stores/atomicWrite.js'
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

/** Reads the state file; missing is `undefined`, unreadable is `undefined` plus a warning (the schedule goes on). */
export async function loadScheduleState(path: string, warn: (line: string) => void): Promise<ScheduleState | undefined> {
  try {
    const parsed = v.safeParse(stateSchema, JSON.parse(await readFile(path, 'utf8')))
    if (parsed.success) return parsed.output
    warn(`ignoring ${path}: not a schedule state file (it will be rewritten)`)
  } catch (error) {
    if (!isMissingFile(error)) warn(`ignoring ${path}: ${(error as Error).message}`)
  }
  return undefined
}

/** Writes the state atomically (a crash mid-write leaves the previous state). */
export async function saveScheduleState(path: string, state: ScheduleState): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`)
}
