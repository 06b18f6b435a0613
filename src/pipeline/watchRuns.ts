/**
 * Printed instead of a run end in watch mode when no test file ran (a change no test depends on, Vitest's `u` with
 * nothing failed): the last run's report and history stay as they were, and no empty run is added to the history.
 */
export const NOTHING_RAN_LINE = 'perf-sentinel: no test file ran: reports, history and baseline left as they were.'
