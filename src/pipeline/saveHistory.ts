import { join } from 'node:path'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import { errorMessage } from '../errors.js'
import type { PerfReport } from '../model/report.js'
import type { MeasurementRecord } from '../model/types.js'
import { appendRun, appendRunToNotes, buildHistoryRun, compactHistory } from '../stores/history/index.js'

/** Everything the history step needs. */
export interface SaveHistoryInput {
  rootDir: string
  options: ResolvedReporterOptions
  records: readonly MeasurementRecord[]
  git: PerfReport['run']['git']
  environment: PerfReport['run']['environment']
  startedAt: Date
}

/** Appends this run to the history folder and/or git notes; returns notes for the report (never throws). */
export async function saveHistory(input: SaveHistoryInput): Promise<string[]> {
  const { options, rootDir } = input
  if (options.history === false && !options.gitNotes) return []
  const notes: string[] = []
  const run = buildHistoryRun({ records: input.records, git: input.git, environment: input.environment, time: input.startedAt })
  if (options.history !== false) {
    const dir = join(rootDir, options.history)
    try {
      await appendRun(dir, run)
      await compactHistory(dir)
    } catch (error) {
      notes.push(`History not recorded: ${errorMessage(error)}`)
    }
  }
  if (options.gitNotes) notes.push(...(await appendRunToNotes(rootDir, run)).problems)
  return notes
}
