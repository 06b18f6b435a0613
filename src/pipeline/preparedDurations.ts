import { prerenderMeasurement } from '../../reporters/render/prerender.js'
import type { PreparedDuration, PreparedLookup } from '../model/report.js'
import type { MeasurementRecord } from '../model/types.js'
import type { HistoryRun } from '../stores/history/index.js'
import { toReportMeasurement } from './buildReport.js'
import type { RunPrefetch } from './prefetch.js'
import { trendOf } from './trends.js'

/**
 * Test durations made ready for the run end while the tests still run. Every executed test has one, so at the run
 * end their trends, report entries and JSON lines were a large part of the work (2,000 tests: ~30 of ~150 ms, with
 * the garbage they leave); they depend only on the test's own duration and on what the run start already looks up
 * (the history read and the git commit), so the reporter hands each test file's duration records over as the
 * file's results arrive and they are made then: in the main process's idle time while workers run the tests (in
 * band, on the thread that runs them: the same work, earlier).
 *
 * Nothing depends on it for correctness: the run end uses an entry only for the very record object it was made
 * from (records never change once made), and only where it adds nothing of its own (no comparison, no baseline
 * samples); the rest it makes as before. Entries are deep-frozen, so the report cannot change one after its JSON
 * line was written.
 */
export class PreparedDurations implements PreparedLookup {
  private readonly entries = new Map<MeasurementRecord, PreparedDuration>()
  private pending: MeasurementRecord[] = []
  private context: { history: readonly HistoryRun[]; commit: string | undefined; time: string } | undefined
  private closed = false

  /** `startedAt`: the run's start, the time its trend point and its history entry carry. */
  constructor(prefetch: RunPrefetch, startedAt: Date) {
    // Neither lookup rejects (prefetch.ts).
    void Promise.all([prefetch.history, prefetch.git]).then(([history, git]) => {
      this.context = { history: history.runs, commit: git.commit, time: startedAt.toISOString() }
      const waiting = this.pending
      this.pending = []
      this.prepare(waiting)
    })
  }

  /** A test file's records: its test durations are prepared now, or once the history and the commit are known. */
  add(records: readonly MeasurementRecord[]): void {
    if (this.closed) return
    const durations = records.filter((record) => record.kind === 'test-duration')
    if (this.context === undefined) this.pending.push(...durations)
    else this.prepare(durations)
  }

  /** The run end has started: nothing more is prepared (it makes what is missing itself). */
  close(): void {
    this.closed = true
    this.pending = []
  }

  /** The entry made from this very record object, if any. */
  lookup(record: MeasurementRecord): PreparedDuration | undefined {
    return this.entries.get(record)
  }

  private prepare(records: readonly MeasurementRecord[]): void {
    const context = this.context
    if (this.closed || context === undefined) return
    for (const record of records) {
      const trend = trendOf(record, context.history, context.commit, context.time)
      const measurement = toReportMeasurement(record, { trend })
      prerenderMeasurement(measurement)
      this.entries.set(record, { trend, measurement })
    }
  }
}
