import { join } from 'node:path'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import { errorMessage } from '../errors.js'
import { readGitInfo } from '../git/git.js'
import type { GitInfo } from '../model/types.js'
import type { HistoryFilter, HistoryReadResult } from '../stores/history/index.js'
import { readRuns } from '../stores/history/index.js'
import { TEST_DURATION_TREND_RUNS } from './trends.js'

/** Runs of history read for noise floors and trends: enough for a trend chart, bounded for speed. */
const HISTORY_RUNS_READ = 200

/** Lookups that do not depend on the results, started when the run starts so their latency hides behind the tests. */
export interface RunPrefetch {
  git: Promise<GitInfo>
  /**
   * The newest runs: all a run without gated measurements reads (its test durations' trends). They are run files
   * (compaction leaves the newest ten unmerged), so the read costs the same with 20 runs stored or 500.
   */
  recentHistory: Promise<HistoryReadResult>
  /**
   * The history gated measurements read (noise floors, their trends, a base ref's runs), read on the first call:
   * a run that measures nothing never parses the older runs' segments. Reuses the files `recentHistory` loaded.
   */
  history(): Promise<HistoryReadResult>
}

/** Starts the git and recent-history lookups of a run; the full history is read on request. Nothing rejects. */
export function prefetchRun(rootDir: string, options: ResolvedReporterOptions, env: NodeJS.ProcessEnv = process.env): RunPrefetch {
  const loaded: NonNullable<HistoryFilter['loaded']> = new Map()
  let full: Promise<HistoryReadResult> | undefined
  return {
    git: readGitInfo({ cwd: rootDir, env, ignoreChanges: [options.baselinePath] }),
    recentHistory: readHistory(rootDir, options, TEST_DURATION_TREND_RUNS, loaded),
    history: () => (full ??= readHistory(rootDir, options, HISTORY_RUNS_READ, loaded)),
  }
}

/** Reads the newest `limit` runs of the history (nothing when history is off). Never rejects. */
function readHistory(
  rootDir: string,
  options: ResolvedReporterOptions,
  limit: number,
  loaded: NonNullable<HistoryFilter['loaded']>,
): Promise<HistoryReadResult> {
  if (options.history === false) return Promise.resolve({ runs: [], problems: [] })
  return readRuns(join(rootDir, options.history), { limit, loaded }).catch((error: unknown) => ({
    runs: [],
    problems: [`History not read: ${errorMessage(error)}`],
  }))
}
