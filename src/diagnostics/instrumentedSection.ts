/**
 * The report's "Instrumented functions" section (pure): per `perfTiming` name, the whole run's statistics merged
 * exactly from every test's histogram, and the tests that called it. A call over its threshold is a warning here;
 * it fails a test only through `toHaveCallsWithin`.
 */
import type { CallSummary, InstrumentedFunction, TestCallStats } from '../model/diagnostics.js'
import { addSparse, createBuckets, summarizeBuckets, toSparse } from './callHistogram.js'
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
    fn.histogram = toSparse(all.buckets)
    if (yields && yields.count > 0) {
      fn.perYield = summarizeBuckets(yields.buckets, yields)
      fn.perYieldHistogram = toSparse(yields.buckets)
    }
    functions.push(fn)
  }
  return sortFunctions(functions)
}

/** Those with calls over their threshold first, then by name. */
function sortFunctions(functions: InstrumentedFunction[]): InstrumentedFunction[] {
  return functions.sort(
    (a, b) => Number(b.overThreshold > 0) - Number(a.overThreshold > 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  )
}

/**
 * The instrumented functions of several reports (shards) as one section: counts, totals, minimum and maximum add up
 * exactly, and so do the percentiles where every part carries its histogram. A function that several parts called
 * without one (a report of an earlier version) keeps the percentiles of the part with the most calls, and a note says so.
 */
export function mergeInstrumentedSections(sections: ReadonlyArray<readonly InstrumentedFunction[]>): {
  functions: InstrumentedFunction[]
  notes: string[]
} {
  const byName = new Map<string, InstrumentedFunction[]>()
  for (const section of sections) for (const fn of section) byName.set(fn.name, [...(byName.get(fn.name) ?? []), fn])
  const notes: string[] = []
  const functions = [...byName.values()].map((parts): InstrumentedFunction => {
    const [first] = parts as [InstrumentedFunction, ...InstrumentedFunction[]]
    if (parts.length === 1) return first
    const { histogram: _all, perYield: _yields, perYieldHistogram: _yieldHistogram, thresholdMs: _threshold, ...kept } = first
    const all = mergeCalls(parts.map((p) => ({ summary: p.stats, histogram: p.histogram })))
    if (all.histogram === undefined)
      notes.push(`perfTiming ${first.name}: percentiles are those of the shard with the most calls (a shard's report has no histogram).`)
    const yieldParts = parts.flatMap((p) => (p.perYield ? [{ summary: p.perYield, histogram: p.perYieldHistogram }] : []))
    const yields = yieldParts.length > 0 ? mergeCalls(yieldParts) : undefined
    // The first profile taken, and the most recent threshold, as within one run.
    const profile = parts.find((p) => p.profile !== undefined)?.profile
    const thresholdMs = parts.findLast((p) => p.thresholdMs !== undefined)?.thresholdMs
    return {
      ...kept,
      type: parts.find((p) => p.type !== 'sync_function')?.type ?? first.type,
      ...(thresholdMs === undefined ? {} : { thresholdMs }),
      stats: all.summary,
      overThreshold: parts.reduce((sum, p) => sum + p.overThreshold, 0),
      syncBlocking: parts.reduce((sum, p) => sum + p.syncBlocking, 0),
      errors: parts.reduce((sum, p) => sum + p.errors, 0),
      ...(yields === undefined ? {} : { perYield: yields.summary }),
      ...(all.histogram === undefined ? {} : { histogram: all.histogram }),
      ...(yields?.histogram === undefined ? {} : { perYieldHistogram: yields.histogram }),
      ...(profile === undefined ? {} : { profile }),
      tests: parts.flatMap((p) => p.tests),
    }
  })
  return { functions: sortFunctions(functions), notes }
}

/**
 * Several parts' calls as one summary: exact from the histograms when every part has one (merged as the tests of one
 * run are, `mergeInto`), else the exact sums with the busiest part's percentiles and no histogram.
 */
function mergeCalls(parts: ReadonlyArray<{ summary: CallSummary; histogram: number[] | undefined }>): {
  summary: CallSummary
  histogram?: number[]
} {
  const merged = emptyMerge()
  let exact = true
  let busiest: CallSummary | undefined
  for (const { summary, histogram } of parts) {
    if (histogram === undefined) exact = false
    mergeInto(merged, { ...summary, histogram: histogram ?? [] })
    if (busiest === undefined || summary.count > busiest.count) busiest = summary
  }
  if (exact || merged.count === 0)
    return { summary: summarizeBuckets(merged.buckets, merged), ...(exact ? { histogram: toSparse(merged.buckets) } : {}) }
  const { count, totalMs, minMs, maxMs } = merged
  return { summary: { ...(busiest as CallSummary), count, totalMs, minMs, maxMs, meanMs: count === 0 ? 0 : totalMs / count } }
}
