import { describe, expect, it } from 'vitest'
import type { BaselineComparison } from '../../../src/pipeline/compareWithBaseline.js'
import { EarlyTrends } from '../../../src/pipeline/earlyTrends.js'
import type { RunPrefetch } from '../../../src/pipeline/prefetch.js'
import { buildTrends, TEST_DURATION_TREND_RUNS, trendsFor } from '../../../src/pipeline/trends.js'
import { trendPoints } from '../../../src/model/trend.js'
import type { ReportTrends } from '../../../src/model/trend.js'
import type { GitInfo, MeasurementRecord } from '../../../src/model/types.js'
import { measurementId } from '../../../src/model/types.js'
import type { HistoryRun } from '../../../src/stores/history/index.js'
import { buildHistoryRun } from '../../../src/stores/history/index.js'
import { testDurationRecord } from '../../../src/record/testDurationRecord.js'
import { environment, record } from '../stores/fixtures.js'

const STORED = 30
const TESTS = 40
const git: GitInfo = { commit: 'f'.repeat(40), branch: 'main', notes: [] }
const startedAt = new Date(Date.UTC(2026, 11, 3, 12))
const measured = record('test/sort.test.ts', 'sort', 'quicksort', 2)

/** Test `t`'s duration in stored run `r`: a step up halfway for every third test (change points), some absent. */
function durationIn(t: number, r: number): number | undefined {
  if ((t + r) % 7 === 0) return undefined
  return (t % 3 === 0 && r >= STORED - 5 ? 9 : 4) + ((t * 31 + r * 17) % 5) / 10
}

function storedRuns(): HistoryRun[] {
  return Array.from({ length: STORED }, (_, r) => {
    const records: MeasurementRecord[] = [measured]
    for (let t = 0; t < TESTS; t++) {
      const ms = durationIn(t, r)
      if (ms !== undefined) records.push(testDurationRecord(`test/f${t % 4}.test.ts`, `test ${t}`, ms))
    }
    return buildHistoryRun({
      records,
      git: { commit: `${r}`.padStart(40, '0'), branch: 'main', dirty: false },
      environment,
      time: new Date(Date.UTC(2026, 11, 2, 10, r)),
      runId: `run-${r}`,
    })
  })
}

/** This run's test durations, one file at a time, as a reporter hands them over. */
function thisRunFiles(): MeasurementRecord[][] {
  return Array.from({ length: 4 }, (_, f) =>
    Array.from({ length: TESTS / 4 }, (_, i) => testDurationRecord(`test/f${f}.test.ts`, `test ${i * 4 + f}`, 5 + i / 10)),
  )
}

/** What the run's prefetch gives: its git lookup and the newest stored runs (as `recentHistory` reads them). */
function prefetchOf(runs: readonly HistoryRun[], gitInfo: GitInfo = git): Promise<RunPrefetch> {
  const recent = { runs: runs.slice(-TEST_DURATION_TREND_RUNS), problems: [] }
  return Promise.resolve({
    git: Promise.resolve(gitInfo),
    recentHistory: Promise.resolve(recent),
    history: () => Promise.resolve({ runs: [...runs], problems: [] }),
  })
}

function comparedWith(history: HistoryRun[]): BaselineComparison {
  return { history, comparison: { comparisons: new Map() } } as unknown as BaselineComparison
}

/** Every trend as points (commit, time, figures, marks): what a report shows, whatever the run table's order. */
function points(trends: ReportTrends): Record<string, unknown> {
  return Object.fromEntries([...trends.byId].map(([id, trend]) => [id, trendPoints(trends.runs, trend)]))
}

/** Lets the prefetch's promises and the queued files settle. */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('EarlyTrends', () => {
  it('makes test durations’ trends as files arrive, and the run end takes them: the same trends as made at the end', async () => {
    const history = storedRuns()
    const files = thisRunFiles()
    const records = [measured, ...files.flat()]
    const atEnd = buildTrends(records, comparedWith(history), git, startedAt)

    const early = new EarlyTrends(prefetchOf(history), startedAt)
    // The first file arrives before the prefetch is in: it waits for it.
    early.add(files[0] ?? [])
    await settled()
    for (const file of files.slice(1)) early.add(file)
    const taken = buildTrends(records, comparedWith(history), git, startedAt, early)

    expect(points(taken)).toEqual(points(atEnd))
    expect(taken.byId.size).toBe(TESTS + 1)
    expect(Object.values(points(atEnd)).some((p) => JSON.stringify(p).includes('isChangePoint'))).toBe(true)
  })

  it('uses the trends it made: the run end’s trend of a test duration is the object made when its file arrived', async () => {
    const history = storedRuns()
    const files = thisRunFiles()
    const early = new EarlyTrends(prefetchOf(history), startedAt)
    early.add(files[0] ?? [])
    await settled()
    for (const file of files.slice(1)) early.add(file)
    const thisRun = { commit: git.commit as string, branch: 'main', time: startedAt.toISOString() }
    const known = early.take(history, thisRun)
    const first = files[0]?.[0] as MeasurementRecord
    const last = files[3]?.[9] as MeasurementRecord
    const made = [known?.byId.get(measurementId(first)), known?.byId.get(measurementId(last))]
    expect(known?.byId.size).toBe(TESTS)
    const subjects = [measured, first, last].map((r) => ({
      id: measurementId(r),
      kind: r.kind,
      medianMs: r.result.medianMs,
      p95Ms: r.result.p95Ms,
    }))
    const trends = trendsFor(subjects, history, thisRun, 0, known)
    expect(trends.byId.get(subjects[1]?.id as string)).toBe(made[0])
    expect(trends.byId.get(subjects[2]?.id as string)).toBe(made[1])
    // The measurement's trend is made at the end, on the same run table.
    expect(trendPoints(trends.runs, trends.byId.get(subjects[0]?.id as string) as never)).toHaveLength(STORED + 1)
    // A second take gives nothing: the trends belong to one run end.
    expect(early.take(history, thisRun)).toBeUndefined()
  })

  it('is not taken when the run end’s history gives test durations other runs, or the run is another', async () => {
    const history = storedRuns()
    const files = thisRunFiles()
    const records = [measured, ...files.flat()]
    // Read at the start: the newest ten; at the end a newer run has been stored meanwhile.
    const newer = buildHistoryRun({
      records: [testDurationRecord('test/f0.test.ts', 'test 0', 50)],
      git: { commit: 'e'.repeat(40), branch: 'main', dirty: false },
      environment,
      time: new Date(Date.UTC(2026, 11, 2, 11, 30)),
      runId: 'run-newer',
    })
    const early = new EarlyTrends(prefetchOf(history), startedAt)
    await settled()
    for (const file of files) early.add(file)
    const atEnd = buildTrends(records, comparedWith([...history, newer]), git, startedAt, early)
    expect(points(atEnd)).toEqual(points(buildTrends(records, comparedWith([...history, newer]), git, startedAt)))
    const ofTest0 = points(atEnd)[measurementId(files[0]?.[0] as MeasurementRecord)] as Array<{ medianMs: number }>
    expect(ofTest0.at(-2)?.medianMs).toBe(50)

    const otherCommit = new EarlyTrends(prefetchOf(history, { ...git, commit: 'a'.repeat(40) }), startedAt)
    await settled()
    for (const file of files) otherCommit.add(file)
    const trends = buildTrends(records, comparedWith(history), git, startedAt, otherCommit)
    expect(points(trends)).toEqual(points(buildTrends(records, comparedWith(history), git, startedAt)))
    expect(trendPoints(trends.runs, trends.byId.get(measurementId(files[1]?.[0] as MeasurementRecord)) as never).at(-1)?.commit).toBe(
      'f'.repeat(40),
    )
  })

  it('makes a trend again when this run’s figure differs from the one it was made with', async () => {
    const history = storedRuns()
    const files = thisRunFiles()
    const early = new EarlyTrends(prefetchOf(history), startedAt)
    await settled()
    for (const file of files) early.add(file)
    const changed = files.flat().map((r, i) => (i === 0 ? testDurationRecord(r.file, r.testName, 123) : r))
    const trends = buildTrends(changed, comparedWith(history), git, startedAt, early)
    const trend = trends.byId.get(measurementId(changed[0] as MeasurementRecord))
    expect(trend?.medianMs.at(-1)).toBe(123)
    expect(points(trends)).toEqual(points(buildTrends(changed, comparedWith(history), git, startedAt)))
  })

  it('makes nothing without a prefetch, and never rejects when its lookups fail', async () => {
    const history = storedRuns()
    const files = thisRunFiles()
    const none = new EarlyTrends(Promise.resolve(undefined), startedAt)
    const failing = new EarlyTrends(Promise.reject(new Error('git gone')), startedAt)
    await settled()
    for (const file of files) {
      none.add(file)
      failing.add(file)
    }
    const thisRun = { commit: git.commit as string, branch: 'main', time: startedAt.toISOString() }
    expect(none.take(history, thisRun)).toBeUndefined()
    expect(failing.take(history, thisRun)).toBeUndefined()
  })
})
