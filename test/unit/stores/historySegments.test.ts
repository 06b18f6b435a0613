import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { appendRun, buildHistoryRun, compactHistory, pointOf, readRuns, trendSeries } from '../../../src/stores/history/index.js'
import type { HistoryRun } from '../../../src/stores/history/index.js'
import { measurementId } from '../../../src/model/types.js'
import type { MeasurementRecord } from '../../../src/model/types.js'
import { testDurationRecord } from '../../../src/record/testDurationRecord.js'
import { environment, record, tempDir } from './fixtures.js'

const commit = (n: number): string => `${n.toString(16).padStart(7, '0')}${'c'.repeat(33)}`

/** A run at `minute` with one full measurement and `tests` test durations (single-sample measurements). */
function run(minute: number, options: { commit?: string; tests?: number; files?: string[]; runId?: string } = {}): HistoryRun {
  const files = options.files ?? ['test/a.test.ts']
  const records: MeasurementRecord[] = files.flatMap((file) => [
    record(file, 'parse', 'parse 1 KB', 2 + minute / 100),
    ...Array.from({ length: options.tests ?? 3 }, (_, t) => testDurationRecord(file, `test ${t}`, 1 + t + minute / 1000)),
  ])
  return buildHistoryRun({
    records,
    git: { commit: options.commit ?? commit(minute), branch: 'main', dirty: false },
    environment,
    time: new Date(Date.UTC(2026, 10, 23, 10, minute)),
    runId: options.runId ?? `run-${String(minute).padStart(3, '0')}`,
  })
}

const names = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((name) => !name.startsWith('.')).sort()
const runIds = async (dir: string, limit?: number): Promise<string[]> =>
  (await readRuns(dir, limit === undefined ? {} : { limit })).runs.map((r) => r.runId)

describe('history files', () => {
  it('store a single-sample measurement (a test duration) as one number, and read it back whole', async () => {
    const dir = await tempDir()
    const original = run(1, { tests: 2 })
    const path = await appendRun(dir, original)
    const stored = JSON.parse(await readFile(path, 'utf8')) as {
      schemaVersion: number
      singles: Record<string, number>
      measurements: Record<string, unknown>
    }
    expect(stored.schemaVersion).toBe(2)
    expect(Object.values(stored.singles)).toEqual([1.001, 2.001])
    expect(Object.keys(stored.measurements)).toEqual(['test/a.test.ts > parse > parse 1 KB'])
    const [read] = (await readRuns(dir)).runs
    expect(read).toEqual(original)
  })

  it('merge older run files into segments past 20 files, losing nothing and keeping the newest 10 as files', async () => {
    const dir = await tempDir()
    const written: HistoryRun[] = []
    for (let minute = 0; minute < 21; minute++) {
      written.push(run(minute))
      await appendRun(dir, written[minute] as HistoryRun)
      await compactHistory(dir)
    }
    const files = await names(dir)
    expect(files.filter((name) => name.startsWith('segment-'))).toEqual([
      expect.stringMatching(/^segment-20261123T101000000Z-11-[0-9a-f]{8}\.json\.gz$/),
    ])
    expect(files.filter((name) => name.endsWith('.json'))).toHaveLength(10)
    expect((await readRuns(dir)).runs).toEqual(written)
    const id = measurementId({ file: 'test/a.test.ts', testName: 'test 1', name: '(test duration)' })
    expect(trendSeries((await readRuns(dir)).runs, id).medianMs).toEqual(written.map((_, minute) => 2 + minute / 1000))
  })

  it('read only the files the newest `limit` runs need', async () => {
    const dir = await tempDir()
    for (let minute = 0; minute < 30; minute++) {
      await appendRun(dir, run(minute))
      await compactHistory(dir)
    }
    // An unreadable segment older than every run wanted is never opened, so it reports nothing.
    await writeFile(join(dir, 'segment-20261123T090000000Z-100-00000000.json.gz'), gzipSync('not json'))
    expect(await readRuns(dir, { limit: 12 })).toMatchObject({ problems: [] })
    expect(await runIds(dir, 12)).toEqual(Array.from({ length: 12 }, (_, i) => `run-0${18 + i}`))
    expect((await readRuns(dir)).problems).toEqual([expect.stringContaining('segment-20261123T090000000Z-100-00000000.json.gz')])
  })

  it('return a run stored twice (a merge interrupted after writing its segment) once', async () => {
    const dir = await tempDir()
    for (let minute = 0; minute < 21; minute++) await appendRun(dir, run(minute))
    await compactHistory(dir)
    await appendRun(dir, run(3))
    expect(await runIds(dir)).toEqual(Array.from({ length: 21 }, (_, i) => `run-${String(i).padStart(3, '0')}`))
  })

  it('answer trend points without building the measurements of runs read from disk', async () => {
    const dir = await tempDir()
    await appendRun(dir, run(1, { tests: 1 }))
    const [read] = (await readRuns(dir)).runs as [HistoryRun]
    const id = 'test/a.test.ts > test 0 > (test duration)'
    expect(pointOf(read, id)).toEqual({ medianMs: 1.001, p95Ms: 1.001 })
    expect(pointOf(read, 'missing')).toBeUndefined()
    // Assigning measurements wins over the stored form.
    read.measurements = {}
    expect(pointOf(read, id)).toBeUndefined()
  })
})

describe('compactHistory() bounds', () => {
  it('keeps every shard of a commit: six shards measuring different files all stay (issue 9 C)', async () => {
    const dir = await tempDir()
    const shards = Array.from({ length: 6 }, (_, i) =>
      run(i, { commit: commit(7), files: [`test/shard${i}.test.ts`], runId: `shard-${i}` }),
    )
    await Promise.all(
      shards.map(async (shard) => {
        await appendRun(dir, shard)
        await compactHistory(dir)
      }),
    )
    expect(await runIds(dir)).toEqual(shards.map((s) => s.runId))
  })

  it('still keeps only the newest 5 full re-runs of one commit', async () => {
    const dir = await tempDir()
    for (let minute = 0; minute < 8; minute++) await appendRun(dir, run(minute, { commit: commit(7) }))
    const { removed } = await compactHistory(dir)
    expect(removed).toHaveLength(3)
    expect(await runIds(dir)).toEqual(['run-003', 'run-004', 'run-005', 'run-006', 'run-007'])
  })

  it('leaves an unreadable run file as it is and names it as skipped, not as a failure of the compaction', async () => {
    const dir = await tempDir()
    for (let minute = 0; minute < 8; minute++) await appendRun(dir, run(minute, { commit: commit(7) }))
    const [oldest] = await names(dir)
    await writeFile(join(dir, oldest as string), 'not json')
    const outcome = await compactHistory(dir)
    expect(outcome.problems).toEqual([])
    expect(outcome.skipped).toEqual([expect.stringContaining(oldest as string)])
    expect(outcome.removed).toHaveLength(2)
    expect(await readFile(join(dir, oldest as string), 'utf8')).toBe('not json')
  })

  it('bounds the bytes: the oldest runs go first, inside segments too', async () => {
    const dir = await tempDir()
    for (let minute = 0; minute < 40; minute++) {
      await appendRun(dir, run(minute, { tests: 50 }))
      await compactHistory(dir)
    }
    const before = await names(dir)
    const sizes = await Promise.all(before.map(async (name) => (await stat(join(dir, name))).size))
    const total = sizes.reduce((a, b) => a + b, 0)
    await compactHistory(dir, { maxBytes: Math.floor(total / 2) })
    const after = await names(dir)
    const left = (await Promise.all(after.map(async (name) => (await stat(join(dir, name))).size))).reduce((a, b) => a + b, 0)
    expect(left).toBeLessThanOrEqual(total / 2)
    const ids = await runIds(dir)
    expect(ids.at(-1)).toBe('run-039')
    expect(ids.length).toBeLessThan(40)
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => `run-0${String(40 - ids.length + i).padStart(2, '0')}`))
  })

  it('bounds the runs, trimming the oldest segment to its newest runs with 10% headroom', async () => {
    const dir = await tempDir()
    for (let minute = 0; minute < 35; minute++) {
      await appendRun(dir, run(minute))
      await compactHistory(dir)
    }
    await compactHistory(dir, { maxRuns: 30 })
    // 10 run files stay; the segment crossing the bound keeps 17 of its 25 runs (27 = 30 less 10%).
    expect(await runIds(dir)).toEqual(Array.from({ length: 27 }, (_, i) => `run-0${String(8 + i).padStart(2, '0')}`))
  })
})
