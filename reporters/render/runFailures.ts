/**
 * What a perf reporter prints at the run end: the terminal table, then the run's failures. A regression used to be
 * printed three times — its `regressed` row, a `✗ REGRESSION <id>: <reason>` line under the table, and the failure
 * message. The row stays (it is the table); the detail is printed once, as the failure message, which says the most
 * (change, interval, baseline commit, reason) and how to accept an intended slowdown.
 */
import { formatError, isPerfSentinelError } from '../../src/errors.js'

/** What to print, in order. */
export interface RunOutput {
  /** The terminal table, without the `✗ REGRESSION` lines of regressions that are printed as failures below. */
  terminal: string
  /** Each failure through `formatError`, once. */
  failures: string[]
}

// The table's closing regression line, colour codes aside (the renderer paints the whole line red).
const REGRESSION_LINE = /^(?:\u001b\[[0-9;]*m)*\s*✗ REGRESSION /

/** The run end's output for a table and the failures of `finishRun`. Pure. */
export function runOutput(terminal: string, failures: readonly Error[]): RunOutput {
  const printsRegressions = failures.some((f) => isPerfSentinelError(f, 'E_REGRESSION'))
  const table = printsRegressions
    ? terminal
        .split('\n')
        .filter((line) => !REGRESSION_LINE.test(line))
        .join('\n')
    : terminal
  return { terminal: table, failures: failures.map((f) => formatError(f)) }
}
