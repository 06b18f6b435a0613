import { readFile } from 'node:fs/promises'
import * as v from 'valibot'
import { writeFileAtomic } from '../atomicWrite.js'
import { PerfSentinelError } from '../../errors.js'
import { withFileLock } from '../fileLock.js'
import type { FileLockOptions } from '../fileLock.js'
import { retainSamples } from '../retainSamples.js'
import { formatSchemaIssues } from '../schemaIssues.js'
import { measurementId, ranInItsProject } from '../../model/types.js'
import type { EnvironmentFingerprint, MeasurementRecord, Statistics } from '../../model/types.js'
import { BASELINE_SCHEMA_VERSION, MAX_PROCESS_MEDIANS, BaselineFileSchema } from './schema.js'
import type { BaselineEntry, BaselineFile, GitStamp } from './schema.js'

/** Samples kept per baseline entry: plenty for a rank-based interval, small enough for readable diffs. */
export const BASELINE_MAX_SAMPLES = 500

/**
 * How to get out of a broken baseline. perf-sentinel never overwrites it (not even on update), so recording a new
 * one starts with removing it.
 */
const RECREATE_FIX =
  'restore it from git (`git checkout -- <file>`), fix it by hand, or delete it and run the tests again outside CI ' +
  '(or with PERF_SENTINEL_UPDATE=1) to record a new one. perf-sentinel never overwrites a file it cannot read'

/** Reads and validates a baseline file; `undefined` when it does not exist. Never modifies the file. */
export async function readBaseline(path: string): Promise<BaselineFile | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (hasCode(error, 'ENOENT')) {
      return undefined
    }
    throw new PerfSentinelError('E_READ', `Could not read the baseline ${path}: ${String(error)}`, {
      fix: 'check the path and its permissions',
      cause: error,
    })
  }
  if (text.length > MAX_BASELINE_CHARS) {
    throw new PerfSentinelError(
      'E_BASELINE_CORRUPT',
      `The baseline ${path} is ${Math.round(text.length / 2 ** 20)} MiB, over the ${MAX_BASELINE_CHARS / 2 ** 20} MiB perf-sentinel reads.`,
      {
        fix: RECREATE_FIX,
      },
    )
  }
  return parseBaseline(text, path)
}

/** Largest baseline file read: a real one is a few MiB at most (500 samples × thousands of entries). */
const MAX_BASELINE_CHARS = 256 * 2 ** 20

/** Parses baseline JSON text; `source` (a path, or e.g. `origin/main:perf-baseline.json`) names it in errors. */
export function parseBaseline(text: string, source: string): BaselineFile {
  const body = text.replace(/^\uFEFF/, '')
  if (body.trim() === '') {
    throw new PerfSentinelError('E_BASELINE_CORRUPT', `The baseline ${source} is empty.`, { fix: RECREATE_FIX })
  }
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (error) {
    throw new PerfSentinelError('E_BASELINE_CORRUPT', `The baseline ${source} is not valid JSON: ${String(error)}`, {
      fix: RECREATE_FIX,
      cause: error,
    })
  }
  if (Array.isArray(json)) {
    // valibot would read an array's own methods (`entries`) as fields and report them as functions.
    throw new PerfSentinelError('E_BASELINE_CORRUPT', `The baseline ${source} holds a JSON array; a baseline is a JSON object.`, {
      fix: RECREATE_FIX,
    })
  }
  const version = typeof json === 'object' && json !== null ? (json as { schemaVersion?: unknown }).schemaVersion : undefined
  if (typeof version === 'number' && version !== BASELINE_SCHEMA_VERSION) {
    const newer = version > BASELINE_SCHEMA_VERSION
    const what = newer ? 'was written by a newer perf-sentinel' : 'has an unknown schemaVersion'
    throw new PerfSentinelError(
      'E_BASELINE_VERSION',
      `The baseline ${source} ${what} (schemaVersion ${version}; this version reads ${BASELINE_SCHEMA_VERSION}).`,
      { fix: newer ? `upgrade perf-sentinel, or ${RECREATE_FIX}` : RECREATE_FIX },
    )
  }
  const parsed = v.safeParse(BaselineFileSchema, json)
  if (!parsed.success) {
    throw new PerfSentinelError(
      'E_BASELINE_CORRUPT',
      `The baseline ${source} does not match the baseline schema (schemaVersion ${BASELINE_SCHEMA_VERSION}):\n` +
        formatSchemaIssues(parsed.issues),
      { fix: RECREATE_FIX },
    )
  }
  return parsed.output
}

/** Where and when the recorded measurements were taken. */
export interface BaselineUpdateMeta {
  git: GitStamp
  environment: EnvironmentFingerprint
  now: Date
  /** @default BASELINE_MAX_SAMPLES */
  maxSamples?: number
}

/** What `planBaselineUpdate()` may remove. */
export interface BaselineUpdateOptions {
  /** Remove entries this run did not produce. True on an explicit update (`PERF_SENTINEL_UPDATE=1`). */
  prune: boolean
  /** Limit pruning to entries of these test files (a filtered or sharded run must not drop the others' entries). */
  ranFiles?: readonly string[]
  /** Never prune entries of these tests (`file > full test name`): they exist but were skipped or filtered out. */
  skippedTests?: readonly string[]
  /** Limit pruning of a named project's entries to files that project ran (`[project] > file`, see `RunScope`). */
  ranProjectFiles?: readonly string[]
  /**
   * This run is one more independent process of a multi-process recording (`baseline update --runs N`, run 2…N):
   * an existing entry of the same commit keeps its samples unless this process is more typical, and gains this
   * process's median in `processMediansMs`.
   */
  appendProcess?: boolean
}

/**
 * Merges new results into a baseline (pure): each record replaces the entry with its id, other entries are kept
 * unless `prune` removes them. A later record with the same id wins. Fields this version does not know stay: the
 * file's own, every kept entry's, and a replaced entry's (they describe the measurement, e.g. an owner added by hand).
 */
export function planBaselineUpdate(
  existing: BaselineFile | undefined,
  records: readonly MeasurementRecord[],
  meta: BaselineUpdateMeta,
  options: BaselineUpdateOptions,
): BaselineFile {
  const recordedAt = meta.now.toISOString()
  const fresh = new Map<string, BaselineEntry>()
  for (const record of records) {
    const id = measurementId(record)
    const entry = toEntry(record, meta, recordedAt)
    const previous = existing?.entries[id]
    const merged = options.appendProcess && previous && previous.git.commit === entry.git.commit ? mergeProcess(previous, entry) : entry
    fresh.set(id, previous?.unknownFields ? { ...merged, unknownFields: previous.unknownFields } : merged)
  }
  const ranFiles = options.ranFiles === undefined ? undefined : new Set(options.ranFiles)
  const skipped = new Set(options.skippedTests ?? [])
  const ranProjectFiles = options.ranProjectFiles && new Set(options.ranProjectFiles)
  const entries: Record<string, BaselineEntry> = {}
  for (const [id, entry] of Object.entries(existing?.entries ?? {})) {
    const prunable =
      options.prune &&
      (ranFiles === undefined || ranFiles.has(entry.file)) &&
      ranInItsProject(id, ranProjectFiles) &&
      !skipped.has(`${entry.file} > ${entry.testName}`)
    if (!prunable) entries[id] = entry
  }
  for (const [id, entry] of fresh) entries[id] = entry
  const updated: BaselineFile = { schemaVersion: BASELINE_SCHEMA_VERSION, updatedAt: recordedAt, entries }
  return existing?.unknownFields ? { ...updated, unknownFields: existing.unknownFields } : updated
}

/**
 * Writes a baseline atomically as stable JSON (sorted keys, 2-space indent, sample arrays on one line) so that
 * git diffs show only what changed. Refuses (E_ARGUMENT) to write what `readBaseline` could not read back.
 */
export async function writeBaseline(path: string, file: BaselineFile): Promise<void> {
  const text = `${toStableJson(toStoredForm(file), '')}\n`
  const check = v.safeParse(BaselineFileSchema, JSON.parse(text))
  if (!check.success) {
    throw new PerfSentinelError('E_ARGUMENT', `Refusing to write an invalid baseline to ${path}:\n${formatSchemaIssues(check.issues)}`, {
      fix: 'this is a perf-sentinel bug or a hand-built entry; build entries with planBaselineUpdate()',
    })
  }
  await writeFileAtomic(path, text)
}

/**
 * Read-modify-write of a baseline under the lock file `<path>.lock`, so concurrent writers (Vitest workers,
 * shards) lose nothing. `mutate` returns the new file, or `undefined` to leave it untouched. Returns what is on disk.
 */
export async function updateBaselineFile(
  path: string,
  mutate: (existing: BaselineFile | undefined) => BaselineFile | undefined | Promise<BaselineFile | undefined>,
  lockOptions: FileLockOptions = {},
): Promise<BaselineFile | undefined> {
  return withFileLock(
    `${path}.lock`,
    async () => {
      // A corrupt file throws here, before any write: it is left exactly as it was.
      const existing = await readBaseline(path)
      const next = await mutate(existing)
      if (next === undefined) {
        return existing
      }
      await writeBaseline(path, next)
      return next
    },
    lockOptions,
  )
}

/**
 * One more process of the same measurement: every process median is kept, and the samples and statistics are those
 * of the process closest to the median of all process medians (the most typical draw, not the first one).
 */
export function mergeProcess(previous: BaselineEntry, next: BaselineEntry): BaselineEntry {
  const medians = [...(previous.processMediansMs ?? [previous.stats.medianMs]), next.stats.medianMs].slice(-MAX_PROCESS_MEDIANS)
  const sorted = [...medians].sort((a, b) => a - b)
  const middle = sorted[Math.floor((sorted.length - 1) / 2)] as number
  const keep = Math.abs(next.stats.medianMs - middle) < Math.abs(previous.stats.medianMs - middle) ? next : previous
  return { ...keep, processMediansMs: medians }
}

function toEntry(record: MeasurementRecord, meta: BaselineUpdateMeta, recordedAt: string): BaselineEntry {
  const { result } = record
  return {
    file: record.file,
    testName: record.testName,
    name: record.name,
    kind: record.kind,
    subject: result.subject,
    stats: pickStatistics(result),
    samplesMs: retainSamples(result.samplesMs, meta.maxSamples ?? BASELINE_MAX_SAMPLES),
    batchSize: result.batchSize,
    ...(result.referenceMixMs === undefined ? {} : { referenceMixMs: result.referenceMixMs }),
    recordedAt,
    // Picked field by field: a full GitInfo also carries notes and other fields that do not belong in the file.
    git: { commit: meta.git.commit, branch: meta.git.branch, dirty: meta.git.dirty },
    environment: structuredClone(meta.environment),
  }
}

function pickStatistics(s: Statistics): Statistics {
  return {
    n: s.n,
    minMs: s.minMs,
    maxMs: s.maxMs,
    meanMs: s.meanMs,
    medianMs: s.medianMs,
    p75Ms: s.p75Ms,
    p90Ms: s.p90Ms,
    p95Ms: s.p95Ms,
    p99Ms: s.p99Ms,
    sdMs: s.sdMs,
    madMs: s.madMs,
    rmePercent: s.rmePercent,
    opsPerSecond: s.opsPerSecond,
    outliers: s.outliers,
  }
}

/**
 * The file as stored: each `unknownFields` spread back beside the known fields it was read with (a known field wins
 * over an unknown one of the same name, which only a hand-built object can have).
 */
function toStoredForm(file: BaselineFile): unknown {
  const flat = (value: object & { unknownFields?: Record<string, unknown> }): Record<string, unknown> => {
    const { unknownFields, ...known } = value
    return Object.fromEntries([
      ...Object.entries(unknownFields ?? {}).filter(([key]) => !Object.hasOwn(known, key)),
      ...Object.entries(known),
    ])
  }
  const entries = Object.fromEntries(Object.entries(file.entries).map(([id, entry]) => [id, flat(entry)]))
  return { ...flat(file), entries }
}

/** JSON with sorted keys (`schemaVersion` first) and arrays of plain values on one line. */
function toStableJson(value: unknown, indent: string): string {
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) {
      return JSON.stringify(value)
    }
    return `[\n${value.map((item) => inner + toStableJson(item, inner)).join(',\n')}\n${indent}]`
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort(compareKeys)
    if (keys.length === 0) {
      return '{}'
    }
    const lines = keys.map((key) => `${inner}${JSON.stringify(key)}: ${toStableJson(record[key], inner)}`)
    return `{\n${lines.join(',\n')}\n${indent}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function compareKeys(a: string, b: string): number {
  if (a === 'schemaVersion' || b === 'schemaVersion') {
    return a === b ? 0 : a === 'schemaVersion' ? -1 : 1
  }
  return a < b ? -1 : a > b ? 1 : 0
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}
