export { measure } from './measure/measure.js'
export type { MeasureOptions } from './measure/options.js'
export { MEASURE_DEFAULTS } from './measure/options.js'
export type { Subject } from './measure/subject.js'
export { summarize } from './stats/summarize.js'
export { formatMs } from './format.js'
export { perfMatchers } from '../matchers/index.js'
export type { PerfMatchers, TimingMatcherOptions, BudgetStatistic } from '../matchers/types.js'
export type {
  BudgetOutcome,
  Comparison,
  EnvironmentFingerprint,
  GitInfo,
  MeasureResult,
  MeasurementKind,
  MeasurementRecord,
  Statistics,
  SubjectKind,
  Verdict,
} from './model/types.js'
export type { PerfReport, ReportMeasurement, TrendPoint } from './model/report.js'
export { REPORT_SCHEMA_VERSION } from './model/report.js'
