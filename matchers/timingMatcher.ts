import { describeValue } from '../src/errors.js'
import { formatStatisticsTable } from '../src/format.js'
import type { MeasureOptions } from '../src/measure/options.js'
import { resolveMeasureOptions } from '../src/measure/options.js'
import { runMeasurement } from '../src/measure/runMeasurement.js'
import type { Subject } from '../src/measure/subject.js'
import { currentRecorder } from '../src/record/recorder.js'
import type { ProfileDecision } from '../src/diagnostics/profileMeasurement.js'
import { profileMeasurement } from '../src/diagnostics/profileMeasurement.js'
import { profileLines } from '../src/diagnostics/profileMessage.js'
import type { ProfileSummary } from '../src/model/diagnostics.js'
import type { BudgetOutcome, MeasureResult, StatisticName } from '../src/model/types.js'
import { subjectFailed } from './subjectFailed.js'
import type { BudgetStatistic, TimingMatcherOptions } from './types.js'
import { withBudgetOverride } from './budgetOverride.js'

/** The part of Vitest's and Jest's matcher `this` that perf-sentinel uses. */
export interface MatcherContextLike {
  isNot?: boolean
  promise?: string
  utils: {
    matcherHint(name: string, received?: string, expected?: string, options?: Record<string, unknown>): string
    printReceived(value: unknown): string
    printExpected(value: unknown): string
  }
}

/** What Vitest and Jest expect a matcher to return. */
export interface MatcherResult {
  pass: boolean
  message: () => string
}

/** How one matcher judges a measurement. */
export interface Judgement {
  matcher: string
  /** The statistic read from the result. */
  statistic: StatisticName | 'opsPerSecond'
  /** How the statistic is called in messages: `median`, `p95`, `throughput`. */
  label: string
  limit: number
  /** `at-most` for times, `at-least` for throughput. */
  direction: 'at-most' | 'at-least'
  format: (value: number) => string
  /** Arguments shown in the matcher hint, e.g. `95, 2`. */
  expectedHint: string
}

/** Matcher-only option keys (everything else is a `measure()` option). */
export const MATCHER_OPTION_KEYS: readonly string[] = ['statistic', 'name']

export const STATISTIC_FIELDS: Record<BudgetStatistic, StatisticName> = {
  min: 'minMs',
  mean: 'meanMs',
  median: 'medianMs',
  p75: 'p75Ms',
  p90: 'p90Ms',
  p95: 'p95Ms',
  p99: 'p99Ms',
  max: 'maxMs',
}

/** Throws a matcher usage error naming the argument, the value and what is accepted. */
export function argumentError(matcher: string, argument: string, value: unknown, accepted: string): never {
  throw new TypeError(`${matcher}: ${argument} must be ${accepted}, received ${describeValue(value)}`)
}

/** Validates a budget in ms: a finite number ≥ 0. */
export function checkBudgetMs(matcher: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    argumentError(matcher, argument, value, 'a finite number of milliseconds ≥ 0')
  }
  return value
}

/**
 * Measures `received`, judges it, records it for the reports and builds the matcher result. Sync subjects give a
 * sync result (an un-awaited sync matcher still fails its test); async subjects give a promise.
 */
export function runTimingMatcher(
  context: MatcherContextLike,
  received: unknown,
  judgement: Judgement,
  options: TimingMatcherOptions | undefined,
  overrides: MeasureOptions = {},
): MatcherResult | Promise<MatcherResult> {
  const where = `${judgement.matcher}()`
  if (typeof received !== 'function') {
    argumentError(judgement.matcher, 'the received value', received, 'a function to measure, e.g. expect(() => work())')
  }
  const { statistic: _statistic, name, ...measureOptions } = options ?? {}
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    argumentError(judgement.matcher, 'option "name"', name, 'a non-empty string')
  }
  const merged = { ...measureOptions, ...overrides }
  // Validate up front, so that anything thrown after this point came from the subject itself.
  resolveMeasureOptions(merged, where, MATCHER_OPTION_KEYS)
  const measurementName = name ?? judgement.matcher
  const finish = (result: MeasureResult): MatcherResult | Promise<MatcherResult> =>
    conclude(context, judgement, result, measurementName, name === undefined, {
      fn: received as Subject,
      mode: merged.profile,
      hasHooks: merged.setup !== undefined || merged.teardown !== undefined,
    })
  let measured: MeasureResult | Promise<MeasureResult>
  try {
    measured = runMeasurement(measurementName, received as Subject, merged, where)
  } catch (error) {
    throw subjectFailed(judgement.matcher, error, 'timed')
  }
  if (!(measured instanceof Promise)) return finish(measured)
  const settled = measured.then(finish, (error: unknown) => {
    throw subjectFailed(judgement.matcher, error, 'timed')
  })
  currentRecorder()?.trackAsyncAssertion?.(settled, context, judgement.matcher)
  return settled
}

function conclude(
  context: MatcherContextLike,
  judgement: Judgement,
  result: MeasureResult,
  name: string,
  autoName: boolean,
  replay: Pick<ProfileDecision, 'fn' | 'mode' | 'hasHooks'>,
): MatcherResult | Promise<MatcherResult> {
  // A `thresholds` glob of the configuration may set this measurement's budget (e.g. a slower CI machine).
  judgement = withBudgetOverride(judgement, name, context)
  const actual = result[judgement.statistic]
  const withinBudget = judgement.direction === 'at-most' ? actual <= judgement.limit : actual >= judgement.limit
  const negated = context.isNot === true
  const budget: BudgetOutcome = {
    matcher: judgement.matcher,
    statistic: judgement.statistic,
    limit: judgement.limit,
    actual,
    withinBudget,
    negated,
  }
  // After the verdict, outside the timed samples: a CPU profile of a replay when the `profile` mode asks for one.
  const profile = profileMeasurement({ ...replay, result, failed: withinBudget === negated, context, name })
  const done = (summary: ProfileSummary | undefined): MatcherResult => {
    currentRecorder()?.record({ name, autoName, kind: 'matcher', result, budget, ...(summary ? { profile: summary } : {}) }, context)
    return { pass: withinBudget, message: () => [failureMessage(context, judgement, result, actual), ...profileLines(summary)].join('\n') }
  }
  return profile instanceof Promise ? profile.then(done) : done(profile)
}

function failureMessage(context: MatcherContextLike, j: Judgement, result: MeasureResult, actual: number): string {
  const negated = context.isNot === true
  const holds = j.direction === 'at-most' ? '≤' : '≥'
  const opposite = j.direction === 'at-most' ? '>' : '<'
  const perOp = j.statistic === 'opsPerSecond' ? '' : ' per operation'
  const hint = context.utils.matcherHint(`.${j.matcher}`, 'received', j.expectedHint, {
    isNot: negated,
    promise: context.promise ?? '',
  })
  // A single-shot matcher times one cold call: calling it "warmed-up" would say the opposite of what was measured.
  const cold = result.warmupOperations === 0
  const samples =
    `${result.n} ${cold ? 'cold' : 'warmed-up'} sample${result.n === 1 ? '' : 's'}` +
    ` × ${result.batchSize} operation${result.batchSize === 1 ? '' : 's'}, ${result.subject} subject`
  return [
    hint,
    '',
    `Expected: ${j.label}${perOp} ${negated ? opposite : holds} ${j.format(j.limit)}`,
    `Received: ${j.label}${perOp} ${j.format(actual)}`,
    '',
    `Statistics of ${samples}:`,
    formatStatisticsTable(result),
  ].join('\n')
}
