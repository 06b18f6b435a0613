import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PerfSentinelError } from '../../../src/errors.js'
import { appendRun, buildHistoryRun, compactHistory, readRuns, trendSeries } from '../../../src/stores/history/index.js'
import type { HistoryRun } from '../../../src/stores/history/index.js'
import { measurementId } from '../../../src/model/types.js'
import { environment, record, tempDir } from './fixtures.js'

const sort = record('test/sort.test.ts', 'sort', 'quicksort', 2)
const sortId = measurementId(sort)
const commitA = 'a'.repeat(40)
const commitB = 'b'.repeat(40)

/** A run at `minute` minutes past 10:00 whose sort median is `medianMs`. */
function runAt(minute: number, commit: string | undefined, medianMs = 2, runId = `run-${minute}`): HistoryRun {
  return buildHistoryRun({
    records: [record('test/sort.test.ts', 'sort', 'quicksort', medianMs)],
    git: { commit, branch: 'main', dirty: false },
    environment,
    time: new Date(Date.UTC(2026, 10, 23, 10, minute)),
    runId,
  })
}

describe('buildHistoryRun()', () => {
  it('keeps median, p95, n and at most 64 rounded samples per measurement, and only the git stamp', () => {
    const big = record('b.test.ts', 'big', 'x', 1 / 3, 1000)
    const run = buildHistoryRun({
      records: [big],
      git: { commit: commitA, shortCommit: 'aaaaaaa', branch: 'dev', dirty: true, notes: ['dirty'] } as never,
      environment,
      time: new Date('2026-11-23T10:00:00Z'),
      runId: 'r1',
    })
    expect(run).toMatchObject({ schemaVersion: 1, runId: 'r1', time: '2026-11-23T10:00:00.000Z' })
    expect(run.git).toEqual({ commit: commitA, branch: 'dev', dirty: true })
    const stored = run.measurements[measurementId(big)]
    expect(stored).toMatchObject({ medianMs: 1 / 3, n: 1000 })
    expect(stored?.samplesMs).toHaveLength(64)
    expect(stored?.samplesMs[0]).toBe(0.3)
  })

  it('leaves out measurements without a finite median', () => {
    const empty = record('e.test.ts', 'empty', 'x', Number.NaN)
    const run = buildHistoryRun({ records: [empty, sort], git: {}, environment, time: new Date(0), runId: 'r' })
    expect(Object.keys(run.measurements)).toEqual([sortId])
  })
})

describe('appendRun() and readRuns()', () => {
  it('round-trips runs, oldest first', async () => {
    const dir = join(await tempDir(), '.perf-sentinel', 'history')
    await appendRun(dir, runAt(2, commitB))
    await appendRun(dir, runAt(1, commitA))
    expect(await readRuns(dir)).toEqual({ runs: [runAt(1, commitA), runAt(2, commitB)], problems: [] })
  })

  it('names files by time, short commit, pid, a random part and the measurement set, so concurrent appends never collide', async () => {
    const dir = await tempDir()
    const sameTime = Array.from({ length: 20 }, (_, i) => runAt(0, commitA, 2, `same-${i}`))
    const paths = await Promise.all(sameTime.map((run) => appendRun(dir, run)))
    expect(new Set(paths).size).toBe(20)
    expect(paths[0]).toMatch(new RegExp(`/20261123T100000000Z-aaaaaaa-${process.pid}-[0-9a-f]{8}-m[0-9a-f]{8}\\.json$`))
    // Same tests, same set: the part after -m is shared.
    expect(new Set(paths.map((path) => path.slice(-15)))).toHaveProperty('size', 1)
    expect((await readRuns(dir)).runs).toHaveLength(20)
    const outsideGit = await appendRun(dir, runAt(1, undefined))
    expect(outsideGit).toMatch(/-nocommit-/)
  })

  it('returns no runs and no problems when the directory does not exist', async () => {
    expect(await readRuns(join(await tempDir(), 'missing'))).toEqual({ runs: [], problems: [] })
  })

  it('filters by commit prefix and environment, and keeps the newest `limit` runs', async () => {
    const dir = await tempDir()
    const other = { ...environment, hard: { ...environment.hard, cpuModel: 'Other CPU' } }
    await appendRun(dir, runAt(1, commitA))
    await appendRun(dir, runAt(2, commitB))
    await appendRun(dir, { ...runAt(3, commitB), environment: other })
    await appendRun(dir, runAt(4, commitB))
    const ids = async (filter: Parameters<typeof readRuns>[1]): Promise<string[]> =>
      (await readRuns(dir, filter)).runs.map((run) => run.runId)
    expect(await ids({ commit: 'bbbbbbb' })).toEqual(['run-2', 'run-3', 'run-4'])
    expect(await ids({ commit: commitA })).toEqual(['run-1'])
    expect(await ids({ environmentMatches: (fp) => fp.hard.cpuModel === environment.hard.cpuModel })).toEqual(['run-1', 'run-2', 'run-4'])
    expect(await ids({ limit: 2 })).toEqual(['run-3', 'run-4'])
    const sameCpu = (fp: typeof environment): boolean => fp.hard.cpuModel !== 'Other CPU'
    expect(await ids({ limit: 2, commit: commitB, environmentMatches: sameCpu })).toEqual(['run-2', 'run-4'])
  })

  it('skips a corrupt or newer file, reports its path and the fix, and leaves it untouched', async () => {
    const dir = await tempDir()
    await appendRun(dir, runAt(1, commitA))
    const corrupt = join(dir, '20261123T100200000Z-aaaaaaa-1-00000000.json')
    const newer = join(dir, '20261123T100300000Z-aaaaaaa-1-00000001.json')
    const invalid = join(dir, '20261123T100400000Z-aaaaaaa-1-00000002.json')
    await writeFile(corrupt, '{"schemaVersion":1,')
    await writeFile(newer, JSON.stringify({ schemaVersion: 3 }))
    await writeFile(invalid, JSON.stringify({ ...runAt(4, commitA), measurements: { [sortId]: { medianMs: 'slow' } } }))
    const { runs, problems } = await readRuns(dir)
    expect(runs.map((run) => run.runId)).toEqual(['run-1'])
    expect(problems).toHaveLength(3)
    expect(problems.find((p) => p.includes(corrupt))).toMatch(/it is not valid JSON .*\nFix: fix or delete it/)
    expect(problems.find((p) => p.includes(newer))).toMatch(/it has schemaVersion 3; .*\nFix: upgrade perf-sentinel/)
    expect(problems.find((p) => p.includes(invalid))).toContain(`measurements["${sortId}"].medianMs: Invalid type`)
    expect(await readFile(corrupt, 'utf8')).toBe('{"schemaVersion":1,')
    expect(await readdir(dir)).toHaveLength(4)
  })

  it('refuses to append a run that would read back invalid', async () => {
    const run = runAt(1, commitA)
    run.measurements[sortId] = { medianMs: Number.NaN, p95Ms: 1, n: 0, samplesMs: [] }
    const error = await appendRun(await tempDir(), run).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(PerfSentinelError)
    expect((error as PerfSentinelError).code).toBe('E_ARGUMENT')
    expect((error as PerfSentinelError).message).toContain(`measurements["${sortId}"].medianMs`)
  })
})

describe('compactHistory()', () => {
  it('keeps the newest runs per commit and overall, and leaves foreign files alone', async () => {
    const dir = await tempDir()
    for (let minute = 0; minute < 7; minute++) await appendRun(dir, runAt(minute, commitA))
    for (let minute = 10; minute < 12; minute++) await appendRun(dir, runAt(minute, commitB))
    for (let minute = 20; minute < 28; minute++) await appendRun(dir, runAt(minute, undefined))
    await writeFile(join(dir, 'notes.json'), '{}')
    const result = await compactHistory(dir, { maxRuns: 14, maxRunsPerCommit: 5 })
    expect(result.problems).toEqual([])
    const left = (await readRuns(dir)).runs.map((run) => run.runId)
    // Newest first: 8 without a commit (no per-commit cap), 2 of B, then 4 of A reach maxRuns 14.
    const withoutCommit = [20, 21, 22, 23, 24, 25, 26, 27].map((minute) => `run-${minute}`)
    expect(left).toEqual(['run-3', 'run-4', 'run-5', 'run-6', 'run-10', 'run-11', ...withoutCommit])
    expect(result.removed).toHaveLength(3)
    expect(await readdir(dir)).toContain('notes.json')
  })

  it('uses 500 runs and 5 per commit by default', async () => {
    const dir = await tempDir()
    for (let minute = 0; minute < 7; minute++) await appendRun(dir, runAt(minute, commitA))
    await compactHistory(dir)
    expect((await readRuns(dir)).runs.map((run) => run.runId)).toEqual(['run-2', 'run-3', 'run-4', 'run-5', 'run-6'])
  })

  it('never deletes an unreadable run file, and reports it', async () => {
    const dir = await tempDir()
    for (let minute = 0; minute < 5; minute++) await appendRun(dir, runAt(minute, commitA))
    // The oldest run of the same commit and tests, past the cap, but unreadable.
    const set = (await readdir(dir))[0]?.slice(-15)
    const corrupt = join(dir, `20261123T090000000Z-aaaaaaa-1-00000000${set}`)
    await writeFile(corrupt, 'garbage')
    const result = await compactHistory(dir, { maxRunsPerCommit: 5 })
    expect(result.removed).toEqual([])
    expect(result.skipped).toEqual([expect.stringContaining(corrupt)])
    expect(result.problems).toEqual([])
    expect(await readFile(corrupt, 'utf8')).toBe('garbage')
  })
})

describe('trendSeries()', () => {
  it('gives one entry per run that has the measurement, oldest first', () => {
    const without = { ...runAt(3, commitB), measurements: {} }
    const runs = [runAt(2, commitB, 2.5), without, runAt(1, commitA, 2), runAt(4, undefined, 3)]
    const series = trendSeries(runs, sortId)
    expect(series.runs).toEqual([runs[2], runs[0], runs[3]])
    expect(series.medianMs).toEqual([2, 2.5, 3])
    expect(series.p95Ms).toEqual([2 * 1.09, 2.5 * 1.09, 3 * 1.09])
  })

  it('keeps the newest `limit` points, still oldest first, skipping runs without the measurement', () => {
    const without = { ...runAt(3, commitB), measurements: {} }
    const runs = [runAt(1, commitA, 1), runAt(2, commitA, 2), without, runAt(4, commitB, 4), runAt(5, commitB, 5)]
    expect(trendSeries(runs, sortId, 2).medianMs).toEqual([4, 5])
    expect(trendSeries(runs, sortId, 3).medianMs).toEqual([2, 4, 5])
    expect(trendSeries(runs, sortId, 10).medianMs).toEqual([1, 2, 4, 5])
  })

  it('sees a run added to the same list, at its end or its start, after earlier trends of that list', () => {
    const runs = [runAt(2, commitA, 2), runAt(3, commitA, 3)]
    expect(trendSeries(runs, sortId).medianMs).toEqual([2, 3])
    runs.push(runAt(4, commitB, 4))
    expect(trendSeries(runs, sortId).medianMs).toEqual([2, 3, 4])
    runs.unshift(runAt(1, commitA, 1))
    runs.pop()
    expect(trendSeries(runs, sortId).medianMs).toEqual([1, 2, 3])
    // A run replaced in the middle: its own point, not the one it replaced.
    runs[1] = runAt(2, commitB, 20)
    const series = trendSeries(runs, sortId)
    expect(series.runs.map((run, i) => [run.git.commit, series.medianMs[i]])).toEqual([
      [commitA, 1],
      [commitB, 20],
      [commitA, 3],
    ])
  })
})
