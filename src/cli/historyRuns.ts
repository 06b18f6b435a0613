import { join } from 'node:path'
import type { ResolvedConfig } from '../config/configSchema.js'
import type { HistoryRun } from '../stores/history/index.js'
import { readRuns, readRunsFromNotes } from '../stores/history/index.js'

/** Runs a command reads: the history folder and, with `gitNotes`, the notes; oldest first, each run once. */
export interface HistoryRuns {
  runs: HistoryRun[]
  problems: string[]
}

/**
 * Reads the project's recorded runs (never throws: unreadable files are problems). `days` keeps runs of the last
 * N days before `now`.
 */
export async function readHistoryRuns(
  cwd: string,
  options: Pick<ResolvedConfig, 'history' | 'gitNotes'>,
  filter: { days?: number; now?: Date } = {},
): Promise<HistoryRuns> {
  const problems: string[] = []
  const runs: HistoryRun[] = []
  if (options.history !== false) {
    const read = await readRuns(join(cwd, options.history))
    runs.push(...read.runs)
    problems.push(...read.problems)
  }
  if (options.gitNotes) {
    const read = await readRunsFromNotes(cwd)
    runs.push(...read.runs)
    problems.push(...read.problems)
  }
  const seen = new Set<string>()
  const since = filter.days === undefined ? Number.NEGATIVE_INFINITY : (filter.now ?? new Date()).getTime() - filter.days * 86_400_000
  const kept = runs.filter((run) => {
    if (seen.has(run.runId) || Date.parse(run.time) < since) return false
    seen.add(run.runId)
    return true
  })
  kept.sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || (a.runId < b.runId ? -1 : 1))
  return { runs: kept, problems }
}
