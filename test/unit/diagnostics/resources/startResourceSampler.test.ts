import { describe, expect, it } from 'vitest'
import { resourceSamplingEnabled } from '../../../../src/diagnostics/resources/resourceSamplingEnabled.js'
import { startResourceSampler } from '../../../../src/diagnostics/resources/startResourceSampler.js'
import { thinSamples } from '../../../../src/diagnostics/resources/thinSamples.js'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A monotonic clock the test moves by hand (the sampler's timer stays real, so ticks only come from sleeping). */
function manualClock(): { clock: () => number; advance(ms: number): void } {
  let nowMs = 0
  return {
    clock: () => nowMs,
    advance: (ms) => {
      nowMs += ms
    },
  }
}

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
    // The 60 ms busy loop shows up at the mark that ends it: the loop was busy and the timer overdue.
    expect(Math.max(...timeline.samples.map((s) => s.eventLoopUtilization))).toBeGreaterThan(0.3)
    expect(Math.max(...timeline.samples.map((s) => s.eventLoopDelayMaxMs))).toBeGreaterThan(10)
    const times = timeline.samples.map((s) => s.atMs)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    // Each file ends where the next one starts, the last one at the final reading.
    expect(timeline.marks[0]?.endAtMs).toBeLessThanOrEqual(timeline.marks[1]?.atMs ?? 0)
    expect(timeline.marks[1]?.endAtMs).toBe(times[times.length - 1])
  })

  it("counts the JS thread's CPU time with counters: 'thread' (Linux), and says so on the timeline", () => {
    const threadSampler = startResourceSampler({ intervalMs: 10_000, counters: 'thread' })
    const end = performance.now() + 30
    while (performance.now() < end) {}
    const timeline = threadSampler.stop()
    expect(timeline.cpuScope).toBe(process.platform === 'linux' ? 'thread' : undefined)
    expect(timeline.samples.length).toBeGreaterThanOrEqual(2)
    for (const s of timeline.samples) expect(s.cpuPercent).toBeGreaterThanOrEqual(0)
    expect(startResourceSampler({ intervalMs: 10_000 }).stop().cpuScope).toBeUndefined()
  })

  it("resumes from the previous sampler's closing reading: no reading of its own at start or at its first mark", () => {
    const spin = (ms: number): void => {
      const end = performance.now() + ms
      while (performance.now() < end) {}
    }
    const first = startResourceSampler({ intervalMs: 10_000, counters: 'thread', resume: true })
    first.mark('test/a.test.ts')
    spin(15)
    const a = first.stop()
    expect(a.samples.length).toBeGreaterThanOrEqual(2)
    const second = startResourceSampler({ intervalMs: 10_000, counters: 'thread', resume: true })
    second.mark('test/b.test.ts')
    spin(40)
    const b = second.stop()
    // One reading: the closing one, over the interval since the first sampler's closing reading (the spin, mostly).
    expect(b.samples).toHaveLength(1)
    expect(b.samples[0]?.atMs).toBeGreaterThan(a.samples[a.samples.length - 1]?.atMs ?? 0)
    expect(b.samples[0]?.cpuPercent).toBeGreaterThan(20)
    expect(b.samples[0]?.cpuPercent).toBeLessThan(150)
    expect(b.marks.map((m) => m.label)).toEqual(['test/b.test.ts'])
    // Taken once: a third resuming sampler, started after the second stopped, resumes from the second's reading.
    const third = startResourceSampler({ intervalMs: 10_000, counters: 'thread', resume: true })
    third.mark('test/c.test.ts')
    expect(third.stop().samples.length).toBeLessThanOrEqual(1)
  })

  it.runIf(process.platform === 'linux')('does not resume across counter scopes', () => {
    // Takes whatever thread reading an earlier test left, and keeps its own until the end.
    const running = startResourceSampler({ intervalMs: 10_000, counters: 'thread', resume: true })
    startResourceSampler({ intervalMs: 10_000, counters: 'process', resume: true }).stop()
    // Another scope: its own first reading (a resumed sampler stopped at once has none).
    expect(startResourceSampler({ intervalMs: 10_000, counters: 'thread', resume: true }).stop().samples).toHaveLength(1)
    running.stop()
  })

  it('does not resume with an injected clock or without resume, and leaves the reading to the next one that may', () => {
    const { clock } = manualClock()
    startResourceSampler({ intervalMs: 10_000, counters: 'process', resume: true }).stop()
    expect(startResourceSampler({ intervalMs: 10_000, counters: 'process', resume: true, clock }).stop().samples).toHaveLength(1)
    expect(startResourceSampler({ intervalMs: 10_000, counters: 'process' }).stop().samples).toHaveLength(1)
    // Still there for a resuming sampler on the real clock, stopped within 10 ms: no reading of its own.
    expect(startResourceSampler({ intervalMs: 10_000, counters: 'process', resume: true }).stop().samples).toHaveLength(0)
  })

  it('starts afresh after a gap of more than 2 s (a worker kept between watch runs)', async () => {
    startResourceSampler({ intervalMs: 10_000, counters: 'process', resume: true }).stop()
    await sleep(2_100)
    const afresh = startResourceSampler({ intervalMs: 10_000, counters: 'process', resume: true }).stop().samples
    // Its first reading covers the process's life (a real share of a core); resumed, it would cover the 2 s of sleep.
    expect(afresh).toHaveLength(1)
    expect(afresh[0]?.cpuPercent).toBeGreaterThan(5)
  })

  it('takes a first reading at once, covering the process so far, so the first file has one before it', () => {
    const sampler = startResourceSampler({ intervalMs: 10_000 })
    sampler.mark('test/first.test.ts')
    const timeline = sampler.stop()
    expect(timeline.samples.length).toBeGreaterThanOrEqual(1)
    expect(timeline.samples[0]?.atMs).toBeLessThanOrEqual(timeline.marks[0]?.atMs ?? 0)
    // CPU since the process started: this test process has used some.
    expect(timeline.samples[0]?.cpuPercent).toBeGreaterThan(0)
  })

  it('hands out what it read since the last flush and goes on sampling', () => {
    const { clock, advance } = manualClock()
    const sampler = startResourceSampler({ intervalMs: 10_000, clock })
    sampler.mark('test/a.test.ts')
    advance(50)
    const first = sampler.flush()
    expect(first.marks.map((m) => m.label)).toEqual(['test/a.test.ts'])
    expect(first.samples).toHaveLength(2) // the first reading and the closing one
    expect(first.elapsedMs).toBe(50)
    sampler.mark('test/b.test.ts')
    advance(30)
    const second = sampler.stop()
    expect(second.marks.map((m) => m.label)).toEqual(['test/b.test.ts'])
    expect(second.samples).toHaveLength(1)
    expect(second.elapsedMs).toBe(30)
  })

  it('skips a boundary reading when the last one is under 10 ms old', () => {
    const { clock, advance } = manualClock()
    const sampler = startResourceSampler({ intervalMs: 10_000, clock })
    advance(3)
    sampler.mark('test/tiny.test.ts')
    advance(3)
    expect(sampler.stop().samples).toHaveLength(1)
  })

  it('puts a block that lasts until a file ends on that file, and not again on the next one', () => {
    const { clock, advance } = manualClock()
    const sampler = startResourceSampler({ intervalMs: 250, clock })
    sampler.mark('test/blocks.test.ts')
    // The loop was held 700 ms: the 250 ms timer could not fire, so it is 450 ms overdue at the file's end.
    advance(700)
    const blocking = sampler.flush()
    expect(blocking.samples[blocking.samples.length - 1]?.eventLoopDelayMaxMs).toBeGreaterThanOrEqual(450)
    sampler.mark('test/next.test.ts')
    advance(20)
    const next = sampler.stop()
    // Only the 20 ms since the first file's end can count here.
    expect(next.samples[next.samples.length - 1]?.eventLoopDelayMaxMs).toBeLessThan(100)
  })

  it('thins its readings and doubles the interval when it reaches the cap', async () => {
    const sampler = startResourceSampler({ intervalMs: 5, maxSamples: 4 })
    await sleep(150)
    const timeline = sampler.stop()
    expect(timeline.samples.length).toBeLessThanOrEqual(4)
    expect(timeline.intervalMs).toBeGreaterThan(5)
  })

  it('never keeps the process alive and stops reading once stopped', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    const sampler = startResourceSampler({ intervalMs: 5 })
    // Its interval is unref'd: active, but not holding the process open (unref'd timers are not listed).
    expect(timers()).toBe(before)
    sampler.stop()
    await sleep(30)
    // Nothing read after stop: a flush returns no new readings.
    expect(sampler.flush().samples).toEqual([])
  })

  it("reuses a stopped sampler's delay monitor in the next one (one per Jest test file), never handing it out twice", async () => {
    const { monitorEventLoopDelay } = await import('node:perf_hooks')
    const slots = monitorEventLoopDelay as unknown as Record<symbol, unknown>
    // Default interval 250 ms: monitor resolution 10 ms.
    const key = Symbol.for('perf-sentinel.idleDelayMonitor.10')
    const first = startResourceSampler()
    first.stop()
    const idle = slots[key]
    expect(idle).toBeDefined()
    const second = startResourceSampler()
    expect(slots[key]).toBeUndefined()
    // A second stop() of the first sampler must not put the monitor the second one now uses back in the slot.
    first.stop()
    expect(slots[key]).toBeUndefined()
    // The reused monitor measures again: a 60 ms block shows up in the second sampler's readings.
    await sleep(30)
    const end = performance.now() + 60
    while (performance.now() < end) {}
    await sleep(30)
    const timeline = second.stop()
    expect(Math.max(...timeline.samples.map((sample) => sample.eventLoopDelayMaxMs))).toBeGreaterThanOrEqual(30)
    expect(slots[key]).toBe(idle)
  })

  it('costs a small share of the time it runs, by its own account', async () => {
    // A first sampler warms the readings up: a cold first reading took up to ~9 ms on a loaded machine.
    startResourceSampler({ intervalMs: 1000 }).stop()
    const sampler = startResourceSampler({ intervalMs: 20 })
    await sleep(200)
    const timeline = sampler.stop()
    // A warm reading took 0.03–0.45 ms on a loaded 2-core machine; at 12× the default rate still under 5%.
    expect(timeline.samplingMs / timeline.elapsedMs).toBeLessThan(0.05)
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
