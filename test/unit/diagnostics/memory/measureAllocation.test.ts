import { getHeapStatistics } from 'node:v8'
import { describe, expect, it } from 'vitest'
import type { AllocationMeasurement } from '../../../../src/diagnostics/memory/measureAllocation.js'
import { measureAllocation } from '../../../../src/diagnostics/memory/measureAllocation.js'
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
