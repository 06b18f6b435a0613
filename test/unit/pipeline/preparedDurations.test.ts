import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { resolveReporterOptions } from '../../../src/config/reporterOptions.js'
import type { MeasurementRecord } from '../../../src/model/types.js'
import type { FinishRunInput } from '../../../src/pipeline/finishRun.js'
import { finishRun, PreparedDurations, prefetchRun } from '../../../src/pipeline/finishRun.js'
import { testDurationRecord } from '../../../src/record/testDurationRecord.js'
import { withIdentity } from '../../../src/record/testIdentity.js'
import { record, repoWithCommits, tempDir } from '../stores/fixtures.js'

const options = resolveReporterOptions({ terminal: true }, 'test')
const startedAt = new Date('2026-01-01T00:00:00Z')
const io = { annotate: (): void => undefined, progress: (): void => undefined, env: {}, now: () => new Date('2026-01-01T00:00:05Z') }

/** A run's records: one measurement and 30 test durations in 3 files (one test named with characters to escape). */
function runRecords(run: number): MeasurementRecord[] {
  const durations = Array.from({ length: 30 }, (_, i) => {
    const file = `test/f${i % 3}.test.ts`
    const title = i === 7 ? 'escapes <b> & "quotes" > here' : `case ${i}`
    return withIdentity(testDurationRecord(file, `suite > ${title}`, 1 + ((i * 7 + run * 3) % 11) / 4), { testPath: ['suite', title] })
  })
  return [record('test/f0.test.ts', 'suite > case 0', 'parse', 2 + run / 10), ...durations]
}

function input(rootDir: string, records: MeasurementRecord[], rest: Partial<FinishRunInput> = {}): FinishRunInput {
  const ranFiles = ['test/f0.test.ts', 'test/f1.test.ts', 'test/f2.test.ts']
  return { runner: { name: 'jest', version: '30.0.0' }, rootDir, startedAt, records, ranFiles, options, updateRequested: false, ...rest }
}

const reportFiles = async (root: string): Promise<string[]> =>
  Promise.all(['report.json', 'report.md', 'report.html'].map((name) => readFile(join(root, 'perf-report', name), 'utf8')))

describe('PreparedDurations', () => {
  it('gives the run end the very reports it makes without it, from entries made before it started', async () => {
    // A project with history: five earlier runs, so the trends have points and change points to find.
    const project = await repoWithCommits(1)
    for (let run = 0; run < 5; run++)
      await finishRun(input(project, runRecords(run), { startedAt: new Date(Date.UTC(2025, 11, 1 + run)) }), io)
    const [plainRoot, preparedRoot] = [await tempDir('perf-sentinel-plain-'), await tempDir('perf-sentinel-prepared-')]
    await cp(project, plainRoot, { recursive: true })
    await cp(project, preparedRoot, { recursive: true })

    const plain = await finishRun(input(plainRoot, runRecords(5)), io)
    const records = runRecords(5)
    const prefetch = prefetchRun(preparedRoot, options, {})
    const prepared = new PreparedDurations(prefetch, startedAt)
    // Added before the history is read (kept waiting), then a file's worth after it: both are prepared.
    prepared.add(records.slice(0, 11))
    await prefetch.history
    await vi.waitFor(() => expect(prepared.lookup(records[1] as MeasurementRecord)).toBeDefined())
    prepared.add(records.slice(11))
    const durations = records.filter((r) => r.kind === 'test-duration')
    for (const duration of durations) expect(prepared.lookup(duration)).toBeDefined()
    // Only test durations are prepared: a measurement's comparison is made at the run end.
    expect(prepared.lookup(records[0] as MeasurementRecord)).toBeUndefined()
    const outcome = await finishRun(input(preparedRoot, records, { prefetch, prepared }), io)

    expect(outcome.failures).toEqual(plain.failures)
    // The prepared entries are the report's own (not made again), and the files are the same, byte for byte.
    const reported = new Set(outcome.report.measurements)
    for (const duration of durations) expect(reported.has(prepared.lookup(duration)?.measurement as never)).toBe(true)
    expect(outcome.report.measurements.find((m) => m.kind === 'test-duration')?.trend).toHaveLength(6)
    expect(await reportFiles(preparedRoot)).toEqual(await reportFiles(plainRoot))
    expect(outcome.terminal).toBe(plain.terminal)
  })

  it('serves only the record object an entry was made from, and nothing once the run end has started', async () => {
    const root = await repoWithCommits(1)
    const prefetch = prefetchRun(root, options, {})
    const prepared = new PreparedDurations(prefetch, startedAt)
    const [first, second] = runRecords(0).slice(1)
    prepared.add([first as MeasurementRecord])
    await vi.waitFor(() => expect(prepared.lookup(first as MeasurementRecord)).toBeDefined())
    // An equal record made again (a project prefix added later, say) is not the same object: the run end makes its own.
    expect(prepared.lookup({ ...(first as MeasurementRecord) })).toBeUndefined()
    prepared.close()
    prepared.add([second as MeasurementRecord])
    expect(prepared.lookup(second as MeasurementRecord)).toBeUndefined()
  })

  it('freezes what it made: the JSON line written ahead cannot go stale', async () => {
    const root = await repoWithCommits(1)
    const prefetch = prefetchRun(root, options, {})
    const prepared = new PreparedDurations(prefetch, startedAt)
    const duration = runRecords(0)[1] as MeasurementRecord
    prepared.add([duration])
    await vi.waitFor(() => expect(prepared.lookup(duration)).toBeDefined())
    const entry = prepared.lookup(duration)
    expect(() => {
      ;(entry?.measurement as { name: string }).name = 'changed'
    }).toThrow(TypeError)
    expect(() => entry?.measurement.trend?.push({ commit: 'x', time: '', medianMs: 1, p95Ms: 1 })).toThrow(TypeError)
  })
})
