import type { TrendRun } from '../model/report.js'
import { TrendRunTable } from '../model/trend.js'
import type { MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'
import type { HistoryRun } from '../stores/history/index.js'
import type { RunPrefetch } from './prefetch.js'
import type { KnownTrends, TrendSubject, TrendsMadeEarlier } from './trends.js'
import { testDurationRuns, thisTrendRun, trendsFor } from './trends.js'

/** What the early trends were drawn from: the stored runs read at the start, and this run (it ends every trend). */
interface Drawn {
  runs: readonly HistoryRun[]
  /** The runs test durations' trends take from `runs`, oldest first. */
  recent: readonly HistoryRun[]
  thisRun: TrendRun
}

/**
 * Test durations' trends made while the tests still run. Every executed test has one (the newest stored runs and
 * this run's duration, change points detected), so at the run end of a 2,000-test suite they were the largest single
 * stage, on code the JIT had not warmed. Here each test file's are made when its results arrive, once the run's
 * git lookup and newest history (prefetch.ts) are in; files that finish before that wait for it. The run end takes
 * them (`take`) only when they were drawn from the same runs its own history gives test durations, and end at the
 * same run; every other trend is made there as before, so the report is the same either way.
 */
export class EarlyTrends implements TrendsMadeEarlier {
  private drawn: Drawn | undefined
  private readonly waiting: MeasurementRecord[] = []
  private readonly known: KnownTrends = { table: new TrendRunTable(), byId: new Map() }

  /** `startedAt`: the start the run end gives this run (its trends end there). Never rejects. */
  constructor(prefetch: Promise<RunPrefetch | undefined>, startedAt: Date) {
    prefetch
      .then(async (ready) => {
        if (ready === undefined) return
        const [git, read] = await Promise.all([ready.git, ready.recentHistory])
        this.drawn = { runs: read.runs, recent: testDurationRuns(read.runs), thisRun: thisTrendRun(git, startedAt.toISOString()) }
        this.add(this.waiting.splice(0))
      })
      .catch(() => undefined)
  }

  /** A test file's records as they arrive: the trends of its test durations (other records are left to the run end). */
  add(records: readonly MeasurementRecord[]): void {
    if (this.drawn === undefined) {
      this.waiting.push(...records)
      return
    }
    const subjects: TrendSubject[] = []
    for (const record of records) {
      if (record.kind !== 'test-duration') continue
      subjects.push({ id: measurementId(record), kind: record.kind, medianMs: record.result.medianMs, p95Ms: record.result.p95Ms })
    }
    if (subjects.length > 0) trendsFor(subjects, this.drawn.runs, this.drawn.thisRun, 0, this.known)
  }

  /**
   * The trends made so far and their run table, for the run end's `trendsFor`, when `history` gives test durations
   * the same runs they were drawn from and `thisRun` is the run they end at; otherwise nothing. Taken once.
   */
  take(history: readonly HistoryRun[], thisRun: TrendRun): KnownTrends | undefined {
    const drawn = this.drawn
    this.drawn = undefined
    if (drawn === undefined || !sameRun(drawn.thisRun, thisRun)) return undefined
    const recent = testDurationRuns(history)
    if (recent.length !== drawn.recent.length || recent.some((run, i) => run.runId !== drawn.recent[i]?.runId)) return undefined
    return this.known
  }
}

function sameRun(a: TrendRun, b: TrendRun): boolean {
  return a.commit === b.commit && a.branch === b.branch && a.time === b.time
}
