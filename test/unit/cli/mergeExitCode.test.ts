import { describe, expect, it } from 'vitest'
import { verdictExitCode } from '../../../src/cli/commands/merge.js'
import type { BudgetOutcome } from '../../../src/model/types.js'
import { buildReport } from '../../../src/pipeline/buildReport.js'
import { testRecord, testRun } from '../../helpers/reportInputs.js'

const budget = (actual: number, negated = false): BudgetOutcome => ({
  matcher: 'toCompleteWithin',
  statistic: 'medianMs',
  limit: 5,
  actual,
  withinBudget: actual <= 5,
  negated,
})
const options = { failOnRegression: true, failOnNew: false }
const reportOf = (...budgets: BudgetOutcome[]) =>
  buildReport({
    run: testRun({ name: 'jest', version: '30.0.0' }),
    records: budgets.map((b, i) => testRecord(`m${i}`, { kind: 'matcher', budget: b })),
  })

describe('verdictExitCode() (`perf-sentinel merge`)', () => {
  it('is 1 when a shard’s matcher budget was not met, as the unsharded run’s failed test would make it', () => {
    const verdict = verdictExitCode(reportOf(budget(2), budget(12)), options, true)
    expect(verdict.code).toBe(1)
    expect(verdict.failures).toEqual(['Budget not met (its test failed): test/a.perf.test.ts > suite > case > m1'])
  })

  it('is 0 when every budget held, a negated one included (.not that was slower than its limit)', () => {
    expect(verdictExitCode(reportOf(budget(2), budget(12, true)), options, true)).toEqual({ code: 0, failures: [] })
  })
})
