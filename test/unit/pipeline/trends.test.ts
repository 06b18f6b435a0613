import { describe, expect, it } from 'vitest'
import type { BaselineComparison } from '../../../src/pipeline/compareWithBaseline.js'
import { buildTrends, TEST_DURATION_TREND_RUNS } from '../../../src/pipeline/trends.js'
import type { TrendPoint } from '../../../src/model/report.js'
import type { ReportTrends } from '../../../src/model/trend.js'
import { trendPoints } from '../../../src/model/trend.js'
import { buildHistoryRun } from '../../../src/stores/history/index.js'
import type { MeasurementRecord } from '../../../src/model/types.js'
import { measurementId } from '../../../src/model/types.js'
import { environment, record } from '../stores/fixtures.js'

const measured = record('test/sort.test.ts', 'sort', 'quicksort', 2)
const duration: MeasurementRecord = { ...record('test/sort.test.ts', 'sort', '(test duration)', 5, 1), kind: 'test-duration' }
const STORED = 40

/** 40 stored runs holding both, then this run: the comparison part is not used by trends beyond baseline commits. */
function compared(): BaselineComparison {
  const history = Array.from({ length: STORED }, (_, i) =>
    buildHistoryRun({
      records: [measured, duration],
      git: { commit: `${i}`.padStart(40, '0'), branch: 'main', dirty: false },
      environment,
      time: new Date(Date.UTC(2026, 10, 23, 10, i)),
      runId: `run-${i}`,
    }),
  )
  return { history, comparison: { comparisons: new Map() } } as unknown as BaselineComparison
}

/** A measurement's trend as points, or none. */
function pointsOf(trends: ReportTrends, id: string): TrendPoint[] {
  const trend = trends.byId.get(id)
  return trend === undefined ? [] : trendPoints(trends.runs, trend)
}

describe('buildTrends()', () => {
  it('keeps every stored run for measurements and the newest few for test durations, this run last', () => {
    const trends = buildTrends(
      [measured, duration],
      compared(),
      { commit: 'f'.repeat(40), branch: 'main' },
      new Date(Date.UTC(2026, 10, 23, 11)),
    )
    const ofMeasured = pointsOf(trends, measurementId(measured)) ?? []
    const ofDuration = pointsOf(trends, measurementId(duration))
    expect(ofMeasured).toHaveLength(STORED + 1)
    expect(ofDuration).toHaveLength(TEST_DURATION_TREND_RUNS + 1)
    // The newest stored runs, oldest first, then this run.
    expect(ofDuration.at(0)?.commit).toBe(`${STORED - TEST_DURATION_TREND_RUNS}`.padStart(40, '0'))
    expect(ofDuration.at(-2)?.commit).toBe(`${STORED - 1}`.padStart(40, '0'))
    expect(ofDuration.at(-1)).toEqual({
      commit: 'f'.repeat(40),
      branch: 'main',
      time: '2026-11-23T11:00:00.000Z',
      medianMs: 5,
      p95Ms: duration.result.p95Ms,
    })
  })

  it('draws a test duration from the newest stored runs only: a test absent from some of them has fewer points', () => {
    const base = compared()
    // The newest three stored runs ran without the test (a filtered run): they hold the measurement only.
    const history = base.history.map((run, i) =>
      i < STORED - 3
        ? run
        : buildHistoryRun({ records: [measured], git: run.git, environment, time: new Date(run.time), runId: run.runId }),
    )
    const trends = buildTrends([measured, duration], { ...base, history }, { commit: 'f'.repeat(40) }, new Date(Date.UTC(2026, 10, 23, 11)))
    const ofDuration = pointsOf(trends, measurementId(duration))
    // Seven of the newest ten stored runs have it, then this run; the runs before those ten are not looked at.
    expect(ofDuration.map((p) => p.commit)).toEqual([
      ...Array.from({ length: 7 }, (_, i) => `${STORED - TEST_DURATION_TREND_RUNS + i}`.padStart(40, '0')),
      'f'.repeat(40),
    ])
    expect(pointsOf(trends, measurementId(measured))).toHaveLength(STORED + 1)
  })
})
