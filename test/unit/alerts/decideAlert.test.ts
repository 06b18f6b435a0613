import { describe, expect, it } from 'vitest'
import { decideAlert, DEFAULT_WINDOW_MS, pruneSent, RETENTION_MARGIN_MS } from '../../../src/alerts/decideAlert.js'
import { DAY_MS } from './fakeNotifierServer.js'

const policy = { windowMs: DEFAULT_WINDOW_MS, worseFactor: 2 }

describe('decideAlert()', () => {
  it('sends the first alert of a key', () => {
    expect(decideAlert(undefined, 1500, 0, policy)).toEqual({ kind: 'send', reason: 'first' })
  })

  it('suppresses a repeat for 10 days, up to the last millisecond', () => {
    const previous = { sentAt: 0, severity: 1500 }
    expect(decideAlert(previous, 1500, DAY_MS, policy)).toEqual({ kind: 'suppress', untilMs: 10 * DAY_MS })
    expect(decideAlert(previous, 1500, 10 * DAY_MS - 1, policy).kind).toBe('suppress')
    expect(decideAlert(previous, 1500, 10 * DAY_MS, policy)).toEqual({ kind: 'send', reason: 'window-expired' })
  })

  it('sends inside the window when the severity reached the worse factor', () => {
    const previous = { sentAt: 0, severity: 1000 }
    expect(decideAlert(previous, 1999, DAY_MS, policy).kind).toBe('suppress')
    expect(decideAlert(previous, 2000, DAY_MS, policy)).toEqual({ kind: 'send', reason: 'worse' })
  })
})

describe('pruneSent()', () => {
  it('keeps entries for the window plus one day, and drops older ones', () => {
    const now = 30 * DAY_MS
    const entries = {
      fresh: { sentAt: now - DAY_MS, severity: 1 },
      justKept: { sentAt: now - DEFAULT_WINDOW_MS - RETENTION_MARGIN_MS, severity: 1 },
      old: { sentAt: now - DEFAULT_WINDOW_MS - RETENTION_MARGIN_MS - 1, severity: 1 },
    }
    expect(Object.keys(pruneSent(entries, now, policy))).toEqual(['fresh', 'justKept'])
  })
})
