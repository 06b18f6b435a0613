import { describe, expect, it } from 'vitest'
import type { LoopProbe } from '../../../src/diagnostics/loopSlices.js'
import { LoopSliceWatcher } from '../../../src/diagnostics/loopSlices.js'

/** A scripted event loop: `run(ms)` is active time, `idle(ms)` waiting; `tick()` fires the watcher's timer. */
function scriptedLoop() {
  let now = 0
  let active = 0
  let tick: (() => void) | undefined
  const started: number[] = []
  const probe: LoopProbe = {
    activeMs: () => active,
    clock: () => now,
    startTicker: (fn) => {
      tick = fn
      started.push(now)
      return 'ticker'
    },
    stopTicker: () => {
      tick = undefined
    },
  }
  return {
    probe,
    started,
    run: (ms: number) => {
      now += ms
      active += ms
    },
    idle: (ms: number): void => {
      now += ms
    },
    tick: () => tick?.(),
    ticking: () => tick !== undefined,
  }
}

describe('LoopSliceWatcher', () => {
  it('measures a slice as the active time between two ticks, idle time excluded', () => {
    const loop = scriptedLoop()
    const watcher = new LoopSliceWatcher(loop.probe, 2)
    const watch = watcher.begin(true)
    loop.idle(0.7)
    loop.tick()
    loop.run(20)
    loop.idle(0.4)
    loop.tick()
    loop.run(0.3)
    const report = watcher.end(watch)
    expect(report.longest.ms).toBe(20)
    expect(report.longest.startMs).toBeCloseTo(0.7)
    expect(report.longest.endMs).toBeCloseTo(21.1)
    expect(report.slices.map((s) => s.ms)).toEqual([20])
  })

  it('lists every slice over the floor for a detailed watch, the last partial one included', () => {
    const loop = scriptedLoop()
    const watcher = new LoopSliceWatcher(loop.probe, 2)
    const watch = watcher.begin(true)
    for (const ms of [1, 5, 1.9, 3]) {
      loop.run(ms)
      loop.tick()
      loop.idle(1)
    }
    loop.run(2.5)
    expect(watcher.end(watch).slices.map((s) => s.ms)).toEqual([5, 3, 2.5])
  })

  it('does not blame a watch for activity from before it began', () => {
    const loop = scriptedLoop()
    const watcher = new LoopSliceWatcher(loop.probe, 2)
    const earlier = watcher.begin()
    loop.run(30)
    const later = watcher.begin()
    loop.run(1)
    loop.tick()
    expect(watcher.end(later).longest.ms).toBe(1)
    expect(watcher.end(earlier).longest.ms).toBe(31)
  })

  it('runs one ticker while any watch is open and stops it with the last one', () => {
    const loop = scriptedLoop()
    const watcher = new LoopSliceWatcher(loop.probe)
    const a = watcher.begin()
    const b = watcher.begin()
    expect(loop.started).toHaveLength(1)
    watcher.end(a)
    expect(loop.ticking()).toBe(true)
    watcher.end(b)
    expect(loop.ticking()).toBe(false)
    expect(() => watcher.end(b)).toThrow(/already closed/)
  })

  it('reports the longest slice even under the floor (a clean function)', () => {
    const loop = scriptedLoop()
    const watcher = new LoopSliceWatcher(loop.probe, 2)
    const watch = watcher.begin(true)
    loop.run(0.4)
    loop.tick()
    loop.idle(5)
    loop.tick()
    loop.run(0.1)
    const report = watcher.end(watch)
    expect(report.longest.ms).toBeCloseTo(0.4)
    expect(report.slices).toEqual([])
  })
})

describe('LoopSliceWatcher on the real event loop', () => {
  it('finds a 20 ms busy loop inside an async function, within 2 ms', async () => {
    const watcher = new LoopSliceWatcher()
    const watch = watcher.begin(true)
    await new Promise((resolve) => setTimeout(resolve, 5))
    const start = performance.now()
    while (performance.now() - start < 20);
    await new Promise((resolve) => setTimeout(resolve, 5))
    const { longest } = watcher.end(watch)
    expect(longest.ms).toBeGreaterThanOrEqual(19.9)
    // Generous upper bound: this machine is shared, the OS preempting the worker mid-slice stretches it.
    expect(longest.ms).toBeLessThan(100)
  })
})

describe('LoopSliceWatcher with a linger time', () => {
  it('keeps one ticker across back-to-back watches and stops it once idle for the linger time', () => {
    const loop = scriptedLoop()
    const watcher = new LoopSliceWatcher(loop.probe, 2, 100)
    watcher.end(watcher.begin())
    loop.idle(1)
    loop.tick()
    watcher.end(watcher.begin())
    expect(loop.started).toHaveLength(1)
    loop.idle(99)
    loop.tick()
    expect(loop.ticking()).toBe(true)
    loop.idle(2)
    loop.tick()
    expect(loop.ticking()).toBe(false)
    watcher.end(watcher.begin())
    expect(loop.started).toHaveLength(2)
  })
})
