import { getHeapStatistics } from 'node:v8'
import { describe, expect, it } from 'vitest'
import type { AllocationMeasurement } from '../../../../src/diagnostics/memory/measureAllocation.js'
import { measureAllocation, outlierWindow } from '../../../../src/diagnostics/memory/measureAllocation.js'
import { oneKilobyte, tenPercentMore } from './memoryFixtures.js'

describe('measureAllocation()', () => {
  it('measures ~1 KB per call of a 1 KB fixture with a CV ≤ 5% over its 10 runs, labelled an estimate on this Node', () => {
    const m = measureAllocation(oneKilobyte) as AllocationMeasurement
    // Node 20 and 22 have no total_allocated_bytes counter (v25 added it): the figure is an estimate there.
    expect(m.figures.source).toBe('total_allocated_bytes' in getHeapStatistics() ? 'total_allocated_bytes' : 'estimate')
    expect(m.figures.runsBytesPerOp).toHaveLength(10)
    expect(m.figures.bytesPerOp).toBeGreaterThan(1000)
    expect(m.figures.bytesPerOp).toBeLessThan(1200)
    expect(m.figures.cvPercent, m.figures.runsBytesPerOp.join(' ')).toBeLessThanOrEqual(5)
    expect(m.runsMsPerOp).toHaveLength(10)
  })

  it('counts the garbage collections inside the measured runs and keeps the bytes they freed', () => {
    // 1000 × 64 KB per run: the young generation fills many times.
    const m = measureAllocation(() => new Array<number>(8190).fill(1.5), { runs: 3 }) as AllocationMeasurement
    expect(m.figures.gcCount).toBeGreaterThan(3)
    expect(m.figures.gcTimeMs).toBeGreaterThan(0)
    expect(m.figures.bytesPerOp).toBeGreaterThan(65_000)
    expect(m.figures.bytesPerOp).toBeLessThan(120_000)
  })

  it('detects a +10% allocation change: the two fixtures’ runs do not overlap', () => {
    const base = measureAllocation(oneKilobyte) as AllocationMeasurement
    const more = measureAllocation(tenPercentMore) as AllocationMeasurement
    const ratio = more.figures.bytesPerOp / base.figures.bytesPerOp
    expect(ratio).toBeGreaterThan(1.07)
    expect(ratio).toBeLessThan(1.13)
    expect(Math.min(...more.figures.runsBytesPerOp)).toBeGreaterThan(Math.max(...base.figures.runsBytesPerOp))
  })

  it('keeps bytes per call stable across 10 separate measurements (CV ≤ 5%)', () => {
    const medians = Array.from(
      { length: 10 },
      () => (measureAllocation(oneKilobyte, { runs: 5 }) as AllocationMeasurement).figures.bytesPerOp,
    )
    const mean = medians.reduce((s, x) => s + x, 0) / medians.length
    const sd = Math.sqrt(medians.reduce((s, x) => s + (x - mean) ** 2, 0) / (medians.length - 1))
    expect((sd / mean) * 100).toBeLessThanOrEqual(5)
  })

  it('measures a sync function synchronously and an async one through a promise', async () => {
    expect(measureAllocation(() => ({ a: 1 }), { runs: 2, operationsPerRun: 100 })).not.toBeInstanceOf(Promise)
    const pending = measureAllocation(async () => ({ a: 1 }), { runs: 2, operationsPerRun: 100 })
    expect(pending).toBeInstanceOf(Promise)
    const m = await pending
    // An async call allocates at least its promise and the returned object.
    expect(m.figures.bytesPerOp).toBeGreaterThan(16)
  })

  it('picks the one window far off the others for re-measuring, and none when they agree within 2%', () => {
    const windows = (bytes: number[]) => bytes.map((allocatedBytes) => ({ allocatedBytes, gcCount: 0, gcTimeMs: 0, elapsedMs: 1 }))
    const perOp = (w: { allocatedBytes: number }) => w.allocatedBytes
    expect(outlierWindow(windows([1056, 1056, 1057, 1269, 1056, 1227, 1056, 1057, 1056, 1056]), perOp)).toBe(3)
    expect(outlierWindow(windows([1056, 1056, 1057, 1269, 1056, 1227]), perOp)).toBeUndefined()
    expect(outlierWindow(windows([1056, 1070, 1057, 1072, 1056, 1056]), perOp)).toBeUndefined()
    // Near zero the 1-byte slack keeps a 0 / 1 B mix from counting as off.
    expect(outlierWindow(windows([0, 1, 0, 0]), perOp)).toBeUndefined()
    expect(outlierWindow(windows([1056, 1300]), perOp)).toBeUndefined()
    // Two regimes, half the windows each: not compiler noise, nothing is re-measured.
    expect(outlierWindow(windows([1056, 2064, 1056, 2064, 1056, 2064]), perOp)).toBeUndefined()
  })

  it('keeps the spread of a function whose allocation really changes from run to run', () => {
    let calls = 0
    // 1 KB per call for 1000 calls, then 2 KB per call for 1000 calls, and so on: half the windows each.
    const alternating = () => new Array<number>(Math.floor(calls++ / 1000) % 2 === 0 ? 126 : 252).fill(1.5)
    const m = measureAllocation(alternating, { runs: 10 }) as AllocationMeasurement
    expect(m.figures.remeasuredRuns).toBeUndefined()
    expect(m.figures.cvPercent).toBeGreaterThan(20)
    expect(Math.max(...m.figures.runsBytesPerOp) / Math.min(...m.figures.runsBytesPerOp)).toBeGreaterThan(1.8)
  })

  it('counts next to nothing for a function that allocates nothing', () => {
    const m = measureAllocation(() => 42) as AllocationMeasurement
    expect(m.figures.bytesPerOp).toBeLessThan(2)
  })

  it('rejects a bad option with the fix', () => {
    expect(() => measureAllocation(() => 1, { runs: 0 })).toThrow(
      /option "runs" must be an integer ≥ 1, received 0[\s\S]*Fix: give "runs" a whole number such as 10/,
    )
  })
})
