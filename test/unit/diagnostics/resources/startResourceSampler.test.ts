import { describe, expect, it } from 'vitest'
import { resourceSamplingEnabled } from '../../../../src/diagnostics/resources/resourceSamplingEnabled.js'
import { startResourceSampler } from '../../../../src/diagnostics/resources/startResourceSampler.js'
import { thinSamples } from '../../../../src/diagnostics/resources/thinSamples.js'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('startResourceSampler()', () => {
  it('samples CPU, RSS, heap and the event loop at its interval, with the test files marked', async () => {
    const sampler = startResourceSampler({ intervalMs: 20 })
    sampler.mark('test/a.test.ts')
    const end = performance.now() + 60
    while (performance.now() < end) {}
    sampler.mark('test/b.test.ts')
    await sleep(120)
    const timeline = sampler.stop()
    expect(timeline.worker).toMatch(/^\d+(\/\d+)?$/)
    expect(timeline.samples.length).toBeGreaterThanOrEqual(3)
    expect(timeline.marks.map((m) => m.label)).toEqual(['test/a.test.ts', 'test/b.test.ts'])
    for (const s of timeline.samples) {
      expect(s.rssBytes).toBeGreaterThan(10_000_000)
      expect(s.heapUsedBytes).toBeGreaterThan(1_000_000)
      expect(s.eventLoopUtilization).toBeGreaterThanOrEqual(0)
      expect(s.eventLoopUtilization).toBeLessThanOrEqual(1)
      expect(s.cpuPercent).toBeGreaterThanOrEqual(0)
    }
    // The 60 ms busy loop shows up in the first reading after it: the loop was busy and the CPU too.
    expect(Math.max(...timeline.samples.map((s) => s.eventLoopUtilization))).toBeGreaterThan(0.3)
    expect(Math.max(...timeline.samples.map((s) => s.eventLoopDelayMaxMs))).toBeGreaterThan(10)
    const times = timeline.samples.map((s) => s.atMs)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    // A reading costs tens of µs: at this 20 ms interval (12× the default rate) still well under 1% of the time.
    expect(timeline.samplingMs / timeline.samples.length).toBeLessThan(0.5)
    expect(timeline.samplingMs / timeline.elapsedMs).toBeLessThan(0.02)
  })

  it('thins its readings and doubles the interval when it reaches the cap', async () => {
    const sampler = startResourceSampler({ intervalMs: 5, maxSamples: 4 })
    await sleep(150)
    const timeline = sampler.stop()
    expect(timeline.samples.length).toBeLessThanOrEqual(4)
    expect(timeline.intervalMs).toBeGreaterThan(5)
  })

  it('never keeps the process alive and stops reading once stopped', async () => {
    const sampler = startResourceSampler({ intervalMs: 5 })
    const timeline = sampler.stop()
    const count = timeline.samples.length
    await sleep(30)
    expect(timeline.samples.length).toBe(count)
  })
})

describe('thinSamples()', () => {
  it('keeps every other reading, the first one included', () => {
    expect(thinSamples([1, 2, 3, 4, 5])).toEqual([1, 3, 5])
  })
})

describe('resourceSamplingEnabled()', () => {
  it('is on by default and off with PERF_SENTINEL_RESOURCES=0, false or off', () => {
    expect(resourceSamplingEnabled(undefined, {})).toBe(true)
    for (const value of ['0', 'false', 'OFF', ' no '])
      expect(resourceSamplingEnabled(undefined, { PERF_SENTINEL_RESOURCES: value })).toBe(false)
    expect(resourceSamplingEnabled(undefined, { PERF_SENTINEL_RESOURCES: '1' })).toBe(true)
  })

  it('lets the option win over the environment', () => {
    expect(resourceSamplingEnabled(false, {})).toBe(false)
    expect(resourceSamplingEnabled(true, { PERF_SENTINEL_RESOURCES: '0' })).toBe(true)
  })
})
