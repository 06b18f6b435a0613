import { createHash } from 'node:crypto'
import type { MeasurementRecord } from '../model/types.js'
import type { TestCallStats } from '../model/diagnostics.js'
import type { ResourceTimeline } from '../model/resourceTimeline.js'

/** Environment variable through which the Jest reporter tells workers where to leave their sidecar files. */
export const JEST_DIR_ENV = 'PERF_SENTINEL_JEST_DIR'

/**
 * Environment variable through which the Jest reporter says that it samples the process resources of the test files
 * running in its own process (`--runInBand`): the process id, which a test file's setup compares with its own and
 * then starts no sampler. The reporter's sampler is compiled once per run; a setup file's code is compiled again in
 * every test file's sandbox (~1.6 ms per file for the sampler, its hooks and its sidecar write).
 */
export const JEST_SAMPLED_PID_ENV = 'PERF_SENTINEL_JEST_SAMPLED_PID'

/** What a Jest worker leaves for the reporter: the measurements of one test file. */
export interface JestSidecar {
  testPath: string
  /** When the setup file ran (epoch ms): tells apart two runs of one test file in one run (Jest `projects`). */
  setupAtMs?: number
  /** `testName` is Jest's space-joined full name; the reporter maps it to the suite path. */
  records: Array<Omit<MeasurementRecord, 'file'>>
  /** Calls of `perfTiming` functions, per test (same `testName` form as `records`). */
  calls?: Array<{ testName: string; calls: TestCallStats[] }>
  /** Tests whose async timing assertions were not awaited (reported as a failure of the run). */
  unawaited?: string[]
  /** This file's process-resource readings (src/diagnostics/resources), joined per worker by the reporter. */
  resources?: ResourceTimeline
}

/** The part of a sidecar's file name shared by every run of one test file. */
export function sidecarPrefix(testPath: string): string {
  return createHash('sha1').update(testPath).digest('hex')
}

/**
 * One file per run of a test file: `<sha1 of the path>-<unique>.json`. A test file runs once per project that
 * matches it (Jest `projects` may share files), so the name carries a per-run part as well.
 */
export function sidecarFileName(testPath: string, unique: string): string {
  return `${sidecarPrefix(testPath)}-${unique}.json`
}

/** Jest's timing of one test file's run, as far as matching needs it (`TestResult.perfStats`). */
export interface SetupWindow {
  setupFilesStart?: number
  setupFilesEnd?: number
  start?: number
}

/**
 * The sidecar of one test file's run among those of the same path: the only one, or the one whose setup ran inside
 * that run's setup window (then the closest to it).
 */
export function pickSidecar<T extends { sidecar: JestSidecar }>(candidates: readonly T[], window: SetupWindow): T | undefined {
  if (candidates.length <= 1) return candidates[0]
  const from = window.setupFilesStart ?? window.start ?? 0
  const to = window.setupFilesEnd ?? from
  const distance = (at: number | undefined): number =>
    at === undefined ? Number.POSITIVE_INFINITY : at < from ? from - at : at > to ? at - to : 0
  return [...candidates].sort((a, b) => distance(a.sidecar.setupAtMs) - distance(b.sidecar.setupAtMs))[0]
}

/** What the reporter reads of one of Jest's test results to name it. */
export interface JestAssertionTitles {
  fullName: string
  ancestorTitles: readonly string[]
  title: string
}

/**
 * Jest's full names (titles joined with spaces, the name a worker sees) → the title list each stands for. Two tests
 * can share a full name (`describe('a b')` > `test('c')` and `describe('a')` > `test('b c')`): such a name maps to
 * undefined, and only a worker that knew the titles itself (Jest 30) tells their records apart.
 */
export function titlesByFullName(assertions: readonly JestAssertionTitles[]): Map<string, string[] | undefined> {
  const titles = new Map<string, string[] | undefined>()
  for (const a of assertions) titles.set(a.fullName, titles.has(a.fullName) ? undefined : [...a.ancestorTitles, a.title])
  return titles
}
