import type { AllocationMeasurement, AllocationOptions } from '../src/diagnostics/memory/measureAllocation.js'
import { measureAllocation } from '../src/diagnostics/memory/measureAllocation.js'
import { formatBytes } from '../src/format.js'
import { memoryTiming } from '../src/diagnostics/memory/memoryTiming.js'
import { formatMs } from '../src/format.js'
import type { MemoryFigures } from '../src/model/memoryFigures.js'
import { currentRecorder } from '../src/record/recorder.js'
import type { MatcherContextLike, MatcherResult } from './timingMatcher.js'
import { argumentError } from './timingMatcher.js'
import type { AllocationMatcherOptions } from './types.js'
import { subjectFailed } from './subjectFailed.js'

/**
 * `expect(fn).toAllocateAtMost(bytes, options?)`: the median bytes allocated per call over 10 runs is at most
 * `bytes`. Sync functions give a sync result; async ones a promise (await it).
 */
export function toAllocateAtMost(
  this: MatcherContextLike,
  received: unknown,
  bytes: unknown,
  options?: AllocationMatcherOptions,
): MatcherResult | Promise<MatcherResult> {
  const matcher = 'toAllocateAtMost'
  if (typeof received !== 'function')
    argumentError(matcher, 'the received value', received, 'a function to measure, e.g. expect(() => parse(doc))')
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0)
    argumentError(matcher, 'the budget (first argument)', bytes, 'a finite number of bytes ≥ 0')
  const { name, ...allocationOptions } = options ?? {}
  if (name !== undefined && (typeof name !== 'string' || name.trim() === ''))
    argumentError(matcher, 'option "name"', name, 'a non-empty string')
  for (const key of Object.keys(allocationOptions)) {
    if (key !== 'runs' && key !== 'operationsPerRun') argumentError(matcher, `option "${key}"`, key, 'one of: runs, operationsPerRun, name')
  }
  let measured: AllocationMeasurement | Promise<AllocationMeasurement>
  try {
    measured = measureAllocation(received as () => unknown, allocationOptions as AllocationOptions, `${matcher}()`)
  } catch (error) {
    throw subjectFailed(matcher, error)
  }
  const finish = (m: AllocationMeasurement, subject: 'sync' | 'async'): MatcherResult => conclude(this, m, bytes, name, subject)
  if (!(measured instanceof Promise)) return finish(measured, 'sync')
  const settled = measured.then(
    (m) => finish(m, 'async'),
    (error: unknown) => {
      throw subjectFailed(matcher, error)
    },
  )
  currentRecorder()?.trackAsyncAssertion?.(settled, this, 'toAllocateAtMost')
  return settled
}

function conclude(
  context: MatcherContextLike,
  m: AllocationMeasurement,
  limitBytes: number,
  name: string | undefined,
  subject: 'sync' | 'async',
): MatcherResult {
  const negated = context.isNot === true
  const a = m.figures
  const withinBudget = a.bytesPerOp <= limitBytes
  const memory: MemoryFigures = {
    gc: m.gcMode,
    allocation: a,
    budget: { matcher: 'toAllocateAtMost', limitBytes, actualBytes: a.bytesPerOp, withinBudget, negated },
  }
  const result = memoryTiming(name ?? 'toAllocateAtMost', subject, m.runsMsPerOp, a.operationsPerRun)
  currentRecorder()?.record({ name: name ?? 'toAllocateAtMost', autoName: name === undefined, kind: 'matcher', result, memory }, context)
  return {
    pass: withinBudget,
    message: () => {
      const hint = context.utils.matcherHint('.toAllocateAtMost', 'received', String(limitBytes), {
        isNot: negated,
        promise: context.promise ?? '',
      })
      const source =
        a.source === 'estimate'
          ? 'estimate: JS heap growth between collections; this Node has no total_allocated_bytes'
          : 'V8 total_allocated_bytes'
      const sorted = [...a.runsBytesPerOp].sort((x, y) => x - y)
      return [
        hint,
        '',
        `Expected: ${negated ? 'more than' : 'at most'} ${formatBytes(limitBytes)} allocated per operation`,
        `Received: ${formatBytes(a.bytesPerOp)} per operation (${source})`,
        '',
        `Runs (${a.runsBytesPerOp.length} × ${a.operationsPerRun} operations): min ${formatBytes(sorted[0] ?? 0)}, median ${formatBytes(a.bytesPerOp)}, max ${formatBytes(sorted[sorted.length - 1] ?? 0)}, CV ${a.cvPercent.toFixed(1)}%`,
        `Garbage collections during the runs: ${a.gcCount}, ${formatMs(a.gcTimeMs)} · collector: ${m.gcMode === 'exposed' ? '--expose-gc' : 'exposed flag-free'}`,
      ].join('\n')
    },
  }
}
