import { isPerfSentinelError } from '../../errors.js'

/**
 * One line for the very end of a Jest run that perf-sentinel fails. Jest prints its own summary after every
 * reporter's run end ("Test Suites: 1 passed"), so a run failed only by the perf gate ended on "passed" with exit
 * code 1 (a user review). Written when the process exits (a synchronous write to a pipe, file or terminal on
 * Linux and macOS); watch mode never exits, and its runs end on perf-sentinel's own failure message.
 */
export function failureLineAfterSummary(
  failures: readonly Error[],
  write: (line: string) => void = (line) => process.stderr.write(line),
): void {
  if (failures.length === 0) return
  const regressions = failures.filter((f) => isPerfSentinelError(f, 'E_REGRESSION')).length
  const why =
    regressions === failures.length
      ? `${regressions} performance regression(s)`
      : `${failures.length} problem(s) found by perf-sentinel${regressions > 0 ? `, ${regressions} of them performance regression(s)` : ''}`
  process.once('exit', () => write(`\nperf-sentinel failed this run (exit code 1): ${why} — see its messages above Jest's summary.\n`))
}
