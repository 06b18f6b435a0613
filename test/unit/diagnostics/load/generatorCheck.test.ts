import { describe, expect, it } from 'vitest'
import { generatorCheck, saturationText } from '../../../../src/diagnostics/load/generatorCheck.js'
import { latency } from './loadResultFixture.js'

describe('generatorCheck()', () => {
  it('passes a punctual generator on a quiet event loop', () => {
    const check = generatorCheck({ model: 'open', lag: latency(0.6, { p99Ms: 1.4 }), eventLoopUtilization: 0.3, cpuPercent: 35 })
    expect(check.saturated).toBe(false)
    expect(saturationText(check)).toBeUndefined()
  })

  it('flags a scheduler lag p99 above 1 ms beyond the 1 ms timer resolution', () => {
    const check = generatorCheck({ model: 'open', lag: latency(1, { p99Ms: 2.5 }), eventLoopUtilization: 0.3, cpuPercent: 35 })
    expect(check.saturated).toBe(true)
    expect(saturationText(check)).toBe('load generator saturated: scheduler lag p99 2.50 ms > 2.00 ms')
  })

  it('flags an event loop busy at least 90% of the run', () => {
    const check = generatorCheck({ model: 'closed', lag: latency(0, { count: 0 }), eventLoopUtilization: 0.95, cpuPercent: 99 })
    expect(check.reasons).toEqual([expect.stringMatching(/^event loop busy 95% of the run/)])
  })

  it('ignores the lag of too few starts to have a p99', () => {
    expect(generatorCheck({ model: 'open', lag: latency(5, { count: 10 }), eventLoopUtilization: 0.1, cpuPercent: 5 }).saturated).toBe(
      false,
    )
  })
})
