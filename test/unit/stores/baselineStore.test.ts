import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planBaselineUpdate, readBaseline, updateBaselineFile, writeBaseline } from '../../../src/stores/baseline/index.js'
import type { BaselineFile, BaselineUpdateMeta } from '../../../src/stores/baseline/index.js'
import { PerfSentinelError } from '../../../src/errors.js'
import { measurementId } from '../../../src/model/types.js'
import { environment, record, tempDir } from './fixtures.js'

const meta: BaselineUpdateMeta = {
  git: { commit: 'a'.repeat(40), branch: 'main', dirty: false },
  environment,
  now: new Date('2026-11-23T10:00:00.000Z'),
}
const later: BaselineUpdateMeta = { ...meta, now: new Date('2026-11-24T10:00:00.000Z') }
const sortFast = record('test/sort.test.ts', 'sort > small arrays', 'quicksort', 0.25)
const sortSlow = record('test/sort.test.ts', 'sort > large arrays', 'quicksort', 12.5)
const parse = record('test/parse.test.ts', 'parse', 'json', 3)

async function expectRejected(promise: Promise<unknown>): Promise<PerfSentinelError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(PerfSentinelError)
  return error as PerfSentinelError
}

describe('writeBaseline() and readBaseline()', () => {
  it('round-trips a baseline', async () => {
    const path = join(await tempDir(), 'nested', 'baseline.json')
    const file = planBaselineUpdate(undefined, [sortFast, sortSlow, parse], meta, { prune: false })
    await writeBaseline(path, file)
    expect(await readBaseline(path)).toEqual(file)
    expect(file.entries[measurementId(sortFast)]).toMatchObject({
      file: 'test/sort.test.ts',
      kind: 'measure',
      subject: 'sync',
      batchSize: 4,
      recordedAt: '2026-11-23T10:00:00.000Z',
      git: { commit: 'a'.repeat(40), branch: 'main', dirty: false },
      stats: { n: 21, medianMs: 0.25 },
    })
  })

  it('returns undefined when the file does not exist', async () => {
    expect(await readBaseline(join(await tempDir(), 'none.json'))).toBeUndefined()
  })

  it('writes stable JSON: schemaVersion first, sorted ids, samples on one line, final newline', async () => {
    const path = join(await tempDir(), 'baseline.json')
    await writeBaseline(path, planBaselineUpdate(undefined, [sortSlow, parse, sortFast], meta, { prune: false }))
    const text = await readFile(path, 'utf8')
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,')
    expect(text.endsWith('}\n')).toBe(true)
    const ids = [...text.matchAll(/^ {4}"([^"]+)": \{$/gm)].map((match) => match[1])
    expect(ids).toEqual([measurementId(parse), measurementId(sortSlow), measurementId(sortFast)].sort())
    expect(text).toMatch(/^ {6}"samplesMs": \[0\.225,0\.2275,[^\n]*\],$/m)
    // Same content, different insertion order: byte-identical file.
    const again = join(await tempDir(), 'again.json')
    await writeBaseline(again, planBaselineUpdate(undefined, [sortFast, parse, sortSlow], meta, { prune: false }))
    expect(await readFile(again, 'utf8')).toBe(text)
  })

  it('stores non-finite statistics as null and reads them back as NaN', async () => {
    const path = join(await tempDir(), 'baseline.json')
    const single = record('t.test.ts', 'once', 'x', 0)
    single.result.opsPerSecond = Number.POSITIVE_INFINITY
    single.result.sdMs = Number.NaN
    await writeBaseline(path, planBaselineUpdate(undefined, [single], meta, { prune: false }))
    const stats = (await readBaseline(path))?.entries[measurementId(single)]?.stats
    expect(stats?.opsPerSecond).toBeNaN()
    expect(stats?.sdMs).toBeNaN()
  })

  it('refuses to write an entry it could not read back, and writes nothing', async () => {
    const path = join(await tempDir(), 'baseline.json')
    const file = planBaselineUpdate(undefined, [parse], meta, { prune: false })
    const entry = file.entries[measurementId(parse)]
    if (entry === undefined) throw new Error('entry missing')
    entry.batchSize = 0
    const error = await expectRejected(writeBaseline(path, file))
    expect(error.code).toBe('E_ARGUMENT')
    expect(error.message).toContain(`entries["${measurementId(parse)}"].batchSize`)
    expect(await readBaseline(path)).toBeUndefined()
  })
})

describe('readBaseline() on a broken file', () => {
  const broken: Array<[string, string, string, RegExp[]]> = [
    ['corrupt JSON', '{ "schemaVersion": 1, "entries": {', 'E_BASELINE_CORRUPT', [/is not valid JSON/]],
    ['an empty file', '', 'E_BASELINE_CORRUPT', [/is empty/]],
    ['a JSON array', '[]', 'E_BASELINE_CORRUPT', [/holds a JSON array; a baseline is a JSON object/]],
    [
      'a schema violation',
      JSON.stringify({
        schemaVersion: 1,
        updatedAt: '2026-11-23T10:00:00.000Z',
        entries: { 'a.test.ts > t > m': { file: 'a.test.ts', stats: { medianMs: 'fast' } } },
      }),
      'E_BASELINE_CORRUPT',
      [/does not match the baseline schema/, /entries\["a\.test\.ts > t > m"\]\.testName: missing$/m],
    ],
    [
      'a newer schemaVersion',
      JSON.stringify({ schemaVersion: 2, updatedAt: 'x', entries: {}, newField: true }),
      'E_BASELINE_VERSION',
      [/was written by a newer perf-sentinel \(schemaVersion 2; this version reads 1\)/, /upgrade perf-sentinel/],
    ],
  ]

  it.each(broken)('rejects %s with the path and the fix, leaving the bytes unchanged', async (_, text, code, res) => {
    const path = join(await tempDir(), 'baseline.json')
    await writeFile(path, text)
    const overwrite = (): BaselineFile => planBaselineUpdate(undefined, [parse], meta, { prune: true })
    for (const attempt of [readBaseline(path), updateBaselineFile(path, overwrite)]) {
      const error = await expectRejected(attempt)
      expect(error.code).toBe(code)
      expect(error.message).toContain(path)
      expect(error.message).toContain('delete it and run the tests again outside CI (or with PERF_SENTINEL_UPDATE=1)')
      for (const pattern of res) expect(error.message).toMatch(pattern)
    }
    expect(await readFile(path, 'utf8')).toBe(text)
  })

  it('lists at most five schema issues, each with its key path', async () => {
    const path = join(await tempDir(), 'baseline.json')
    const good = planBaselineUpdate(undefined, [parse], meta, { prune: false })
    const entry = structuredClone(good.entries[measurementId(parse)]) as unknown as Record<string, unknown>
    entry.stats = { n: -1, minMs: 'a', maxMs: 'b', meanMs: 'c', medianMs: 'd', p75Ms: 'e' }
    await writeFile(path, JSON.stringify({ ...good, entries: { x: entry } }))
    const error = await expectRejected(readBaseline(path))
    expect(error.message).toContain('x.stats.n: Invalid value: Expected >=0 but received -1')
    expect(error.message).toMatch(/… and \d+ more/)
  })
})

describe('planBaselineUpdate()', () => {
  const existing: BaselineFile = planBaselineUpdate(undefined, [sortFast, sortSlow, parse], meta, { prune: false })
  const rerun = record('test/sort.test.ts', 'sort > small arrays', 'quicksort', 0.3)

  it('replaces re-measured entries and keeps the others without prune', () => {
    const next = planBaselineUpdate(existing, [rerun], later, { prune: false })
    expect(Object.keys(next.entries).sort()).toEqual(Object.keys(existing.entries).sort())
    expect(next.entries[measurementId(rerun)]?.stats.medianMs).toBe(0.3)
    expect(next.entries[measurementId(parse)]).toEqual(existing.entries[measurementId(parse)])
    expect(next.updatedAt).toBe('2026-11-24T10:00:00.000Z')
    expect(existing.entries[measurementId(sortFast)]?.stats.medianMs).toBe(0.25) // input untouched
  })

  it('drops entries the run did not produce with prune', () => {
    const next = planBaselineUpdate(existing, [rerun], later, { prune: true })
    expect(Object.keys(next.entries)).toEqual([measurementId(rerun)])
  })

  it('prunes only within ranFiles, so a filtered or sharded run keeps the other files', () => {
    const next = planBaselineUpdate(existing, [rerun], later, { prune: true, ranFiles: ['test/sort.test.ts'] })
    expect(Object.keys(next.entries).sort()).toEqual([measurementId(parse), measurementId(rerun)].sort())
  })

  it('never prunes the entries of skipped tests (a -t filter), even in a file that ran', () => {
    const options = { prune: true, ranFiles: ['test/sort.test.ts'], skippedTests: [`${sortSlow.file} > ${sortSlow.testName}`] }
    const next = planBaselineUpdate(existing, [rerun], later, options)
    expect(Object.keys(next.entries).sort()).toEqual([measurementId(parse), measurementId(rerun), measurementId(sortSlow)].sort())
  })

  it('caps and rounds stored samples, and stores only the git stamp', () => {
    const many = record('m.test.ts', 'many', 'x', 1 / 3, 2000)
    const gitInfo = { commit: 'b'.repeat(40), shortCommit: 'bbbbbbb', branch: 'dev', dirty: true, notes: ['n'] }
    const next = planBaselineUpdate(undefined, [many], { ...meta, git: gitInfo, maxSamples: 100 }, { prune: false })
    const entry = next.entries[measurementId(many)]
    expect(entry?.samplesMs).toHaveLength(100)
    expect(entry?.samplesMs[0]).toBe(0.3)
    expect(entry?.samplesMs.every((sample) => String(sample).replace(/^0\.0*/, '').length <= 6)).toBe(true)
    expect(entry?.git).toEqual({ commit: 'b'.repeat(40), branch: 'dev', dirty: true })
  })
})

describe('readBaseline() bounds what it reads', () => {
  const oneEntryFile = (): BaselineFile =>
    planBaselineUpdate(
      undefined,
      [record('a.test.ts', 'suite > case', 'm', 1)],
      { git: {}, environment, now: new Date(0) },
      { prune: false },
    )

  it('keeps at most 2,000 evenly strided samples per entry from a hand-edited file', async () => {
    const path = join(await tempDir(), 'perf-baseline.json')
    const file = oneEntryFile()
    const entry = Object.values(file.entries)[0] as BaselineFile['entries'][string]
    entry.samplesMs = Array.from({ length: 50_000 }, (_, i) => 1 + (i % 7) / 100)
    await writeFile(path, JSON.stringify(file))
    const read = await readBaseline(path)
    expect(Object.values(read?.entries ?? {})[0]?.samplesMs).toHaveLength(2000)
  })

  it('rejects a negative median as corrupt, naming the key path', async () => {
    const path = join(await tempDir(), 'perf-baseline.json')
    const file = oneEntryFile()
    const entry = Object.values(file.entries)[0] as BaselineFile['entries'][string]
    entry.stats.medianMs = -1
    await writeFile(path, JSON.stringify(file))
    const error = await readBaseline(path).catch((e: unknown) => e)
    expect((error as PerfSentinelError).code).toBe('E_BASELINE_CORRUPT')
    expect((error as PerfSentinelError).message).toContain('medianMs')
  })

  it('rejects a file with more than 50,000 entries instead of taking gigabytes', async () => {
    const path = join(await tempDir(), 'perf-baseline.json')
    const file = oneEntryFile()
    const entry = Object.values(file.entries)[0] as BaselineFile['entries'][string]
    const small = { ...entry, samplesMs: [1] }
    file.entries = Object.fromEntries(Array.from({ length: 50_001 }, (_, i) => [`a.test.ts > t > m${i}`, small]))
    await writeFile(path, JSON.stringify(file))
    const error = await readBaseline(path).catch((e: unknown) => e)
    expect((error as PerfSentinelError).code).toBe('E_BASELINE_CORRUPT')
    expect((error as PerfSentinelError).message).toContain('at most 50000 entries')
  })
})
