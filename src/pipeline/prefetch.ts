import { join } from 'node:path'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import { errorMessage } from '../errors.js'
import { readGitInfo } from '../git/git.js'
import type { GitInfo } from '../model/types.js'
import type { HistoryReadResult } from '../stores/history/index.js'
import { readRuns } from '../stores/history/index.js'

/** Runs of history read for noise floors and trends: enough for a trend chart, bounded for speed. */
const HISTORY_RUNS_READ = 200

/** Lookups that do not depend on the results, started when the run starts so their latency hides behind the tests. */
export interface RunPrefetch {
  git: Promise<GitInfo>
  history: Promise<HistoryReadResult>
}

/** Starts the git and history lookups of a run. Neither promise rejects. */
export function prefetchRun(rootDir: string, options: ResolvedReporterOptions, env: NodeJS.ProcessEnv = process.env): RunPrefetch {
  return { git: readGitInfo({ cwd: rootDir, env }), history: readHistory(rootDir, options) }
}

/** Reads the history the comparison uses (nothing when history is off). Never rejects. */
export function readHistory(rootDir: string, options: ResolvedReporterOptions): Promise<HistoryReadResult> {
  if (options.history === false) return Promise.resolve({ runs: [], problems: [] })
  return readRuns(join(rootDir, options.history), { limit: HISTORY_RUNS_READ }).catch((error: unknown) => ({
    runs: [],
    problems: [`History not read: ${errorMessage(error)}`],
  }))
}
