/**
 * Shared data shapes. Everything here is plain, serializable data: it crosses the worker → reporter boundary
 * (Vitest `task.meta`, Jest sidecar files) and is written to JSON reports and baseline files.
 */
import type { LoadFigures } from './loadFigures.js'
import type { MemoryFigures } from './memoryFigures.js'
import type { BlockingSummary, ProfileSummary } from './diagnostics.js'

/** Summary statistics of per-operation times. Every time is in milliseconds per operation. */
export interface Statistics {
  /** Number of samples the statistics were computed from (all of them, not only the retained ones). */
  n: number
  minMs: number
  maxMs: number
  meanMs: number
  medianMs: number
  p75Ms: number
  p90Ms: number
  p95Ms: number
  p99Ms: number
  /** Sample standard deviation (n − 1). */
  sdMs: number
  /** Median absolute deviation, unscaled. */
  madMs: number
  /** Relative margin of error of the mean at 95% confidence, in percent. */
  rmePercent: number
  /** Operations per second derived from the mean. */
  opsPerSecond: number
  /** How many samples the modified z-score (|0.6745·(x − median)/MAD| > 3.5) flags as outliers. Never dropped. */
  outliers: number
}

/** Names of the statistics a budget can be judged on. */
export type StatisticName = 'minMs' | 'maxMs' | 'meanMs' | 'medianMs' | 'p75Ms' | 'p90Ms' | 'p95Ms' | 'p99Ms'

/** What was measured: a function, an async function, or a (async) generator consumed to the end. */
export type SubjectKind = 'sync' | 'async' | 'generator' | 'async-generator'

/** The result of one `measure()` call or one matcher measurement. */
export interface MeasureResult extends Statistics {
  name: string
  subject: SubjectKind
  /** Per-operation samples in ms, in the order they were taken, capped at `maxRetainedSamples` (evenly strided). */
  samplesMs: number[]
  /** Operations timed together in one sample (batching hides the clock's own cost for sub-µs functions). */
  batchSize: number
  /** Total operations executed while sampling (n × batchSize). */
  operations: number
  /** Warm-up operations executed before sampling. */
  warmupOperations: number
  /** Wall time spent sampling, in ms (warm-up excluded). */
  sampledForMs: number
  /**
   * Set when sampling stopped at the measurement cap (ms): the subject is too slow to sample as asked, and the
   * statistics come from the calls made before the cap (at least one).
   */
  stoppedAtCapMs?: number
  /** Generators only: statistics of the time between consecutive yields. */
  perYield?: Statistics
  /** Generators only: yields per operation (the last observed). */
  yieldsPerOperation?: number
  /**
   * Fastest call of a fixed reference workload timed right before and after this measurement, in ms: how fast the
   * machine was at that moment. A comparison whose reference moved refuses to blame the code (src/measure/reference.ts).
   */
  referenceMixMs?: number
}

export type MeasurementKind = 'matcher' | 'measure' | 'test-duration'

/** A matcher's budget and its outcome. */
export interface BudgetOutcome {
  matcher: string
  /** The statistic that was judged. */
  statistic: StatisticName | 'opsPerSecond'
  /** The limit: ms for time statistics, operations per second for `opsPerSecond`. */
  limit: number
  actual: number
  /** True when the statistic met the budget (independent of `.not`). */
  withinBudget: boolean
  negated: boolean
}

/** True when a matcher's budget failed its test: not met, or met under `.not`. */
export function budgetMissed(budget: BudgetOutcome | undefined): boolean {
  return budget !== undefined && budget.withinBudget === budget.negated
}

/** One measurement as it travels from a test worker to the reporter. */
export interface MeasurementRecord {
  /** Test file, relative to the project root, with forward slashes. */
  file: string
  /** Full test name, suite names joined with " > ". */
  testName: string
  /** The describe blocks and the test's own title, as the runner lists them (makes ids unambiguous). */
  testPath?: string[]
  /** The Vitest project or Jest project (displayName) that ran the test, when the run has several. */
  project?: string
  /** Measurement name: the `measure()` name, the matcher's `name` option, or `toCompleteWithin #1`. */
  name: string
  kind: MeasurementKind
  /** Taken inside `test.concurrent` / `describe.concurrent`: other tests shared the CPU, so less reliable. */
  concurrent: boolean
  result: MeasureResult
  budget?: BudgetOutcome
  /** Load runs (`load()`, `toSustainLoad`): throughput, corrected and uncorrected percentiles, errors, self-check. */
  load?: LoadFigures
  /** Memory matchers: bytes allocated per operation, GC, leak check. */
  memory?: MemoryFigures
  /** `toBlockEventLoop`: synchronous slices while the function ran, and where the longest was spent. */
  blocking?: BlockingSummary
  /** A CPU profile of a replay of the measured function (`profile` option): file and top self-time functions. */
  profile?: ProfileSummary
}

/**
 * Stable id of a measurement: [project,] file, each describe block and the test, and the measurement name, joined
 * with " > ". With `testPath` (the runner's own list of titles) a " > " or "\\" inside a title is escaped, so
 * `describe('a > b')` and `describe('a') > describe('b')` get different ids; a project name (Vitest projects, Jest
 * `projects` with a displayName) comes first as `[name]`. Without either, the id is the one earlier versions wrote.
 */
export function measurementId(record: Pick<MeasurementRecord, 'file' | 'testName' | 'name' | 'project' | 'testPath'>): string {
  let id = idOf.get(record)
  if (id === undefined) {
    id = buildMeasurementId(record)
    idOf.set(record, id)
  }
  return id
}

// Every stage of the run end asks for the ids of the same record objects (compare, history, trends, report): built
// once each. Records are never changed after they are made, so an id cannot go stale.
const idOf = new WeakMap<object, string>()

function buildMeasurementId(record: Pick<MeasurementRecord, 'file' | 'testName' | 'name' | 'project' | 'testPath'>): string {
  if (record.testPath === undefined && record.project === undefined) return legacyMeasurementId(record)
  const test = record.testPath ? record.testPath.map(escapeIdSegment).join(ID_SEPARATOR) : record.testName
  const head = record.project ? projectFileKey(record.project, record.file) : escapeIdSegment(record.file)
  return `${head}${ID_SEPARATOR}${test}${ID_SEPARATOR}${escapeIdSegment(record.name)}`
}

/** `[project] > file`, as ids of that project's measurements in that file start (a run's scope lists them). */
export function projectFileKey(project: string, file: string): string {
  return `[${escapeIdSegment(project)}]${ID_SEPARATOR}${escapeIdSegment(file)}`
}

/** The `[project] > file` an id starts with; undefined for an id without a project. */
export function projectFileOfId(id: string): string | undefined {
  if (!id.startsWith('[')) return undefined
  const projectEnd = id.indexOf(`]${ID_SEPARATOR}`)
  if (projectEnd < 0) return undefined
  const fileEnd = id.indexOf(ID_SEPARATOR, projectEnd + 1 + ID_SEPARATOR.length)
  return fileEnd < 0 ? undefined : id.slice(0, fileEnd)
}

/**
 * Whether the measurement `id` belongs to a project-and-file pair that ran (`ranProjectFiles`, `projectFileKey`s);
 * true for an id without a project, and when the run did not list its pairs.
 */
export function ranInItsProject(id: string, ranProjectFiles: ReadonlySet<string> | undefined): boolean {
  if (ranProjectFiles === undefined) return true
  const projectFile = projectFileOfId(id)
  return projectFile === undefined || ranProjectFiles.has(projectFile)
}

/**
 * Gives a record rebuilt from a stored report the id it was stored under: a report keeps neither the titles list nor
 * (before `project` was stored) the project, and rebuilding the id from what is left would rename the measurement
 * (`[project] > …` or an escaped title becoming the legacy form) and lose its comparison.
 */
export function keepMeasurementId<R extends object>(record: R, id: string): R {
  idOf.set(record, id)
  return record
}

/** The id earlier versions gave the same measurement (no project, titles joined unescaped), for migration. */
export function legacyMeasurementId(record: Pick<MeasurementRecord, 'file' | 'testName' | 'name'>): string {
  return `${record.file}${ID_SEPARATOR}${record.testName}${ID_SEPARATOR}${record.name}`
}

const ID_SEPARATOR = ' > '

// A '>' that could read as part of a separator is escaped: one with a space on both sides (the lookahead also
// catches "a > > b"), a leading "> " or ">" and a trailing " >" (['x >', 'y'] and ['x', '> y'] would both join to
// "x > > y"). So every unescaped " > " is a separator and no two title lists share an id.
function escapeIdSegment(segment: string): string {
  // Most titles hold neither character: ids are built for every record at several stages of a run (2,100 records
  // spent ~45 ms in the four replacements below).
  if (!segment.includes('>') && !segment.includes('\\')) return segment
  return segment
    .replace(/\\/g, '\\\\')
    .replace(/ >(?= )/g, ' \\>')
    .replace(/^>(?= |$)/, '\\>')
    .replace(/ >$/, ' \\>')
}

/** Git state of the working tree. Every field is optional because each lookup may fail on its own. */
export interface GitInfo {
  commit?: string
  shortCommit?: string
  branch?: string
  dirty?: boolean
  detached?: boolean
  shallow?: boolean
  /** Human-readable remarks: "not a git repository", "no commits yet", "shallow clone", … */
  notes: string[]
}

/** Hard fields must match for a comparison to gate; soft fields are context only. */
export interface EnvironmentFingerprint {
  hard: {
    os: string
    arch: string
    cpuModel: string
    cores: number
    totalMemoryGiB: number
    node: string
    v8: string
    runner: string
    runnerVersion: string
    pluginVersion: string
    /** Execution flags that change timings (`--expose-gc`, `--jitless`, …), sorted. */
    flags: string[]
  }
  soft: {
    loadAverage1m: number
    cpuSpeedMHz: number
  }
}

export type { Comparison, ComparisonFields, DecidedFields, Verdict } from './comparison.js'
