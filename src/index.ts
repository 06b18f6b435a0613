export { measure } from './measure/measure.js'
export { isPerfSentinelError, PerfSentinelError } from './errors.js'
export type { PerfSentinelErrorCode } from './errors.js'
export type { MeasureOptions } from './measure/options.js'
export { MEASURE_DEFAULTS } from './measure/options.js'
export type { Subject } from './measure/subject.js'
export { summarize } from './stats/summarize.js'
export { formatMs } from './format.js'
export { perfMatchers } from '../matchers/index.js'
export type { PerfMatchers, TimingMatcherOptions, BudgetStatistic } from '../matchers/types.js'
export { perfTiming } from './diagnostics/perfTiming.js'
export type { PerfTimingOptions } from './diagnostics/perfTiming.js'
export type { PerfTimingDecorator } from './diagnostics/perfTimingDecorator.js'
export { getStats, resetStats } from './diagnostics/callStats.js'
export type { CallStats } from './diagnostics/callStats.js'
export type { PerfCall } from './diagnostics/perfLog.js'
export { configureDiagnostics } from './diagnostics/diagnosticsConfig.js'
export type { DiagnosticsConfig } from './diagnostics/diagnosticsConfig.js'
export type { BlockEventLoopOptions, CallsWithinOptions } from '../matchers/types.js'
export type {
  BlockingSummary,
  CallSummary,
  CallType,
  CodeLocation,
  InstrumentedFunction,
  ProfileHotFunction,
  ProfileMode,
  ProfileSummary,
  TestCallStats,
} from './model/diagnostics.js'
export { load } from './diagnostics/load/load.js'
export type { HttpLoadTarget, LoadOptions, LoadResult, LoadTarget } from './diagnostics/load/loadTypes.js'
export type { GeneratorCheck, LatencySummary, LoadErrorClass, LoadFigures, LoadTimelineBucket } from './model/loadFigures.js'
export type { AllocationMatcherOptions, LeakMatcherOptions, SustainLoadOptions } from '../matchers/types.js'
export type { AllocationFigures, AllocationSource, LeakFigures, MemoryFigures } from './model/memoryFigures.js'
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
export type { PerfReport, ReportMeasurement, Trend, TrendPoint, TrendRun } from './model/report.js'
export { trendPoints } from './model/trend.js'
export { REPORT_SCHEMA_VERSION } from './model/report.js'
export { defineConfig } from './config/configSchema.js'
export type { PerfSentinelConfig, ThresholdOverride } from './config/configSchema.js'
