import { formatMs, formatOps } from '../src/format.js'
import type { SustainBudget, SustainJudgement } from '../src/diagnostics/load/judgeSustain.js'
import { judgeSustain, percent } from '../src/diagnostics/load/judgeSustain.js'
import { loadRecord } from '../src/diagnostics/load/loadRecord.js'
import type { LoadResult } from '../src/diagnostics/load/loadTypes.js'
import { prepareLoad, runLoad } from '../src/diagnostics/load/runLoad.js'
import { currentRecorder } from '../src/record/recorder.js'
import type { BudgetOutcome } from '../src/model/types.js'
import type { MatcherContextLike, MatcherResult } from './timingMatcher.js'
import { argumentError } from './timingMatcher.js'
import type { SustainLoadOptions } from './types.js'

const BUDGET_KEYS: readonly string[] = ['p95Ms', 'p99Ms', 'maxErrorRate']

/**
 * `await expect(fnOrRequest).toSustainLoad({ rate | concurrency, durationMs, p95Ms, p99Ms?, maxErrorRate? })`: runs
 * `load()` and checks the corrected p95 (and p99) and the error rate. A saturated generator that could have caused
 * a failure gives `inconclusive`: the assertion neither passes nor fails the test, it warns and the report shows it.
 */
export function toSustainLoad(this: MatcherContextLike, received: unknown, options: SustainLoadOptions): Promise<MatcherResult> {
  const matcher = 'toSustainLoad'
  if (typeof options !== 'object' || options === null)
    argumentError(matcher, 'the options', options, 'an object such as { rate: 100, durationMs: 5000, p95Ms: 50 }')
  const { p95Ms, p99Ms, maxErrorRate = 0, ...loadOptions } = options
  if (typeof p95Ms !== 'number' || !Number.isFinite(p95Ms) || p95Ms < 0)
    argumentError(matcher, 'option "p95Ms"', p95Ms, 'a finite number of milliseconds ≥ 0')
  if (p99Ms !== undefined && (typeof p99Ms !== 'number' || !Number.isFinite(p99Ms) || p99Ms < 0))
    argumentError(matcher, 'option "p99Ms"', p99Ms, 'a finite number of milliseconds ≥ 0')
  if (typeof maxErrorRate !== 'number' || !(maxErrorRate >= 0 && maxErrorRate <= 1))
    argumentError(matcher, 'option "maxErrorRate"', maxErrorRate, 'a rate from 0 to 1 (0.01 is 1%)')
  if (typeof received !== 'function' && (typeof received !== 'object' || received === null)) {
    argumentError(matcher, 'the received value', received, 'a function or { url, method?, headers?, body? }')
  }
  // Validated before anything runs, so any later error is the target's own.
  const prepared = prepareLoad(received, { name: matcher, ...loadOptions, record: false }, `${matcher}()`, BUDGET_KEYS)
  const budget: SustainBudget = { p95Ms, maxErrorRate, ...(p99Ms === undefined ? {} : { p99Ms }) }
  const settled = runLoad(prepared.target, prepared.options, `${matcher}()`).then((result) =>
    conclude(this, result, budget, prepared.options.name, options.name === undefined),
  )
  currentRecorder()?.trackAsyncAssertion?.(settled, this, 'toSustainLoad')
  return settled
}

function conclude(context: MatcherContextLike, result: LoadResult, budget: SustainBudget, name: string, autoName: boolean): MatcherResult {
  const judgement = judgeSustain(result, budget)
  const negated = context.isNot === true
  const { result: measureResult, load } = loadRecord(result)
  const outcome: BudgetOutcome | undefined =
    judgement.kind === 'inconclusive'
      ? undefined
      : {
          matcher: 'toSustainLoad',
          statistic: 'p95Ms',
          limit: budget.p95Ms,
          actual: result.latency.p95Ms,
          withinBudget: judgement.kind === 'pass',
          negated,
        }
  currentRecorder()?.record(
    { name, autoName, kind: 'matcher', result: measureResult, load, ...(outcome ? { budget: outcome } : {}) },
    context,
  )
  const message = (): string => failureMessage(context, result, budget, judgement)
  if (judgement.kind === 'inconclusive') {
    console.warn(`perf-sentinel: toSustainLoad is inconclusive (neither passed nor failed): ${judgement.reason}`)
    // Neither outcome: the assertion holds whether or not it is negated.
    return { pass: !negated, message }
  }
  return { pass: judgement.kind === 'pass', message }
}

function failureMessage(context: MatcherContextLike, r: LoadResult, budget: SustainBudget, judgement: SustainJudgement): string {
  const negated = context.isNot === true
  const hint = context.utils.matcherHint('.toSustainLoad', 'received', 'options', { isNot: negated, promise: context.promise ?? '' })
  const load = r.model === 'open' ? `${r.rate}/s, open model, ${r.connections} connections` : `${r.concurrency} callers, closed model`
  const limits = [
    `p95 ≤ ${formatMs(budget.p95Ms)}`,
    budget.p99Ms === undefined ? '' : `p99 ≤ ${formatMs(budget.p99Ms)}`,
    `error rate ≤ ${percent(budget.maxErrorRate)}`,
  ]
  const received = judgement.checks.map((c) =>
    c.label === 'error rate'
      ? `error rate ${percent(c.actual)} ${c.ok ? '✓' : '✗'}`
      : r.latency.count === 0
        ? `${c.label} n/a`
        : `${c.label} ${formatMs(c.actual)} ${c.ok ? '✓' : '✗'}`,
  )
  const l = r.latency
  const u = r.uncorrectedLatency
  const corrected =
    r.model === 'open' ? 'corrected for coordinated omission: from the intended start' : 'closed model: from the actual start'
  const errors = Object.entries(r.errorsByClass)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
  return [
    hint,
    '',
    `Expected: ${negated ? 'not ' : ''}${limits.filter((x) => x !== '').join(', ')} (${load}, ${r.scheduled} operations)`,
    `Received: ${received.join(', ')}`,
    ...(judgement.kind === 'pass' ? [] : ['', `${judgement.kind === 'inconclusive' ? 'Inconclusive' : 'Failed'}: ${judgement.reason}`]),
    '',
    `Latency (${corrected}):`,
    `  p50 ${formatMs(l.p50Ms)}  p90 ${formatMs(l.p90Ms)}  p95 ${formatMs(l.p95Ms)}  p99 ${formatMs(l.p99Ms)}  p99.9 ${formatMs(l.p999Ms)}  max ${formatMs(l.maxMs)}`,
    ...(r.model === 'open'
      ? [
          `Uncorrected (from the actual send): p50 ${formatMs(u.p50Ms)}  p95 ${formatMs(u.p95Ms)}  p99 ${formatMs(u.p99Ms)}  max ${formatMs(u.maxMs)}`,
        ]
      : []),
    `Throughput ${formatOps(r.throughputPerSecond)} · ${r.succeeded} succeeded · errors: ${errors.length === 0 ? 'none' : errors.join(', ')}` +
      (r.model === 'open' ? ` · ${r.lateStarts} late starts · ${r.droppedStarts} dropped` : ''),
    `Generator: lag p99 ${formatMs(r.generator.lagP99Ms)}, event loop ${(r.generator.eventLoopUtilization * 100).toFixed(0)}% busy${r.generator.saturated ? ' (saturated)' : ''}`,
  ].join('\n')
}
