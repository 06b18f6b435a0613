/** Run history: one file per run in a local directory, or JSON lines in git notes. */
export {
  HISTORY_MAX_SAMPLES,
  HISTORY_SCHEMA_VERSION,
  HistoryRunSchema,
  buildHistoryRun,
  parseHistoryRun,
} from './historyRun.js'
export type { BuildHistoryRunInput, HistoryMeasurement, HistoryRun } from './historyRun.js'
export {
  DEFAULT_HISTORY_DIR,
  DEFAULT_MAX_RUNS,
  DEFAULT_MAX_RUNS_PER_COMMIT,
  appendRun,
  compactHistory,
  readRuns,
  trendFor,
} from './historyStore.js'
export type { CompactOptions, HistoryFilter, HistoryReadResult } from './historyStore.js'
export { NOTES_REF, appendRunToNotes, readRunsFromNotes } from './gitNotesStore.js'
