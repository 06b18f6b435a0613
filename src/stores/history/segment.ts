/**
 * A segment: up to `SEGMENT_RUNS` older runs merged into one gzipped file, stored by measurement instead of by run
 * (each id once, with one value per run). Reading the 200 runs a trend needs is then a few segment files instead of
 * 200 run files that repeat every measurement id — read cost bounded by the runs wanted, not the runs stored.
 */
import { gunzipSync, gzipSync } from 'node:zlib'
import * as v from 'valibot'
import { formatSchemaIssues } from '../schemaIssues.js'
import type { HistoryMeasurement, HistoryRun } from './historyRun.js'
import { HistoryMeasurementSchema } from './historyRun.js'
import type { FileProblem, RunHeader } from './runEncoding.js'
import { badNumber, eachStored, HISTORY_FILE_VERSION, lazyRun, RunHeaderSchema } from './runEncoding.js'

/** Runs merged into one segment. */
export const SEGMENT_RUNS = 100

const segmentSchema = v.object({
  schemaVersion: v.literal(HISTORY_FILE_VERSION),
  kind: v.literal('segment'),
  runs: v.array(RunHeaderSchema),
  measurements: v.record(v.string(), v.array(v.nullable(HistoryMeasurementSchema))),
  // Checked by a plain loop below: thousands of arrays of numbers, too many for a schema walk.
  singles: v.record(v.string(), v.unknown()),
})

/** The gzipped segment of `runs` (given oldest first). */
export function encodeSegment(runs: readonly HistoryRun[]): Buffer {
  const measurements: Record<string, Array<HistoryMeasurement | null>> = {}
  const singles: Record<string, Array<number | null>> = {}
  runs.forEach((run, index) => {
    eachStored(run, (id, single, full) => {
      if (single !== undefined) (singles[id] ??= new Array<number | null>(runs.length).fill(null))[index] = single
      else (measurements[id] ??= new Array<HistoryMeasurement | null>(runs.length).fill(null))[index] = full as HistoryMeasurement
    })
  })
  const headers: RunHeader[] = runs.map((run) => ({ runId: run.runId, time: run.time, git: run.git, environment: run.environment }))
  const segment = { schemaVersion: HISTORY_FILE_VERSION, kind: 'segment', runs: headers, measurements, singles }
  return gzipSync(JSON.stringify(segment), { level: 6 })
}

/** The runs of a gzipped segment, oldest first; what is wrong with it otherwise. */
export function decodeSegment(data: Buffer): { runs: HistoryRun[] } | FileProblem {
  const fix = 'delete it (perf-sentinel never modifies or deletes unreadable history)'
  let json: unknown
  try {
    json = JSON.parse(gunzipSync(data).toString('utf8'))
  } catch (error) {
    return { problem: `is not a readable gzipped JSON segment (${String(error)})`, fix }
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion
  if (typeof version === 'number' && version > HISTORY_FILE_VERSION) {
    return {
      problem: `has schemaVersion ${version}; this perf-sentinel reads ${HISTORY_FILE_VERSION}`,
      fix: 'upgrade perf-sentinel to read it',
    }
  }
  const parsed = v.safeParse(segmentSchema, json)
  if (!parsed.success) return { problem: `does not match the history segment schema:\n${formatSchemaIssues(parsed.issues)}`, fix }
  const { runs, measurements, singles } = parsed.output
  for (const id in singles) {
    const values = singles[id]
    if (
      !Array.isArray(values) ||
      values.length !== runs.length ||
      badNumber(values as unknown as Record<string, unknown>, true) !== undefined
    ) {
      return { problem: `has a bad value list for singles[${JSON.stringify(id)}]`, fix }
    }
  }
  for (const [id, values] of Object.entries(measurements)) {
    if (values.length !== runs.length) return { problem: `has a bad value list for measurements[${JSON.stringify(id)}]`, fix }
  }
  const numbers = singles as Record<string, Array<number | null>>
  return {
    runs: runs.map((header, index) =>
      lazyRun(header, {
        point: (id) => {
          const ms = numbers[id]?.[index]
          if (ms !== null && ms !== undefined) return { medianMs: ms, p95Ms: ms }
          const m = measurements[id]?.[index]
          return m ? { medianMs: m.medianMs, p95Ms: m.p95Ms } : undefined
        },
        each: (visit) => {
          for (const id in measurements) {
            const m = measurements[id]?.[index]
            if (m) visit(id, undefined, m)
          }
          for (const id in numbers) {
            const ms = numbers[id]?.[index]
            if (ms !== null && ms !== undefined) visit(id, ms, undefined)
          }
        },
      }),
    ),
  }
}
