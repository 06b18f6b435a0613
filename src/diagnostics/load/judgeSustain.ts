import { formatMs } from '../../format.js'
import type { LoadResult } from './loadTypes.js'

/** What `toSustainLoad` asks of a load run. */
export interface SustainBudget {
  p95Ms: number
  p99Ms?: number
  /** Largest acceptable (errors + dropped starts) / scheduled, 0–1. */
  maxErrorRate: number
}

/** One limit of the budget and how the run did against it. */
export interface SustainCheck {
  label: 'p95' | 'p99' | 'error rate'
  actual: number
  limit: number
  ok: boolean
}

export type SustainJudgement =
  | { kind: 'pass'; checks: SustainCheck[] }
  | { kind: 'fail'; checks: SustainCheck[]; reason: string }
  | { kind: 'inconclusive'; checks: SustainCheck[]; reason: string }

/**
 * A starved open-model generator: its TYPICAL (median) start was this late, as a share of the run (5%). One hiccup
 * of a busy machine makes a few starts late and the rest catch up; a median this late means the arrivals fell
 * behind for good and the target did not get the load asked for, so a pass would not mean anything.
 */
const STARVED_LAG_SHARE = 0.05

/**
 * Judges a load run against a budget (pure). A saturated generator only ever makes latencies look WORSE (its
 * lateness is inside the corrected latency), so a pass stands as long as the load was delivered; a latency failure
 * stands when it survives discounting the generator's p99 lag; anything else is `inconclusive`, never a pass or fail.
 */
export function judgeSustain(result: LoadResult, budget: SustainBudget): SustainJudgement {
  const l = result.latency
  const checks: SustainCheck[] = [{ label: 'p95', actual: l.p95Ms, limit: budget.p95Ms, ok: l.p95Ms <= budget.p95Ms }]
  if (budget.p99Ms !== undefined) checks.push({ label: 'p99', actual: l.p99Ms, limit: budget.p99Ms, ok: l.p99Ms <= budget.p99Ms })
  checks.push({ label: 'error rate', actual: result.errorRate, limit: budget.maxErrorRate, ok: result.errorRate <= budget.maxErrorRate })
  const failed = checks.filter((c) => !c.ok)
  if (l.count === 0) {
    const errors = failed.filter((c) => c.label === 'error rate')
    return {
      kind: 'fail',
      checks,
      reason: `no operation succeeded${errors.length > 0 ? ` (${failedText(errors)})` : ''}, so there is no latency to judge`,
    }
  }
  const g = result.generator
  if (!g.saturated) {
    return failed.length === 0 ? { kind: 'pass', checks } : { kind: 'fail', checks, reason: failedText(failed) }
  }
  const why = `the load generator was saturated (${g.reasons.join('; ')})`
  if (failed.some((c) => c.label === 'error rate')) return { kind: 'fail', checks, reason: failedText(failed) }
  if (failed.length === 0) {
    const starved = result.model === 'open' && g.lagP50Ms > STARVED_LAG_SHARE * result.elapsedMs
    if (!starved) return { kind: 'pass', checks }
    return {
      kind: 'inconclusive',
      checks,
      reason: `${why} and its median start was ${formatMs(g.lagP50Ms)} late: the target did not get the load asked for`,
    }
  }
  // Open model: each corrected latency contains at most the start's lateness; p99 lag bounds it for the percentiles.
  const discount = result.model === 'open' ? g.lagP99Ms : Number.POSITIVE_INFINITY
  if (failed.every((c) => c.actual - discount > c.limit)) {
    return {
      kind: 'fail',
      checks,
      reason: `${failedText(failed)}, even after discounting the generator's lag p99 of ${formatMs(g.lagP99Ms)}`,
    }
  }
  return { kind: 'inconclusive', checks, reason: `${why}: ${failedText(failed)}, but the generator's own lateness may account for it` }
}

function failedText(failed: readonly SustainCheck[]): string {
  return failed
    .map((c) =>
      c.label === 'error rate'
        ? `error rate ${percent(c.actual)} > ${percent(c.limit)}`
        : `${c.label} ${formatMs(c.actual)} > ${formatMs(c.limit)}`,
    )
    .join(', ')
}

/** A rate 0–1 as a percentage with up to two decimals: `0.5%`, `12.25%`. */
export function percent(rate: number): string {
  return `${Number((rate * 100).toFixed(2))}%`
}
