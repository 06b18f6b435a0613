import type { LoadedConfig } from '../../config/loadConfig.js'
import { loadConfig } from '../../config/loadConfig.js'
import { readHistoryRuns } from '../historyRuns.js'
import type { AuditFinding, MeasurementTrend } from './historyAnalysis.js'
import { auditTrends, selectSeries, trendsOf } from './historyAnalysis.js'

/** What one audit found, and over what. */
export interface AuditResult {
  config: LoadedConfig
  findings: AuditFinding[]
  trends: MeasurementTrend[]
  runs: number
  problems: string[]
}

/** Reads the configuration and history of the project at `cwd` and audits it (the `audit` command, and `schedule` after each run). */
export async function auditHistory(
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: { thresholdPercent?: number; days?: number; name?: string } = {},
): Promise<AuditResult> {
  const config = await loadConfig({ cwd, env })
  const history = await readHistoryRuns(cwd, config.options, options.days === undefined ? {} : { days: options.days })
  const trends = trendsOf(selectSeries(history.runs, config.options, options.name))
  const findings = auditTrends(
    trends,
    { thresholds: config.options.thresholds, failThresholdPercent: config.compare.failThresholdPercent },
    options.thresholdPercent,
  )
  return { config, findings, trends, runs: history.runs.length, problems: history.problems }
}
