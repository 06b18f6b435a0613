import { regressionMessage } from '../../reporters/render/regressionMessage.js'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import { PerfSentinelError } from '../errors.js'
import { formatMs } from '../format.js'
import type { PerfReport } from '../model/report.js'
import type { BaselineWrite } from './saveBaseline.js'

/** The run's findings: what fails it, and what an update run accepted instead. */
export interface RunFindings {
  failures: PerfSentinelError[]
  /** Lines for the report: regressions an update run accepted (old → new). */
  accepted: string[]
}

/**
 * Which comparison results fail the run (pure): each regression (with `failOnRegression`), and in CI measurements
 * without a baseline (with `failOnNew`). An update run (`-u`, `PERF_SENTINEL_UPDATE=1`) accepts the new numbers as
 * `-u` accepts snapshots: its regressions are listed as accepted, old → new, and do not fail it.
 */
export function decideFailures(
  report: PerfReport,
  options: Pick<ResolvedReporterOptions, 'failOnRegression' | 'failOnNew'>,
  ci: boolean,
  write: BaselineWrite,
  /** Watch mode: the runner whose prompt key accepts a regression (the fix names it instead of `-u`). */
  watching?: 'vitest' | 'jest',
): RunFindings {
  const accept =
    watching === 'vitest'
      ? "if the slowdown is intended, press u in Vitest's watch prompt to accept it as the baseline"
      : watching === 'jest'
        ? "if the slowdown is intended, press b in Jest's watch prompt to accept it (watchPlugins: ['perf-sentinel/jest/watch-plugin'])"
        : 'if the slowdown is intended, accept it with -u, PERF_SENTINEL_UPDATE=1 or perf-sentinel baseline update'
  const failures: PerfSentinelError[] = []
  const accepted: string[] = []
  for (const m of report.measurements) {
    const c = m.comparison
    if (c?.verdict !== 'regressed') continue
    if (write.kind === 'all') {
      accepted.push(
        `Accepted by the baseline update: ${m.id} ${formatMs(c.baselineMedianMs)} → ${formatMs(m.stats.medianMs)} (${c.changePercent >= 0 ? '+' : ''}${c.changePercent.toFixed(1)}%).`,
      )
    } else if (options.failOnRegression) {
      failures.push(new PerfSentinelError('E_REGRESSION', regressionMessage(m.id, c), { fix: accept }))
    }
  }
  if (options.failOnNew && ci && report.summary.byVerdict.new > 0) {
    failures.push(
      new PerfSentinelError('E_CONFIG', `${report.summary.byVerdict.new} measurement(s) have no baseline and failOnNew is set.`, {
        fix: 'record a baseline outside CI (PERF_SENTINEL_UPDATE=1) and commit it',
      }),
    )
  }
  return { failures, accepted }
}
