import { describe, expect, it } from 'vitest'
import { isPerfSentinelError } from '../../../src/errors.js'
import { MEASUREMENT_CAP_MS } from '../../../src/measure/plan.js'
import { runMeasurement } from '../../../src/measure/runMeasurement.js'

/** A clock the subject advances: each call "takes" `callMs` without burning real time. */
function fakeClock(callMs: number) {
  let now = 0
  let calls = 0
  return {
    clock: () => now,
    subject: () => {
      calls++
      now += callMs
    },
    calls: () => calls,
  }
}

describe('the measurement cap', () => {
  it('stops a 2 s sync subject after the calls that fit under the cap, instead of ~14 calls', () => {
    const fake = fakeClock(2000)
    const result = runMeasurement('slow', fake.subject, { clock: fake.clock }, 'test') as Awaited<ReturnType<typeof runMeasurement>>
    expect(fake.calls()).toBeLessThanOrEqual(2)
    expect(result.stoppedAtCapMs).toBe(MEASUREMENT_CAP_MS)
    expect(result.n).toBeGreaterThanOrEqual(1)
    expect(result.medianMs).toBeGreaterThan(1000)
  })

  it('makes a single call of a 30 s subject the whole measurement', () => {
    const fake = fakeClock(30_000)
    const result = runMeasurement('very slow', fake.subject, { clock: fake.clock }, 'test') as Awaited<ReturnType<typeof runMeasurement>>
    expect(fake.calls()).toBe(1)
    expect(result.n).toBe(1)
    expect(result.stoppedAtCapMs).toBe(MEASUREMENT_CAP_MS)
  })

  it('leaves fast subjects alone', () => {
    const fake = fakeClock(0.01)
    const result = runMeasurement('fast', fake.subject, { clock: fake.clock, timeMs: 50 }, 'test') as Awaited<
      ReturnType<typeof runMeasurement>
    >
    expect(result.stoppedAtCapMs).toBeUndefined()
    expect(result.n).toBeGreaterThanOrEqual(10)
  })

  it('fails a never-settling async subject at the cap with its own message', async () => {
    let calls = 0
    const never = () => {
      calls++
      return new Promise<void>(() => undefined)
    }
    const started = Date.now()
    const error = await (runMeasurement('hangs', never, { timeMs: 100 }, 'test') as Promise<unknown>).catch((e: unknown) => e)
    expect(isPerfSentinelError(error, 'E_SUBJECT')).toBe(true)
    expect((error as Error).message).toContain('hangs: the subject did not settle within 3000 ms')
    expect(calls).toBe(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900)
  })
})
