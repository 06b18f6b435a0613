import { GCProfiler, getHeapSpaceStatistics, getHeapStatistics } from 'node:v8'
import type { Clock } from '../../measure/clock.js'
import type { AllocationSource } from '../../model/memoryFigures.js'

/** What one measured window saw: heap bytes allocated, garbage collections inside it, and its wall time. */
export interface WindowFigures {
  allocatedBytes: number
  gcCount: number
  gcTimeMs: number
  elapsedMs: number
}

/** An open measurement window; `close()` once the operations ran. */
export interface AllocationWindow {
  close(): WindowFigures
}

interface HeapStatisticsWithCounter {
  used_heap_size: number
  total_allocated_bytes?: number
}

/** `total_allocated_bytes` when this Node has V8's monotonic allocation counter (v25+), else a labelled estimate. */
export function allocationSource(): AllocationSource {
  return typeof (getHeapStatistics() as HeapStatisticsWithCounter).total_allocated_bytes === 'number' ? 'total_allocated_bytes' : 'estimate'
}

/** Spaces whose growth is not the measured function's: machine code the JIT installs mid-run, and read-only V8 data. */
const IGNORED_SPACES = new Set(['code_space', 'read_only_space'])

/**
 * The JS heap in use as the sum of its spaces, code excluded. Not `used_heap_size`: right after a collection it ran
 * up to 165 KB above the sum of the spaces here while concurrent sweeping caught up, which is noise in a window.
 */
export function heapInSpaces(): number {
  let used = 0
  for (const space of getHeapSpaceStatistics()) if (!IGNORED_SPACES.has(space.space_name)) used += space.space_used_size
  return used
}

interface GcHeap {
  heapSpaceStatistics: Array<{ spaceName: string; spaceUsedSize: number }>
}

function gcHeapInSpaces(heap: GcHeap): number {
  let used = 0
  for (const space of heap.heapSpaceStatistics) if (!IGNORED_SPACES.has(space.spaceName)) used += space.spaceUsedSize
  return used
}

/**
 * Opens a window after a full collection. The estimate follows the JS heap between collections: the growth up to
 * the first GC, from after each GC to before the next, and after the last one, summed (V8's GCProfiler reports the
 * heap before and after every GC), so a scavenge inside the window does not hide what it freed, unlike a plain
 * before/after delta. The code space is left out (a TurboFan install added ~225 KB to one window of a 1 KB/op
 * function here); off-heap ArrayBuffer backing stores are not JS heap and are not counted either. The window's own
 * readings allocate a few KB: `measureAllocation` subtracts an empty window's figure.
 */
export function openAllocationWindow(collect: () => void, source: AllocationSource, clock: Clock): AllocationWindow {
  collect()
  const profiler = new GCProfiler()
  profiler.start()
  const counter = (): number =>
    source === 'total_allocated_bytes' ? ((getHeapStatistics() as HeapStatisticsWithCounter).total_allocated_bytes ?? 0) : 0
  const counterBefore = counter()
  const heapBefore = heapInSpaces()
  const startMs = clock()
  return {
    close(): WindowFigures {
      const elapsedMs = clock() - startMs
      const heapAfter = heapInSpaces()
      const counterAfter = counter()
      const { statistics } = profiler.stop()
      let gcTimeMs = 0
      let estimate = 0
      let heapAfterLastGc = heapBefore
      for (const gc of statistics) {
        // `cost` is in microseconds.
        gcTimeMs += gc.cost / 1000
        estimate += gcHeapInSpaces(gc.beforeGC) - heapAfterLastGc
        heapAfterLastGc = gcHeapInSpaces(gc.afterGC)
      }
      estimate += heapAfter - heapAfterLastGc
      const allocatedBytes = source === 'total_allocated_bytes' ? counterAfter - counterBefore : estimate
      return { allocatedBytes, gcCount: statistics.length, gcTimeMs, elapsedMs }
    },
  }
}
