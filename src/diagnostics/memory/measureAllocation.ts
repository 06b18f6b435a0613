import { PerfSentinelError, describeValue } from '../../errors.js'
import type { Clock } from '../../measure/clock.js'
import { realClock } from '../../measure/clock.js'
import type { AllocationFigures } from '../../model/memoryFigures.js'
import { median } from '../../stats/summarize.js'
import type { WindowFigures } from './allocationWindow.js'
import { allocationSource, openAllocationWindow } from './allocationWindow.js'
import type { GarbageCollector } from './garbageCollector.js'
import { garbageCollector } from './garbageCollector.js'

/** Options of an allocation measurement. */
export interface AllocationOptions {
  /** Measured runs; bytes per operation is their median. @default 10 */
  runs?: number
  /** Operations per run. @default 1000 */
  operationsPerRun?: number
  clock?: Clock
}

/** Allocation per operation, plus what the runs took (the timing becomes the measurement's statistics). */
export interface AllocationMeasurement {
  figures: AllocationFigures
  gcMode: GarbageCollector['mode']
  /** Milliseconds per operation of each measured run. */
  runsMsPerOp: number[]
}

export const ALLOCATION_DEFAULTS: Readonly<{ runs: number; operationsPerRun: number }> = { runs: 10, operationsPerRun: 1000 }

// Every result lands here so V8 cannot drop the work as dead code; only the latest one stays reachable.
const sink: { value: unknown } = { value: undefined }

/**
 * Bytes allocated per operation of `fn`, median of `runs` windows of `operationsPerRun` calls after a warm-up of
 * the same size and one discarded window (the first window still pays for JIT feedback). A window far off the
 * others is measured again (see `outlierWindow`), at most `runs` times. Sync functions are
 * measured synchronously (a sync matcher then fails without `await`); async ones are awaited call by call.
 */
export function measureAllocation(
  fn: () => unknown,
  options: AllocationOptions = {},
  where = 'measureAllocation()',
): AllocationMeasurement | Promise<AllocationMeasurement> {
  const runs = count(options.runs ?? ALLOCATION_DEFAULTS.runs, 'runs', where)
  const operations = count(options.operationsPerRun ?? ALLOCATION_DEFAULTS.operationsPerRun, 'operationsPerRun', where)
  const clock = options.clock ?? realClock
  const gc = garbageCollector()
  const source = allocationSource()
  const open = () => openAllocationWindow(gc.collect, source, clock)
  // What an empty window reports (its own readings), subtracted from every window; the smallest of three.
  const overheadBytes = Math.min(...[0, 1, 2].map(() => open().close().allocatedBytes))
  const perOp = (w: WindowFigures): number => Math.max(0, w.allocatedBytes - overheadBytes) / operations
  const first = fn()
  if (!isThenable(first)) {
    sink.value = first
    const measureWindow = (): WindowFigures => {
      const window = open()
      for (let i = 0; i < operations; i++) sink.value = fn()
      return window.close()
    }
    // Warm-up (unmeasured), then a discarded window: both prepare the function.
    for (let i = 0; i < operations; i++) sink.value = fn()
    measureWindow()
    const windows = Array.from({ length: runs }, measureWindow)
    let remeasured = 0
    for (let i = outlierWindow(windows, perOp); i !== undefined && remeasured < runs; i = outlierWindow(windows, perOp)) {
      windows[i] = measureWindow()
      remeasured++
    }
    return summarizeWindows(windows, perOp, operations, source, gc.mode, remeasured)
  }
  return (async (): Promise<AllocationMeasurement> => {
    sink.value = await first
    const measureWindow = async (): Promise<WindowFigures> => {
      const window = open()
      for (let i = 0; i < operations; i++) sink.value = await fn()
      return window.close()
    }
    for (let i = 0; i < operations; i++) sink.value = await fn()
    await measureWindow()
    const windows: WindowFigures[] = []
    for (let run = 0; run < runs; run++) windows.push(await measureWindow())
    let remeasured = 0
    for (let i = outlierWindow(windows, perOp); i !== undefined && remeasured < runs; i = outlierWindow(windows, perOp)) {
      windows[i] = await measureWindow()
      remeasured++
    }
    return summarizeWindows(windows, perOp, operations, source, gc.mode, remeasured)
  })()
}

/**
 * The window farthest from the median of all, when it is more than 2% (+1 byte) off it and at most a fifth of the
 * windows are (one of fewer than ten): a window in which V8 installed
 * optimised code (its compiler data lands on the JS heap; measured here at +100–250 KB in one window of ten, at the
 * same window count whatever the warm-up length, so no fixed warm-up avoids it).
 */
export function outlierWindow(windows: readonly WindowFigures[], bytesPerOp: (w: WindowFigures) => number): number | undefined {
  if (windows.length < 3) return undefined
  const perOp = windows.map(bytesPerOp)
  const middle = median(perOp)
  const off = (x: number): boolean => Math.abs(x - middle) > middle * 0.02 + 1
  // Only a few stray windows are compiler noise; a function that allocates in two or more regimes keeps them all.
  if (perOp.filter(off).length > Math.max(1, Math.floor(perOp.length / 5))) return undefined
  let farthest = 0
  for (let i = 1; i < perOp.length; i++)
    if (Math.abs((perOp[i] as number) - middle) > Math.abs((perOp[farthest] as number) - middle)) farthest = i
  return off(perOp[farthest] as number) ? farthest : undefined
}

function summarizeWindows(
  windows: readonly WindowFigures[],
  bytesPerOp: (w: WindowFigures) => number,
  operations: number,
  source: AllocationFigures['source'],
  gcMode: GarbageCollector['mode'],
  remeasuredRuns: number,
): AllocationMeasurement {
  const perOp = windows.map(bytesPerOp)
  const mean = perOp.reduce((sum, x) => sum + x, 0) / perOp.length
  const sd = perOp.length > 1 ? Math.sqrt(perOp.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (perOp.length - 1)) : 0
  return {
    figures: {
      source,
      bytesPerOp: median(perOp),
      runsBytesPerOp: perOp,
      cvPercent: mean > 0 ? (sd / mean) * 100 : 0,
      ...(remeasuredRuns > 0 ? { remeasuredRuns } : {}),
      operationsPerRun: operations,
      gcCount: windows.reduce((sum, w) => sum + w.gcCount, 0),
      gcTimeMs: windows.reduce((sum, w) => sum + w.gcTimeMs, 0),
    },
    gcMode,
    runsMsPerOp: windows.map((w) => w.elapsedMs / operations),
  }
}

function count(value: unknown, name: string, where: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value
  throw new PerfSentinelError('E_ARGUMENT', `${where}: option "${name}" must be an integer ≥ 1, received ${describeValue(value)}`, {
    fix: `give "${name}" a whole number such as ${ALLOCATION_DEFAULTS[name as keyof typeof ALLOCATION_DEFAULTS]}`,
  })
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function'
  )
}
