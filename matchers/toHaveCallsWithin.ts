import { formatMs } from '../src/format.js'
import type { CallStats } from '../src/diagnostics/callStats.js'
import { timedFunctionInfo } from '../src/diagnostics/timedFunctionInfo.js'
import type { MatcherContextLike, MatcherResult } from './timingMatcher.js'
import { argumentError, checkBudgetMs } from './timingMatcher.js'
import type { CallsWithinOptions } from './types.js'

const MATCHER = 'toHaveCallsWithin'
type CallStatistic = NonNullable<CallsWithinOptions['statistic']>
const FIELDS: Record<CallStatistic, keyof CallStats> = { max: 'maxMs', p99: 'p99Ms', p95: 'p95Ms', p50: 'p50Ms', mean: 'meanMs' }

/**
 * `expect(instrumented).toHaveCallsWithin(ms?, { statistic? })`: the calls a `perfTiming` function made during this
 * test (since the runner's previous test ended; outside a perf-sentinel runner setup, since `resetStats()`) stayed
 * within `ms` — every call by default (`statistic: 'max'`). Without `ms`, the function's own `thresholdMs`.
 * @example const parse = perfTiming(rawParse, { thresholdMs: 5 }); run(); expect(parse).toHaveCallsWithin()
 */
export function toHaveCallsWithin(this: MatcherContextLike, received: unknown, ms?: unknown, options?: CallsWithinOptions): MatcherResult {
  const info = timedFunctionInfo(received)
  if (!info) argumentError(MATCHER, 'the received value', received, 'a function returned by perfTiming() (or a @perfTiming method)')
  const statistic = options?.statistic ?? 'max'
  if (!Object.hasOwn(FIELDS, statistic)) argumentError(MATCHER, 'option "statistic"', statistic, Object.keys(FIELDS).join(', '))
  const entry = info.name === undefined ? undefined : info.store.get(info.name)
  let limit: number
  if (ms !== undefined) limit = checkBudgetMs(MATCHER, 'the budget (first argument)', ms)
  else if (entry && Number.isFinite(entry.thresholdMs)) limit = entry.thresholdMs
  else argumentError(MATCHER, 'the budget (first argument)', ms, 'a number of milliseconds, or a thresholdMs given to perfTiming()')
  const stats = entry?.windowStats()
  const name = info.name ?? (received as { name?: string }).name ?? 'the function'
  const hint = (): string =>
    this.utils.matcherHint(`.${MATCHER}`, 'received', ms === undefined ? '' : String(ms), {
      isNot: this.isNot === true,
      promise: this.promise ?? '',
    })
  if (!stats || stats.count === 0) {
    // No call is no evidence either way: fail both forms, so a test that stopped calling the function is noticed.
    return {
      pass: this.isNot === true,
      message: () => `${hint()}\n\nNo calls of ${name} were recorded during this test, so nothing can be judged.`,
    }
  }
  const actual = stats[FIELDS[statistic]] as number
  const over = statistic === 'max' ? countOver(stats, limit) : undefined
  return {
    pass: actual <= limit,
    message: () =>
      [
        hint(),
        '',
        `Expected: ${statistic === 'max' ? 'every call (max)' : statistic} of ${name} ${this.isNot === true ? '>' : '≤'} ${formatMs(limit)}`,
        `Received: ${statistic} ${formatMs(actual)}${over === undefined ? '' : ` (${over})`}`,
        '',
        `Calls during this test: ${stats.count}, min ${formatMs(stats.minMs)}, p50 ${formatMs(stats.p50Ms)}, p95 ${formatMs(stats.p95Ms)}, ` +
          `p99 ${formatMs(stats.p99Ms)}, max ${formatMs(stats.maxMs)}, total ${formatMs(stats.totalMs)}`,
      ].join('\n'),
  }
}

/** "3 of 120 calls over 5.00 ms", from the threshold counter when the limit is the threshold. */
function countOver(stats: CallStats, limit: number): string | undefined {
  if (stats.thresholdMs !== limit) return undefined
  return `${stats.overThreshold} of ${stats.count} calls over ${formatMs(limit)}`
}
