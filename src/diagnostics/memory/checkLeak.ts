import { setImmediate } from 'node:timers'
import { PerfSentinelError, describeValue } from '../../errors.js'
import type { Clock } from '../../measure/clock.js'
import { realClock } from '../../measure/clock.js'
import type { LeakFigures } from '../../model/memoryFigures.js'
import { heapInSpaces } from './allocationWindow.js'
import type { GarbageCollector } from './garbageCollector.js'
import { garbageCollector } from './garbageCollector.js'
import { growingShare, theilSenSlope } from './heapSlope.js'
import { writeHeapSnapshotPair } from './heapSnapshotPair.js'
import { judgeLeak } from './judgeLeak.js'

/** Options of a leak check. */
export interface LeakOptions {
  /** Iterations over all rounds. @default 1000 */
  iterations?: number
  /** Rounds, each followed by a full collection and a heap reading. @default 10 */
  rounds?: number
  /** Where a failing check writes its heap snapshot pair (relative to the working directory); `false`: never. @default 'perf-report/heap' */
  snapshotDir?: string | false
  clock?: Clock
}

export const LEAK_DEFAULTS: Readonly<{ iterations: number; rounds: number; snapshotDir: string }> = {
  iterations: 1000,
  rounds: 10,
  snapshotDir: 'perf-report/heap',
}

/** Returned values watched for finalization per check: enough for a share, cheap to register. */
const WATCHED_RETURN_VALUES = 200

export interface LeakCheck {
  figures: LeakFigures
  gcMode: GarbageCollector['mode']
  /** Milliseconds per iteration of each round. */
  roundsMsPerOp: number[]
}

// Every result lands here so the work cannot be optimised away; only the latest stays reachable.
const sink: { value: unknown } = { value: undefined }

/**
 * Runs `fn` for `iterations` in `rounds`; after each round a turn of the event loop (so FinalizationRegistry
 * callbacks run and their cells go), a full collection, then a heap reading. Judges the
 * Theil–Sen slope of the post-GC heap and whether returned objects were collected. With `snapshot` true (a failing
 * `.not.toLeak()`), a leaking function gets one before/after heap snapshot pair around one more round.
 */
export async function checkLeak(
  fn: () => unknown,
  options: LeakOptions & { name: string; snapshot: boolean },
  where = 'checkLeak()',
): Promise<LeakCheck> {
  const iterations = count(options.iterations ?? LEAK_DEFAULTS.iterations, 'iterations', where)
  const rounds = count(options.rounds ?? LEAK_DEFAULTS.rounds, 'rounds', where)
  const clock = options.clock ?? realClock
  const perRound = Math.max(1, Math.ceil(iterations / rounds))
  const gc = garbageCollector()
  let finalized = 0
  let watched = 0
  const registry = new FinalizationRegistry<undefined>(() => {
    finalized++
  })
  const seen = new WeakSet<object>()
  const watchEvery = Math.max(1, Math.floor((perRound * rounds) / WATCHED_RETURN_VALUES))
  // One full collection per round (each costs ~10–100 ms on a test runner's heap). The turn of the event loop
  // before it lets FinalizationRegistry callbacks of the previous collection run, so their cells are gone too.
  const settleHeap = async (): Promise<number> => {
    await new Promise<void>((resolve) => setImmediate(resolve))
    gc.collect()
    return heapInSpaces()
  }
  const round = async (watch: boolean): Promise<void> => {
    for (let i = 0; i < perRound; i++) {
      let value = fn()
      if (isThenable(value)) value = await value
      sink.value = value
      // Distinct objects only: a function handing out one cached object must not count it a thousand times.
      if (watch && i % watchEvery === 0 && isObject(value) && !seen.has(value)) {
        seen.add(value)
        registry.register(value, undefined)
        watched++
      }
    }
  }

  await round(false)
  const heaps = [await settleHeap()]
  const roundsMsPerOp: number[] = []
  for (let r = 0; r < rounds; r++) {
    const startMs = clock()
    await round(true)
    roundsMsPerOp.push((clock() - startMs) / perRound)
    heaps.push(await settleHeap())
  }
  sink.value = undefined
  for (let k = 0; k < 3; k++) await settleHeap()
  const x = heaps.map((_, i) => i * perRound)
  const evidence = {
    slopeBytesPerOp: theilSenSlope(x, heaps),
    growingRoundsShare: growingShare(heaps),
    watchedReturnValues: watched,
    retainedReturnValues: watched - finalized,
  }
  const verdict = judgeLeak(evidence)
  const figures: LeakFigures = {
    iterations: perRound * rounds,
    rounds,
    ...evidence,
    growthBytes: (heaps[heaps.length - 1] as number) - (heaps[0] as number),
    leaking: verdict.leaking,
    reason: verdict.reason,
  }
  const snapshotDir = options.snapshotDir ?? LEAK_DEFAULTS.snapshotDir
  if (verdict.leaking && options.snapshot && snapshotDir !== false) {
    figures.snapshots = await writeHeapSnapshotPair(snapshotDir, options.name, gc.collect, () => round(false))
  }
  return { figures, gcMode: gc.mode, roundsMsPerOp }
}

function isObject(value: unknown): value is object {
  return value !== null && (typeof value === 'object' || typeof value === 'function')
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return isObject(value) && typeof (value as { then?: unknown }).then === 'function'
}

function count(value: unknown, name: string, where: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value
  throw new PerfSentinelError('E_ARGUMENT', `${where}: option "${name}" must be an integer ≥ 1, received ${describeValue(value)}`, {
    fix: `give "${name}" a whole number such as ${LEAK_DEFAULTS[name as 'iterations' | 'rounds']}`,
  })
}
