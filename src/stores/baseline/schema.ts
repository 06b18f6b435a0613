import * as v from 'valibot'
import { capSamples } from '../../stats/summarize.js'
import type { EnvironmentFingerprint, GitInfo, MeasurementKind, Statistics, SubjectKind } from '../../model/types.js'

/** Version of the baseline file's shape. Bump on any breaking change; readers refuse versions they do not know. */
export const BASELINE_SCHEMA_VERSION = 1

/** The git state a stored result was measured at. */
export type GitStamp = Pick<GitInfo, 'commit' | 'branch' | 'dirty'>

/** One measurement's stored result: enough to compare a new run against it (statistics and retained samples). */
export interface BaselineEntry {
  file: string
  testName: string
  name: string
  kind: MeasurementKind
  subject: SubjectKind
  stats: Statistics
  /** Retained per-operation samples in ms, in the order taken, capped (see `BASELINE_MAX_SAMPLES`). */
  samplesMs: number[]
  batchSize: number
  /** The machine reference timed around the measurement (absent in entries of older versions). */
  referenceMixMs?: number
  /**
   * Median of each independent runner process that recorded this entry (`baseline update --runs N`): their spread
   * is the between-process noise a later comparison must allow for. Absent or one value: a single-process baseline.
   */
  processMediansMs?: number[]
  /** ISO time the entry was measured. */
  recordedAt: string
  git: GitStamp
  environment: EnvironmentFingerprint
  /** Fields this version does not know (a newer perf-sentinel's, or added by hand): kept, and written back as they were. */
  unknownFields?: Record<string, unknown>
}

/** The baseline file: entries keyed by `measurementId()`. */
export interface BaselineFile {
  schemaVersion: typeof BASELINE_SCHEMA_VERSION
  /** ISO time of the last update. */
  updatedAt: string
  entries: Record<string, BaselineEntry>
  /** Top-level fields this version does not know: kept, and written back as they were. */
  unknownFields?: Record<string, unknown>
}

// JSON turns NaN and ±Infinity into null (e.g. sdMs of a single sample): read null back as NaN, not as corruption.
const statNumber = v.pipe(
  v.nullable(v.number()),
  v.transform((value) => value ?? Number.NaN),
)
const count = v.pipe(v.number(), v.integer(), v.minValue(0))
// Times are never negative; NaN (stored as null) stands for "not computable" as above.
const timeStat = v.pipe(
  v.nullable(v.pipe(v.number(), v.minValue(0))),
  v.transform((value) => value ?? Number.NaN),
)
/** Samples read per entry at most: a hand-edited file with millions stays cheap to compare and to report. */
export const READ_MAX_SAMPLES = 2000
/** Entries a baseline file may hold: far beyond real suites, and it bounds the memory a corrupt file can take. */
export const MAX_BASELINE_ENTRIES = 50_000
/** Processes one baseline entry remembers: more adds nothing to a spread estimate and only grows the file. */
export const MAX_PROCESS_MEDIANS = 20
const isoTime = v.pipe(v.string(), v.isoTimestamp())

const statisticsSchema = v.object({
  n: count,
  minMs: timeStat,
  maxMs: timeStat,
  meanMs: timeStat,
  medianMs: timeStat,
  p75Ms: timeStat,
  p90Ms: timeStat,
  p95Ms: timeStat,
  p99Ms: timeStat,
  sdMs: timeStat,
  madMs: timeStat,
  rmePercent: statNumber,
  opsPerSecond: statNumber,
  outliers: count,
})

const gitStampSchema = v.object({
  commit: v.optional(v.string()),
  branch: v.optional(v.string()),
  dirty: v.optional(v.boolean()),
})

const environmentSchema = v.object({
  hard: v.object({
    os: v.string(),
    arch: v.string(),
    cpuModel: v.string(),
    cores: count,
    totalMemoryGiB: v.number(),
    node: v.string(),
    v8: v.string(),
    runner: v.string(),
    runnerVersion: v.string(),
    pluginVersion: v.string(),
    flags: v.array(v.string()),
  }),
  soft: v.object({
    loadAverage1m: statNumber,
    cpuSpeedMHz: statNumber,
  }),
})

/**
 * An object schema that keeps the fields it does not know in `unknownFields` instead of dropping them: a baseline
 * rewritten by this version (an update, a new entry) must not lose what a newer version or a person added.
 */
function keepingUnknown<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const known = new Set(Object.keys(entries))
  return v.pipe(
    v.looseObject(entries),
    v.transform((value) => {
      const all = Object.entries(value as Record<string, unknown>)
      const unknown = all.filter(([key]) => !known.has(key))
      // fromEntries defines own properties: a stored "__proto__" key stays data, never a prototype.
      const knownPart = Object.fromEntries(all.filter(([key]) => known.has(key))) as v.InferOutput<v.ObjectSchema<TEntries, undefined>>
      return unknown.length === 0 ? knownPart : { ...knownPart, unknownFields: Object.fromEntries(unknown) as Record<string, unknown> }
    }),
  )
}

const entrySchema = keepingUnknown({
  file: v.string(),
  testName: v.string(),
  name: v.string(),
  kind: v.picklist(['matcher', 'measure', 'test-duration']),
  subject: v.picklist(['sync', 'async', 'generator', 'async-generator']),
  stats: statisticsSchema,
  // Evenly strided down to READ_MAX_SAMPLES on read (the writer keeps fewer still).
  samplesMs: v.pipe(
    v.array(v.pipe(v.number(), v.minValue(0))),
    v.transform((samples) => (samples.length > READ_MAX_SAMPLES ? capSamples(samples, READ_MAX_SAMPLES) : samples)),
  ),
  batchSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
  referenceMixMs: v.optional(v.pipe(v.number(), v.gtValue(0))),
  processMediansMs: v.optional(v.pipe(v.array(v.pipe(v.number(), v.gtValue(0))), v.maxLength(MAX_PROCESS_MEDIANS))),
  recordedAt: isoTime,
  git: gitStampSchema,
  environment: environmentSchema,
})

const fileSchema = keepingUnknown({
  schemaVersion: v.literal(BASELINE_SCHEMA_VERSION),
  updatedAt: isoTime,
  entries: v.pipe(
    v.record(v.string(), entrySchema),
    v.check((entries) => Object.keys(entries).length <= MAX_BASELINE_ENTRIES, `at most ${MAX_BASELINE_ENTRIES} entries`),
  ),
})

// isolatedDeclarations forbids exporting types inferred from these schemas, so the exported types are composed
// from types.ts and these compile-time checks keep schema and types identical in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const statisticsMatch: Same<v.InferOutput<typeof statisticsSchema>, Statistics> = true
const environmentMatches: Same<v.InferOutput<typeof environmentSchema>, EnvironmentFingerprint> = true
const entryMatches: Same<v.InferOutput<typeof entrySchema>, BaselineEntry> = true
const fileMatches: Same<v.InferOutput<typeof fileSchema>, BaselineFile> = true
void [statisticsMatch, environmentMatches, entryMatches, fileMatches]

/** Validates a parsed baseline file (`schemaVersion` 1). */
export const BaselineFileSchema: v.GenericSchema<unknown, BaselineFile> = fileSchema
/** Validates an `EnvironmentFingerprint` read from a stored file. */
export const EnvironmentFingerprintSchema: v.GenericSchema<unknown, EnvironmentFingerprint> = environmentSchema
/** Validates the `{ commit?, branch?, dirty? }` stamp of a stored result. */
export const GitStampSchema: v.GenericSchema<unknown, GitStamp> = gitStampSchema
/** Validates an ISO 8601 timestamp string such as `new Date().toISOString()`. */
export const IsoTimeSchema: v.GenericSchema<unknown, string> = isoTime
