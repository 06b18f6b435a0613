import { describe, expect, it } from 'vitest'
import { toWorkerRecord } from '../../../src/record/workerRecord.js'
import type { PendingRecord } from '../../../src/record/recorder.js'
import { testDurationRecord } from '../../../src/record/testDurationRecord.js'

const result = testDurationRecord('a.test.ts', 't', 2).result

describe('toWorkerRecord()', () => {
  it('numbers automatic names per test and keeps every other field as it is', () => {
    const pending: PendingRecord = {
      name: 'toCompleteWithin',
      autoName: true,
      kind: 'matcher',
      result,
      budget: { matcher: 'toCompleteWithin', statistic: 'medianMs', limit: 5, actual: 2, withinBudget: true, negated: false },
    }
    const stored = toWorkerRecord(pending, ['toCompleteWithin #1'], true)
    expect(stored).toEqual({ name: 'toCompleteWithin #2', kind: 'matcher', concurrent: true, result, budget: pending.budget })
    expect(stored).not.toHaveProperty('autoName')
  })
})
