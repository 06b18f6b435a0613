import { describe, expect, it } from 'vitest'
import { cronFromFlags, cronTimes } from '../../../src/cli/schedule/cronSpec.js'
import type { JobOutcome, ScheduleState } from '../../../src/cli/schedule/scheduler.js'
import { createScheduler } from '../../../src/cli/schedule/scheduler.js'
import { isPerfSentinelError } from '../../../src/errors.js'

/** Fake time: timers fire in order as `advanceTo` moves the clock; promises settle between them. */
class FakeTime {
  private timers: Array<{ id: number; at: number; fn: () => void }> = []
  private nextId = 1
  constructor(public t: number) {}
  now = (): number => this.t
  setTimer = (fn: () => void, ms: number): number => {
    const id = this.nextId++
    this.timers.push({ id, at: this.t + ms, fn })
    return id
  }
  clearTimer = (id: unknown): void => {
    this.timers = this.timers.filter((timer) => timer.id !== id)
  }
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
  }
  async advanceTo(target: number): Promise<void> {
    await this.settle()
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (!due) break
      this.timers = this.timers.filter((timer) => timer !== due)
      this.t = Math.max(this.t, due.at)
      due.fn()
      await this.settle()
    }
    this.t = target
  }
}

interface Harness {
  time: FakeTime
  runs: Date[]
  log: Array<Record<string, unknown>>
  state: { value: ScheduleState | undefined }
  maxConcurrent: number
  scheduler: ReturnType<typeof createScheduler>
}

function harness(options: { cron: string; timezone?: string; startIso: string; jobMs?: number; state?: ScheduleState }): Harness {
  const time = new FakeTime(Date.parse(options.startIso))
  const runs: Date[] = []
  const log: Array<Record<string, unknown>> = []
  const state = { value: options.state }
  let concurrent = 0
  const h: Harness = { time, runs, log, state, maxConcurrent: 0, scheduler: undefined as never }
  h.scheduler = createScheduler({
    cron: options.cron,
    timezone: options.timezone,
    ...cronTimes(options.cron, options.timezone),
    now: time.now,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
    runJob: (slot, signal) =>
      new Promise<JobOutcome>((resolve) => {
        runs.push(slot)
        concurrent++
        h.maxConcurrent = Math.max(h.maxConcurrent, concurrent)
        const finish = (exitCode: number | null): void => {
          concurrent--
          resolve({ exitCode, timedOut: false, findings: [] })
        }
        const timer = time.setTimer(() => finish(0), options.jobMs ?? 60_000)
        signal.addEventListener('abort', () => {
          time.clearTimer(timer)
          finish(null)
        })
      }),
    loadState: async () => state.value,
    saveState: async (next) => {
      state.value = next
    },
    log: (entry) => log.push(entry),
  })
  return h
}

/** The local calendar date and hour of `date` in `timeZone`. */
function local(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date)
}

describe('createScheduler() under fake time', () => {
  it.each([
    // [time zone, cron, from, to, local times expected]
    [
      'Europe/Berlin',
      '0 2 * * *',
      '2025-03-27T12:00:00Z',
      '2025-04-01T12:00:00Z',
      ['2025-03-28, 02:00', '2025-03-29, 02:00', '2025-03-30, 03:00', '2025-03-31, 02:00', '2025-04-01, 02:00'],
    ],
    [
      'Europe/Berlin',
      '30 2 * * *',
      '2025-10-24T12:00:00Z',
      '2025-10-28T12:00:00Z',
      ['2025-10-25, 02:30', '2025-10-26, 02:30', '2025-10-27, 02:30', '2025-10-28, 02:30'],
    ],
    [
      'America/New_York',
      '30 2 * * *',
      '2025-03-07T12:00:00Z',
      '2025-03-11T12:00:00Z',
      ['2025-03-08, 02:30', '2025-03-09, 03:00', '2025-03-10, 02:30', '2025-03-11, 02:30'],
    ],
    [
      'America/New_York',
      '30 1 * * *',
      '2025-10-31T12:00:00Z',
      '2025-11-04T12:00:00Z',
      ['2025-11-01, 01:30', '2025-11-02, 01:30', '2025-11-03, 01:30', '2025-11-04, 01:30'],
    ],
  ])(
    'runs %s "%s" once per local day across the DST change (%s → %s): no duplicate, no missed run',
    async (timezone, cron, from, to, expected) => {
      const h = harness({ cron, timezone, startIso: from })
      await h.scheduler.start()
      await h.time.advanceTo(Date.parse(to))
      expect(h.runs.map((slot) => local(slot, timezone))).toEqual(expected)
      const ends = h.log.filter((e) => e.event === 'run-end')
      expect(ends).toHaveLength(expected.length)
      expect(ends.every((e) => e.exitCode === 0 && typeof e.start === 'string' && typeof e.end === 'string')).toBe(true)
      await h.scheduler.stop('test')
    },
  )

  it('never overlaps runs: slots during a run are skipped and logged', async () => {
    const h = harness({ cron: '*/10 * * * *', startIso: '2025-01-01T00:00:30Z', jobMs: 25 * 60_000 })
    await h.scheduler.start()
    await h.time.advanceTo(Date.parse('2025-01-01T01:05:00Z'))
    expect(h.maxConcurrent).toBe(1)
    expect(h.runs.map((d) => d.toISOString().slice(11, 16))).toEqual(['00:10', '00:40'])
    expect(h.log.filter((e) => e.event === 'skipped').map((e) => String(e.slot).slice(11, 16))).toEqual([
      '00:20',
      '00:30',
      '00:50',
      '01:00',
    ])
    await h.scheduler.stop('test')
  })

  it('persists the last run, so a restart runs a missed slot once and never repeats one', async () => {
    const tz = 'Europe/Berlin'
    const first = harness({ cron: '0 2 * * *', timezone: tz, startIso: '2025-03-27T12:00:00Z' })
    await first.scheduler.start()
    expect(first.runs).toEqual([]) // a new schedule waits for its first slot
    await first.time.advanceTo(Date.parse('2025-03-28T12:00:00Z'))
    await first.scheduler.stop('SIGTERM')
    expect(first.runs.map((d) => local(d, tz))).toEqual(['2025-03-28, 02:00'])
    // Down for a day: the slot of the 29th was missed.
    const second = harness({ cron: '0 2 * * *', timezone: tz, startIso: '2025-03-29T08:00:00Z', state: first.state.value })
    await second.scheduler.start()
    await second.time.advanceTo(Date.parse('2025-03-29T09:00:00Z'))
    expect(second.runs.map((d) => local(d, tz))).toEqual(['2025-03-29, 02:00'])
    expect(second.log.find((e) => e.event === 'catch-up')).toMatchObject({ lastSlot: '2025-03-28T01:00:00.000Z' })
    await second.scheduler.stop('SIGTERM')
    // Restarted again the same morning: nothing to catch up, the next run is the next slot.
    const third = harness({ cron: '0 2 * * *', timezone: tz, startIso: '2025-03-29T10:00:00Z', state: second.state.value })
    await third.scheduler.start()
    await third.time.advanceTo(Date.parse('2025-03-30T12:00:00Z'))
    expect(third.runs.map((d) => local(d, tz))).toEqual(['2025-03-30, 03:00'])
    await third.scheduler.stop('SIGTERM')
  })

  it('does not repeat a run the previous process died in, and says so', async () => {
    const state: ScheduleState = {
      schemaVersion: 1,
      cron: '0 2 * * *',
      timezone: null,
      lastSlot: '2025-01-02T02:00:00.000Z',
      lastStartedAt: '2025-01-02T02:00:00.000Z',
    }
    const h = harness({ cron: '0 2 * * *', startIso: '2025-01-02T03:00:00Z', state })
    await h.scheduler.start()
    await h.time.advanceTo(Date.parse('2025-01-02T04:00:00Z'))
    expect(h.log.find((e) => e.event === 'interrupted')).toMatchObject({ slot: '2025-01-02T02:00:00.000Z' })
    await h.scheduler.stop('test')
  })

  it('stop() aborts the running job and waits for it', async () => {
    const h = harness({ cron: '* * * * *', startIso: '2025-01-01T00:00:00Z', jobMs: 10 * 60_000 })
    await h.scheduler.start()
    await h.time.advanceTo(Date.parse('2025-01-01T00:01:30Z'))
    expect(h.runs).toHaveLength(1)
    await h.scheduler.stop('SIGINT')
    const end = h.log.find((e) => e.event === 'run-end')
    expect(end).toMatchObject({ stopped: true, exitCode: null })
    expect(h.log[h.log.length - 1]).toMatchObject({ event: 'stop', reason: 'SIGINT' })
    expect(h.state.value?.lastFinishedAt).toBeDefined()
  })

  it('waits past setTimeout’s longest delay by re-arming (a slot two months away)', async () => {
    const h = harness({ cron: '0 0 1 3 *', startIso: '2025-01-01T00:00:00Z' })
    await h.scheduler.start()
    await h.time.advanceTo(Date.parse('2025-03-02T00:00:00Z'))
    expect(h.runs.map((d) => d.toISOString())).toEqual([new Date(2025, 2, 1).toISOString()])
    await h.scheduler.stop('test')
  })
})

describe('cronFromFlags()', () => {
  it('turns --every, --daily and --weekly into cron patterns', () => {
    expect(cronFromFlags({ every: 15 })).toBe('*/15 * * * *')
    expect(cronFromFlags({ every: 120 })).toBe('0 */2 * * *')
    expect(cronFromFlags({ daily: '02:30' })).toBe('30 2 * * *')
    expect(cronFromFlags({ weekly: 'mon@03:15' })).toBe('15 3 * * 1')
    expect(cronFromFlags({ cron: '0 2 * * *', timezone: 'Europe/Berlin' })).toBe('0 2 * * *')
  })

  it.each([
    [{}, 'no schedule given'],
    [{ cron: '0 2 * * *', every: 5 }, 'give one schedule, not --cron and --every'],
    [{ cron: 'every night' }, 'invalid cron pattern "every night"'],
    [{ daily: '25:00' }, '--daily needs a time HH:MM'],
    [{ weekly: 'someday' }, '--weekly needs a day'],
    [{ every: 7 * 60 }, 'does not divide a day'],
    [{ cron: '0 2 * * *', timezone: 'Mars/Olympus' }, 'unknown time zone "Mars/Olympus"'],
  ])('rejects %j as a usage error', (flags, message) => {
    try {
      cronFromFlags(flags)
      expect.unreachable()
    } catch (error) {
      expect(isPerfSentinelError(error, 'E_USAGE')).toBe(true)
      expect((error as Error).message).toContain(message)
    }
  })
})
