import { describe, expect, it } from 'vitest'
import { trendsFromHistory } from '../../../src/cli/commands/report.js'
import type { PerfReport, ReportMeasurement, TrendPoint } from '../../../src/model/report.js'
import { trendPoints } from '../../../src/model/trend.js'
import { measurementId } from '../../../src/model/types.js'
import type { MeasurementRecord } from '../../../src/model/types.js'
import { TEST_DURATION_TREND_RUNS } from '../../../src/pipeline/trends.js'
import { testDurationRecord } from '../../../src/record/testDurationRecord.js'
import { buildHistoryRun } from '../../../src/stores/history/index.js'
import { environment, record } from '../stores/fixtures.js'

const measured = record('test/sort.test.ts', 'sort', 'quicksort', 2)
const duration = testDurationRecord('test/sort.test.ts', 'sort', 4)
const STORED = 30
const commitOf = (i: number): string => `${i}`.padStart(40, '0')
const history = Array.from({ length: STORED }, (_, i) =>
  buildHistoryRun({
    records: [measured, duration],
    git: { commit: commitOf(i), branch: 'main', dirty: false },
    environment,
    // Stored newest first, as a merge of notes and the folder may hand them over: the trends sort them.
    time: new Date(Date.UTC(2026, 10, 23, 10, STORED - 1 - i)),
    runId: `run-${i}`,
  }),
)

/** A stored report of one run (not in the history) at `commit` on `branch`, holding both measurements. */
function storedReport(): PerfReport {
  const entry = (r: MeasurementRecord): ReportMeasurement =>
    ({ id: measurementId(r), kind: r.kind, stats: { medianMs: r.result.medianMs, p95Ms: r.result.p95Ms } }) as unknown as ReportMeasurement
  return {
    run: { startedAt: '2026-11-23T12:00:00.000Z', git: { commit: 'f'.repeat(40), branch: 'feature', notes: [] } },
    measurements: [entry(measured), entry(duration)],
  } as unknown as PerfReport
}

describe('trendsFromHistory() (`perf-sentinel report`)', () => {
  it('draws test durations from the newest stored runs, as a test run does, and ends each trend at the report’s run', () => {
    const trends = trendsFromHistory(storedReport(), history)
    const pointsOf = (id: string): TrendPoint[] => {
      const trend = trends.byId.get(id)
      return trend === undefined ? [] : trendPoints(trends.runs, trend)
    }
    const ofDuration = pointsOf(measurementId(duration))
    expect(ofDuration).toHaveLength(TEST_DURATION_TREND_RUNS + 1)
    // The newest stored runs are the lowest indices here (run 0 is the newest).
    expect(ofDuration.slice(0, -1).map((p) => p.commit)).toEqual(
      Array.from({ length: TEST_DURATION_TREND_RUNS }, (_, i) => commitOf(TEST_DURATION_TREND_RUNS - 1 - i)),
    )
    expect(ofDuration.at(-1)).toMatchObject({ commit: 'f'.repeat(40), branch: 'feature', time: '2026-11-23T12:00:00.000Z' })
    expect(pointsOf(measurementId(measured))).toHaveLength(STORED + 1)
  })
})
