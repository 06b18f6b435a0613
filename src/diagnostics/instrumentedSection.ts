/**
 * The report's "Instrumented functions" section (pure): per `perfTiming` name, the whole run's statistics merged
 * exactly from every test's histogram, and the tests that called it. A call over its threshold is a warning here;
 * it fails a test only through `toHaveCallsWithin`.
 */
import type { CallSummary, InstrumentedFunction, TestCallStats } from '../model/diagnostics.js'
import { addSparse, createBuckets, summarizeBuckets } from './callHistogram.js'
import type { Buckets } from './callHistogram.js'

/** One test's calls, as the reporter collects them from the workers. */
export interface TestCallsRecord {
  file: string
  testName: string
  calls: readonly TestCallStats[]
}

interface Merged {
  count: number
  totalMs: number
  minMs: number
  maxMs: number
  buckets: Buckets
}

function emptyMerge(): Merged {
  return { count: 0, totalMs: 0, minMs: Number.POSITIVE_INFINITY, maxMs: 0, buckets: createBuckets() }
}

function mergeInto(into: Merged, part: CallSummary & { histogram: readonly number[] }): void {
  if (part.count === 0) return
  into.count += part.count
  into.totalMs += part.totalMs
  into.minMs = Math.min(into.minMs, part.minMs)
  into.maxMs = Math.max(into.maxMs, part.maxMs)
  addSparse(into.buckets, part.histogram)
}

/** Every instrumented function of the run; those with calls over their threshold first, then by name. */
export function buildInstrumentedSection(records: readonly TestCallsRecord[]): InstrumentedFunction[] {
  const byName = new Map<string, { fn: InstrumentedFunction; all: Merged; yields: Merged | undefined }>()
  for (const record of records) {
    for (const calls of record.calls) {
      let slot = byName.get(calls.name)
      if (!slot) {
        const fn: InstrumentedFunction = {
          name: calls.name,
          type: calls.type,
          stats: summarizeBuckets(createBuckets(), emptyMerge()),
          overThreshold: 0,
          syncBlocking: 0,
          errors: 0,
          tests: [],
        }
        slot = { fn, all: emptyMerge(), yields: undefined }
        byName.set(calls.name, slot)
      }
      const { fn } = slot
      // The most recent threshold and kind win (a plain function seen returning promises becomes async).
      if (calls.thresholdMs !== undefined) fn.thresholdMs = calls.thresholdMs
      if (calls.type !== 'sync_function') fn.type = calls.type
      fn.overThreshold += calls.overThreshold
      fn.syncBlocking += calls.syncBlocking
      fn.errors += calls.errors
      if (calls.profile && !fn.profile) fn.profile = calls.profile
      mergeInto(slot.all, calls)
      if (calls.perYield) {
        slot.yields ??= emptyMerge()
        mergeInto(slot.yields, calls.perYield)
      }
      fn.tests.push({
        file: record.file,
        testName: record.testName,
        count: calls.count,
        maxMs: calls.maxMs,
        overThreshold: calls.overThreshold,
      })
    }
  }
  const functions: InstrumentedFunction[] = []
  for (const { fn, all, yields } of byName.values()) {
    fn.stats = summarizeBuckets(all.buckets, all)
    if (yields && yields.count > 0) fn.perYield = summarizeBuckets(yields.buckets, yields)
    functions.push(fn)
  }
  return functions.sort(
    (a, b) => Number(b.overThreshold > 0) - Number(a.overThreshold > 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  )
}
