import { describe, expect, it } from 'vitest'
import { alertKey, measurementAlertKey, requestAlertKey } from '../../../src/alerts/alertKey.js'

describe('alert keys', () => {
  it('are fixed-length hashes that keep parts apart', () => {
    expect(alertKey(['a b', 'c'])).toMatch(/^[0-9a-f]{24}$/)
    expect(alertKey(['a b', 'c'])).not.toBe(alertKey(['a', 'b c']))
  })

  it('ignore the order of request parameters but not their values', () => {
    const base = { method: 'get', route: '/users/:id', path: '/users/:id' }
    const key = requestAlertKey({
      ...base,
      params: [
        ['b', '2'],
        ['a', '1'],
      ],
    })
    expect(
      requestAlertKey({
        ...base,
        method: 'GET',
        params: [
          ['a', '1'],
          ['b', '2'],
        ],
      }),
    ).toBe(key)
    expect(
      requestAlertKey({
        ...base,
        params: [
          ['a', '1'],
          ['b', '3'],
        ],
      }),
    ).not.toBe(key)
  })

  it('separate budget and regression alerts of one measurement', () => {
    expect(measurementAlertKey('budget', 'a.test.ts > t > m')).not.toBe(measurementAlertKey('regression', 'a.test.ts > t > m'))
  })
})
