import { randomUUID } from 'node:crypto'
import * as v from 'valibot'
import { EnvironmentFingerprintSchema, GitStampSchema, IsoTimeSchema } from '../baseline/schema.js'
import type { GitStamp } from '../baseline/schema.js'
import { retainSamples } from '../retainSamples.js'
import { formatSchemaIssues } from '../schemaIssues.js'
import { measurementId } from '../../model/types.js'
import type { EnvironmentFingerprint, MeasurementRecord } from '../../model/types.js'

/** Version of a stored history run's shape. Readers skip (and report) runs of versions they do not know. */
export const HISTORY_SCHEMA_VERSION = 1

/** Samples kept per measurement and run: history holds hundreds of runs, and trends need medians more than samples. */
export const HISTORY_MAX_SAMPLES = 64

/** One measurement in one run. */
export interface HistoryMeasurement {
  medianMs: number
  p95Ms: number
  /** Number of samples the statistics came from (not only the retained ones). */
  n: number
  samplesMs: number[]
  /** The machine reference timed around the measurement, in ms. */
  referenceMixMs?: number
}

/** One test run, as stored in the history directory or in git notes. */
export interface HistoryRun {
  schemaVersion: typeof HISTORY_SCHEMA_VERSION
  runId: string
  /** ISO time the run started. */
  time: string
  git: GitStamp
  environment: EnvironmentFingerprint
  /** Keyed by `measurementId()`. */
  measurements: Record<string, HistoryMeasurement>
}

const measurementSchema: v.GenericSchema<unknown, HistoryMeasurement> = v.object({
  medianMs: v.number(),
  p95Ms: v.number(),
  n: v.pipe(v.number(), v.integer(), v.minValue(0)),
  samplesMs: v.array(v.number()),
  referenceMixMs: v.optional(v.pipe(v.number(), v.gtValue(0))),
})

const runSchema = v.object({
  schemaVersion: v.literal(HISTORY_SCHEMA_VERSION),
  runId: v.pipe(v.string(), v.minLength(1)),
  time: IsoTimeSchema,
  git: GitStampSchema,
  environment: EnvironmentFingerprintSchema,
  measurements: v.record(v.string(), measurementSchema),
})

// Exported types are written out (isolatedDeclarations); this check keeps them identical to the schema.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const runMatches: Same<v.InferOutput<typeof runSchema>, HistoryRun> = true
void runMatches

/** Validates one measurement of a stored run (the stores' compact files check each full entry with it). */
export const HistoryMeasurementSchema: v.GenericSchema<unknown, HistoryMeasurement> = measurementSchema

/** Validates one stored history run (`schemaVersion` 1). */
export const HistoryRunSchema: v.GenericSchema<unknown, HistoryRun> = runSchema

/**
 * Validates parsed JSON as a history run. Returns the run, or what is wrong ("has schemaVersion 2 …", "does not
 * match …" with the first issues' key paths) and how to fix it, for the caller to report with the location.
 */
export function parseHistoryRun(json: unknown): { run: HistoryRun } | { problem: string; fix: string } {
  const version = typeof json === 'object' && json !== null ? (json as { schemaVersion?: unknown }).schemaVersion : undefined
  if (typeof version === 'number' && version !== HISTORY_SCHEMA_VERSION) {
    const newer = version > HISTORY_SCHEMA_VERSION
    return {
      problem: `has schemaVersion ${version}; this perf-sentinel reads ${HISTORY_SCHEMA_VERSION}`,
      fix: newer ? 'upgrade perf-sentinel to read it' : 'delete it',
    }
  }
  const parsed = v.safeParse(runSchema, json)
  return parsed.success
    ? { run: parsed.output }
    : {
        problem: `does not match the history schema:\n${formatSchemaIssues(parsed.issues)}`,
        fix: 'fix or delete it (perf-sentinel never modifies or deletes unreadable history)',
      }
}

/** A finished run's measurements and where and when they were taken. */
export interface BuildHistoryRunInput {
  records: readonly MeasurementRecord[]
  git: GitStamp
  environment: EnvironmentFingerprint
  /** When the run started. */
  time: Date
  /** @default crypto.randomUUID() */
  runId?: string
  /** @default HISTORY_MAX_SAMPLES */
  maxSamples?: number
}

/**
 * Builds the history record of one run from its measurements (pure apart from the default random `runId`).
 * Measurements without a finite median (no samples) have no trend point to give and are left out.
 */
export function buildHistoryRun(input: BuildHistoryRunInput): HistoryRun {
  const measurements: Record<string, HistoryMeasurement> = {}
  for (const record of input.records) {
    const { result } = record
    if (!Number.isFinite(result.medianMs) || !Number.isFinite(result.p95Ms)) {
      continue
    }
    const samplesMs = retainSamples(result.samplesMs, input.maxSamples ?? HISTORY_MAX_SAMPLES)
    // One sample (a test's own duration, a single-shot matcher): its median and p95 are that sample, stored as one.
    const single = result.n === 1 && samplesMs.length === 1 && result.medianMs === result.samplesMs[0] && result.p95Ms === result.medianMs
    const stored: HistoryMeasurement = {
      medianMs: single ? (samplesMs[0] as number) : result.medianMs,
      p95Ms: single ? (samplesMs[0] as number) : result.p95Ms,
      n: result.n,
      samplesMs,
    }
    if (result.referenceMixMs !== undefined) stored.referenceMixMs = result.referenceMixMs
    measurements[measurementId(record)] = stored
  }
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    runId: input.runId ?? randomUUID(),
    time: input.time.toISOString(),
    // Picked field by field: a full GitInfo also carries notes that do not belong in the store.
    git: { commit: input.git.commit, branch: input.git.branch, dirty: input.git.dirty },
    environment: structuredClone(input.environment),
    measurements,
  }
}
