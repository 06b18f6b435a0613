/** Run history: a local folder (one file per recent run, older runs merged into segments), or JSON lines in git notes. */
export {
  HISTORY_MAX_SAMPLES,
  HISTORY_SCHEMA_VERSION,
  HistoryMeasurementSchema,
  HistoryRunSchema,
  buildHistoryRun,
  parseHistoryRun,
} from './historyRun.js'
export type { BuildHistoryRunInput, HistoryMeasurement, HistoryRun } from './historyRun.js'
export {
  DEFAULT_HISTORY_DIR,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_RUNS,
  DEFAULT_MAX_RUNS_PER_COMMIT,
  appendRun,
  readRuns,
  sortRuns,
  trendSeries,
} from './historyStore.js'
export type { HistoryFilter, HistoryReadResult, TrendSeries } from './historyStore.js'
export { compactHistory } from './compactHistory.js'
export type { CompactOptions } from './compactHistory.js'
export { HISTORY_FILE_VERSION, pointOf } from './runEncoding.js'
export type { RunPoint } from './runEncoding.js'
export { NOTES_REF, appendRunToNotes, readRunsFromNotes } from './gitNotesStore.js'
