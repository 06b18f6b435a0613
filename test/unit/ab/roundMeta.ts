import type { RoundMeasurement } from '../../../src/ab/runRound.js'

/** A sync `measure()` measurement of one round, named `id` (the decision reads only the medians and the id). */
export function meta(id: string): RoundMeasurement {
  return {
    id,
    file: 'a.test.ts',
    testName: id,
    name: id,
    kind: 'measure',
    concurrent: false,
    subject: 'sync',
    batchSize: 1,
    medianMs: 1,
    n: 10,
  }
}
