/**
 * The compact form of a history run on disk (`schemaVersion` 2), and runs read from it. Most measurements of a run
 * are single-sample ones (every test's own duration: n = 1, its sample is its median and its p95), stored as that one
 * number in `singles`; the others keep their full entry. A run read back builds its `measurements` object only when
 * asked for: trends and the noise floor read single points through `pointOf()` without it.
 */
import * as v from 'valibot'
import { EnvironmentFingerprintSchema, GitStampSchema, IsoTimeSchema } from '../baseline/schema.js'
import { formatSchemaIssues } from '../schemaIssues.js'
import type { HistoryMeasurement, HistoryRun } from './historyRun.js'
import { HISTORY_SCHEMA_VERSION, HistoryMeasurementSchema, parseHistoryRun } from './historyRun.js'

/** Version of the history folder's files (runs and segments). Version 1 run files are still read. */
export const HISTORY_FILE_VERSION = 2

/** A run without its measurements: who, when, where. */
export type RunHeader = Pick<HistoryRun, 'runId' | 'time' | 'git' | 'environment'>

/** One point of a trend. */
export interface RunPoint {
  medianMs: number
  p95Ms: number
}

/** The compact run file. */
interface RunFile extends RunHeader {
  schemaVersion: typeof HISTORY_FILE_VERSION
  measurements: Record<string, HistoryMeasurement>
  singles: Record<string, number>
}

export const RunHeaderSchema: v.GenericSchema<unknown, RunHeader> = v.object({
  runId: v.pipe(v.string(), v.minLength(1)),
  time: IsoTimeSchema,
  git: GitStampSchema,
  environment: EnvironmentFingerprintSchema,
})

const runFileSchema = v.object({
  schemaVersion: v.literal(HISTORY_FILE_VERSION),
  runId: v.pipe(v.string(), v.minLength(1)),
  time: IsoTimeSchema,
  git: GitStampSchema,
  environment: EnvironmentFingerprintSchema,
  measurements: v.record(v.string(), HistoryMeasurementSchema),
  // Checked by a plain loop below: thousands of entries, one number each.
  singles: v.record(v.string(), v.unknown()),
})

const _POINT = Symbol('perf-sentinel.history.point')

/**
 * True for a measurement that one number describes completely: one sample, which is its median and its p95. Runs
 * stored before version 2 kept that sample rounded to 6 digits (retainSamples.ts) next to the exact median: within
 * that rounding, they count as one number too.
 */
export function isSingle(m: HistoryMeasurement): boolean {
  if (m.n !== 1 || m.referenceMixMs !== undefined || m.samplesMs.length !== 1 || m.p95Ms !== m.medianMs) return false
  const sample = m.samplesMs[0] as number
  return sample === m.medianMs || Math.abs(sample - m.medianMs) <= 1e-6 * Math.abs(m.medianMs)
}

/** The full entry of a single-sample measurement. */
export function singleMeasurement(ms: number): HistoryMeasurement {
  return { medianMs: ms, p95Ms: ms, n: 1, samplesMs: [ms] }
}

/** A run's measurements as stored: single-sample ones as one number, the others in full. */
export interface StoredMeasurements {
  point(id: string): RunPoint | undefined
  /** Visits every measurement once, as stored. */
  each(visit: (id: string, single: number | undefined, full: HistoryMeasurement | undefined) => void): void
}

const STORED = Symbol('perf-sentinel.history.stored')

/**
 * A run whose `measurements` object is built on first access (then kept; assigning replaces it). Until then,
 * `pointOf()` and `eachStored()` answer from the stored form.
 */
export function lazyRun(header: RunHeader, stored: StoredMeasurements): HistoryRun {
  const run = {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    runId: header.runId,
    time: header.time,
    git: header.git,
    environment: header.environment,
  } as HistoryRun
  let built: Record<string, HistoryMeasurement> | undefined
  const build = (): Record<string, HistoryMeasurement> => {
    const all: Record<string, HistoryMeasurement> = {}
    stored.each((id, single, full) => {
      all[id] = single === undefined ? (full as HistoryMeasurement) : singleMeasurement(single)
    })
    return all
  }
  Object.defineProperty(run, 'measurements', {
    enumerable: true,
    configurable: true,
    get: () => (built ??= build()),
    set: (value: Record<string, HistoryMeasurement>) => {
      built = value
    },
  })
  Object.defineProperty(run, STORED, { value: () => (built === undefined ? stored : undefined) })
  return run
}

function storedOf(run: HistoryRun): StoredMeasurements | undefined {
  return (run as unknown as Record<symbol, (() => StoredMeasurements | undefined) | undefined>)[STORED]?.()
}

function toPoint(m: HistoryMeasurement | undefined): RunPoint | undefined {
  return m === undefined ? undefined : { medianMs: m.medianMs, p95Ms: m.p95Ms }
}

/** Median and p95 of measurement `id` in `run`, without building the run's measurements when it was read from disk. */
export function pointOf(run: HistoryRun, id: string): RunPoint | undefined {
  const stored = storedOf(run)
  return stored ? stored.point(id) : toPoint(run.measurements[id])
}

/**
 * `pointOf(run, ·)` with the run's stored form looked up once: a trend reads the same runs for thousands of ids, and
 * that lookup (a symbol property of an accessor-bearing object) was ~0.7 µs of each point. The stored form never
 * changes once read, so the reader stays right when the run's measurement objects are built later.
 */
export function pointReader(run: HistoryRun): (id: string) => RunPoint | undefined {
  const stored = storedOf(run)
  return stored ? stored.point : (id) => toPoint(run.measurements[id])
}

/** Visits every measurement of `run` as it is stored (single-sample ones as one number), building no objects. */
export function eachStored(
  run: HistoryRun,
  visit: (id: string, single: number | undefined, full: HistoryMeasurement | undefined) => void,
): void {
  const stored = storedOf(run)
  if (stored) {
    stored.each(visit)
    return
  }
  for (const [id, m] of Object.entries(run.measurements)) {
    if (isSingle(m)) visit(id, m.medianMs, undefined)
    else visit(id, undefined, m)
  }
}

/** The run file's text. */
export function encodeRunFile(run: HistoryRun): string {
  const measurements: Record<string, HistoryMeasurement> = {}
  const singles: Record<string, number> = {}
  eachStored(run, (id, single, full) => {
    if (single === undefined) measurements[id] = full as HistoryMeasurement
    else singles[id] = single
  })
  const file: RunFile = {
    schemaVersion: HISTORY_FILE_VERSION,
    runId: run.runId,
    time: run.time,
    git: run.git,
    environment: run.environment,
    measurements,
    singles,
  }
  return `${JSON.stringify(file)}\n`
}

/** A problem with a stored file: what is wrong, and how to fix it. */
export interface FileProblem {
  problem: string
  fix: string
}

const FIX = 'fix or delete it (perf-sentinel never modifies or deletes unreadable history)'

/** Reads a parsed run file of either version; what is wrong with it otherwise. */
export function decodeRunFile(json: unknown): { run: HistoryRun } | FileProblem {
  const version = typeof json === 'object' && json !== null ? (json as { schemaVersion?: unknown }).schemaVersion : undefined
  if (version === HISTORY_SCHEMA_VERSION) return parseHistoryRun(json)
  if (typeof version === 'number' && version > HISTORY_FILE_VERSION) {
    return {
      problem: `has schemaVersion ${version}; this perf-sentinel reads ${HISTORY_FILE_VERSION}`,
      fix: 'upgrade perf-sentinel to read it',
    }
  }
  const parsed = v.safeParse(runFileSchema, json)
  if (!parsed.success) return { problem: `does not match the history schema:\n${formatSchemaIssues(parsed.issues)}`, fix: FIX }
  const { measurements, singles } = parsed.output
  const bad = badNumber(singles)
  if (bad !== undefined)
    return { problem: `does not match the history schema:\n  - singles[${JSON.stringify(bad)}]: not a finite number`, fix: FIX }
  const numbers = singles as Record<string, number>
  return {
    run: lazyRun(parsed.output, {
      point: (id) => {
        const ms = numbers[id]
        return ms !== undefined ? { medianMs: ms, p95Ms: ms } : toPoint(measurements[id])
      },
      each: (visit) => {
        for (const id in measurements) visit(id, undefined, measurements[id])
        for (const id in numbers) visit(id, numbers[id], undefined)
      },
    }),
  }
}

/** The first key whose value is not a finite number (`null` allowed when `allowNull`), if any. */
export function badNumber(values: Record<string, unknown>, allowNull = false): string | undefined {
  for (const key in values) {
    const value = values[key]
    if (allowNull && value === null) continue
    if (typeof value !== 'number' || !Number.isFinite(value)) return key
  }
  return undefined
}
