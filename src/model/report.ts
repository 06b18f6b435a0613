import type {
  BudgetOutcome,
  Comparison,
  EnvironmentFingerprint,
  GitInfo,
  MeasurementKind,
  Statistics,
  SubjectKind,
  Verdict,
} from './types.js'
import type { LoadFigures } from './loadFigures.js'
import type { MemoryFigures } from './memoryFigures.js'
import type { ResourceTimeline } from './resourceTimeline.js'
import type { BlockingSummary, InstrumentedFunction, ProfileSummary } from './diagnostics.js'

/**
 * Version of the JSON report's shape. Bump on any breaking change. 2: trends as parallel arrays indexing a run table
 * (`trendRuns`) instead of one object per point naming its commit, branch and time — at 2,000 test durations that
 * repetition was 1 KB of each test's 1.2 KB. `perf-sentinel report` and `merge` read version 1 too.
 */
export const REPORT_SCHEMA_VERSION = 2

/** A run that trends refer to (`PerfReport.trendRuns`): one recorded run at one commit. */
export interface TrendRun {
  commit: string
  branch?: string
  /** ISO time of the run. */
  time: string
}

/**
 * A measurement's history, oldest first, as parallel arrays with one entry per run that has the measurement; the
 * last entry is the reported run. `trendPoints` (model/trend.ts) expands it into `TrendPoint`s.
 */
export interface Trend {
  /** Each point's run: an index into `PerfReport.trendRuns`. */
  runs: number[]
  medianMs: number[]
  p95Ms: number[]
  /** Position of the point at the commit the comparison used as its baseline, when it is among them. */
  baseline?: number
  /** Positions where a change point was detected (a lasting level shift starts there). */
  changePoints?: number[]
}

/** One point of a measurement's history, as `trendPoints` expands a `Trend`: one recorded run at one commit. */
export interface TrendPoint {
  commit: string
  branch?: string
  /** ISO time of the run. */
  time: string
  medianMs: number
  p95Ms: number
  /** The commit the current comparison used as its baseline. */
  isBaseline?: boolean
  /** A change point was detected at this point (a lasting level shift starts here). */
  isChangePoint?: boolean
}

/** One measurement in a report, with its comparison when a baseline exists. */
export interface ReportMeasurement {
  /** Stable id: file + full test name + measurement name (see `measurementId`). */
  id: string
  file: string
  testName: string
  /** The Vitest project or Jest project (displayName) that ran the test, when the run has several. */
  project?: string
  name: string
  kind: MeasurementKind
  concurrent: boolean
  subject: SubjectKind
  stats: Statistics
  batchSize: number
  /** Retained per-operation samples (capped). */
  samplesMs: number[]
  perYield?: Statistics
  /** The machine reference timed around this measurement, in ms (see `MeasureResult.referenceMixMs`). */
  referenceMixMs?: number
  budget?: BudgetOutcome
  comparison?: Comparison
  /** The baseline's retained samples, for distribution overlays. */
  baselineSamplesMs?: number[]
  /** Oldest first; its runs are in `PerfReport.trendRuns`. */
  trend?: Trend
  /** Path (relative to the report) of a CPU profile of this measurement, when one was taken. */
  profilePath?: string
  /** Load runs: throughput, corrected and uncorrected percentiles, errors, the generator's self-check. */
  load?: LoadFigures
  /** Memory matchers: bytes allocated per operation, GC, leak check. */
  memory?: MemoryFigures
  /** `toBlockEventLoop`: longest synchronous slice, total blocked, count over the threshold, where. */
  blocking?: BlockingSummary
  /** CPU profile of a replay of the measurement: file (relative to the project root) and top self-time functions. */
  profile?: ProfileSummary
}

export interface ReportSummary {
  total: number
  byVerdict: Record<Verdict, number>
  /** Matcher budgets that were not met (these fail their tests on their own). */
  budgetsFailed: number
  /** True when the comparison makes the run fail (at least one `regressed`). */
  failed: boolean
  /** Regressions an update run (`-u`) accepted as the new baseline: they do not fail it (absent when none). */
  accepted?: number
}

export interface PerfReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  tool: { name: 'perf-sentinel'; version: string }
  run: {
    startedAt: string
    durationMs: number
    runner: { name: 'vitest' | 'jest'; version: string }
    ci: boolean
    git: GitInfo
    environment: EnvironmentFingerprint
    /** Where the comparison's baseline came from, when there was one. */
    baseline?: { source: 'file' | 'history'; path?: string; ref?: string; commit?: string }
    /** The factor `PERF_SENTINEL_TIME_SCALE` put on every measurement's time, when it was set (compare's rounds). */
    timeScale?: number
    /** Remarks for the reader: git notes, skipped comparisons, files not written… */
    notes: string[]
  }
  summary: ReportSummary
  /** Ordered for reading: regressed, inconclusive, improved, unchanged, new; then by id. */
  measurements: ReportMeasurement[]
  /** Process resources sampled in each worker during the run, when sampling was on. */
  resources?: ResourceTimeline[]
  /** Measurements in the baseline that this run did not produce. */
  removed: Array<Pick<ReportMeasurement, 'id' | 'file' | 'testName' | 'name' | 'kind'> & { baselineMedianMs: number }>
  /** The runs measurements' trends refer to, each once (`Trend.runs` indexes it). */
  trendRuns: TrendRun[]
  /** `perfTiming` functions called while the tests ran: whole-run statistics and the tests that called each. */
  instrumented?: InstrumentedFunction[]
}
