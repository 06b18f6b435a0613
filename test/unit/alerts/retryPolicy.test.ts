import { describe, expect, it } from 'vitest'
import { backoffMs, nextWaitMs, parseRetryAfter } from '../../../src/alerts/retryPolicy.js'

describe('backoffMs()', () => {
  it('doubles per retry with half of each wait random (equal jitter)', () => {
    expect([1, 2, 3].map((retry) => backoffMs(retry, () => 0))).toEqual([500, 1000, 2000])
    expect([1, 2, 3].map((retry) => backoffMs(retry, () => 1))).toEqual([1000, 2000, 4000])
  })

  it('never waits more than 30 s for one backoff', () => {
    expect(backoffMs(20, () => 1)).toBe(30_000)
  })
})

describe('parseRetryAfter()', () => {
  const now = Date.parse('2026-11-01T00:00:00Z')
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter('Sun, 01 Nov 2026 00:00:30 GMT', now)).toBe(30_000)
  })
  it('reads a past date as now and ignores garbage', () => {
    expect(parseRetryAfter('Sat, 31 Oct 2026 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})

describe('nextWaitMs()', () => {
  it('waits for Retry-After when it is longer than the backoff, and gives up beyond the cap', () => {
    expect(nextWaitMs(1, 7000, () => 0, 60_000)).toBe(7000)
    expect(nextWaitMs(1, 100, () => 0, 60_000)).toBe(500)
    expect(nextWaitMs(1, 120_000, () => 0, 60_000)).toBeUndefined()
  })
})
