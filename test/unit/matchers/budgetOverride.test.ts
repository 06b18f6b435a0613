import { describe, expect, it } from 'vitest'
import { BUDGET_OVERRIDES_ENV, encodeBudgetOverrides, withBudgetOverride } from '../../../matchers/budgetOverride.js'
import type { Judgement } from '../../../matchers/timingMatcher.js'

const judgement: Judgement = {
  matcher: 'toCompleteWithin',
  statistic: 'medianMs',
  label: 'median',
  limit: 50,
  direction: 'at-most',
  format: (ms) => `${ms} ms`,
  expectedHint: '50',
}

const context = { testPath: '/project/test/parse.test.ts', currentTestName: 'parser > small input' }

function envFor(thresholds: Record<string, { budgetMs?: number; failThresholdPercent?: number }>): Record<string, string | undefined> {
  return { [BUDGET_OVERRIDES_ENV]: encodeBudgetOverrides('/project', thresholds) }
}

describe('encodeBudgetOverrides()', () => {
  it('sends nothing to the workers when no threshold glob sets a budget', () => {
    expect(encodeBudgetOverrides('/project', {})).toBeUndefined()
    expect(encodeBudgetOverrides('/project', { 'parse*': { failThresholdPercent: 20 } } as never)).toBeUndefined()
  })
})

describe('withBudgetOverride()', () => {
  it('replaces the budget when a glob matches the file, the measurement name or the full id, and says where it came from', () => {
    for (const glob of ['test/parse.test.ts', 'parse*', '**/parse.test.ts > parser > *']) {
      const judged = withBudgetOverride(judgement, 'parse 1 KB', context, envFor({ [glob]: { budgetMs: 120 } }))
      expect(judged.limit, glob).toBe(120)
      expect(judged.expectedHint).toBe(`50 → 120 (thresholds[${JSON.stringify(glob)}].budgetMs)`)
    }
  })

  it('keeps the test’s own budget when no glob matches, or when the first match sets no budget (as at the run end)', () => {
    expect(withBudgetOverride(judgement, 'sort 10k', context, envFor({ 'parse*': { budgetMs: 120 } })).limit).toBe(50)
    const shadowed = envFor({ 'parse*': { failThresholdPercent: 20 }, '**': { budgetMs: 120 } })
    expect(withBudgetOverride(judgement, 'parse 1 KB', context, shadowed).limit).toBe(50)
    expect(withBudgetOverride(judgement, 'sort 10k', context, shadowed).limit).toBe(120)
    expect(withBudgetOverride(judgement, 'parse 1 KB', context, {})).toBe(judgement)
  })

  it('leaves throughput budgets alone: budgetMs is a time', () => {
    const throughput: Judgement = {
      ...judgement,
      matcher: 'toAchieveThroughput',
      statistic: 'opsPerSecond',
      direction: 'at-least',
      limit: 1000,
    }
    expect(withBudgetOverride(throughput, 'parse 1 KB', context, envFor({ 'parse*': { budgetMs: 120 } })).limit).toBe(1000)
  })

  it('ignores a hand-made variable it cannot read instead of failing the test', () => {
    expect(withBudgetOverride(judgement, 'parse 1 KB', context, { [BUDGET_OVERRIDES_ENV]: '{not json' }).limit).toBe(50)
  })
})
