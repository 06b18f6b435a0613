import { describe, expect, it } from 'vitest'
import { testDurationRecord, TEST_DURATION_NAME } from '../../../src/record/testDurationRecord.js'
import { summarize } from '../../../src/stats/summarize.js'

describe('testDurationRecord()', () => {
  it.each([0, 0.001, 1.7983280000000263, 42, 12_345.6])(
    'gives the statistics summarize() gives one sample (%s ms), without computing them',
    (ms) => {
      const record = testDurationRecord('a.test.ts', 'suite > test', ms)
      const { name, subject, samplesMs, batchSize, operations, warmupOperations, sampledForMs, ...stats } = record.result
      expect(stats).toEqual(summarize([ms]))
      expect({ name, subject, samplesMs, batchSize, operations, warmupOperations, sampledForMs }).toEqual({
        name: TEST_DURATION_NAME,
        subject: 'async',
        samplesMs: [ms],
        batchSize: 1,
        operations: 1,
        warmupOperations: 0,
        sampledForMs: ms,
      })
      expect(record).toMatchObject({
        file: 'a.test.ts',
        testName: 'suite > test',
        name: TEST_DURATION_NAME,
        kind: 'test-duration',
        concurrent: false,
      })
    },
  )
})
