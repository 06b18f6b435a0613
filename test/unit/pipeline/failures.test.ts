import { describe, expect, it } from 'vitest'
import type { Comparison } from '../../../src/model/comparison.js'
import { measurementId } from '../../../src/model/types.js'
import { buildReport } from '../../../src/pipeline/buildReport.js'
import { decideFailures } from '../../../src/pipeline/failures.js'
import { testRecord, testRun } from '../../helpers/reportInputs.js'

const slower = testRecord('slower', { medianMs: 3 })
const fresh = testRecord('fresh')
const regressed: Comparison = {
  verdict: 'regressed',
  changePercent: 50,
  intervalPercent: [40, 60],
  confidenceLevel: 0.99,
  pValue: 0.0001,
  noiseFloorPercent: 5,
  baseN: 20,
  headN: 20,
  absoluteChangeMs: 1,
  baselineMedianMs: 2,
  baselineCommit: 'abcdef0123456789',
  reason: 'Slower: +50.0%.',
}
const report = buildReport({
  run: testRun({ name: 'vitest', version: '4.1.12' }),
  records: [slower, fresh],
  comparisons: new Map([[measurementId(slower), regressed]]),
})
const options = { failOnRegression: true, failOnNew: false }

describe('decideFailures()', () => {
  it('fails the run once per regression, naming the measurement, change, interval and baseline commit', () => {
    const { failures, accepted } = decideFailures(report, options, false, { kind: 'new-only' })
    expect(accepted).toEqual([])
    expect(failures.map((f) => f.code)).toEqual(['E_REGRESSION'])
    expect(failures[0]?.problem).toBe(
      `Performance regression: ${measurementId(slower)} is +50.0% slower, 99% interval +40.0% … +60.0% against baseline abcdef0. Slower: +50.0%.`,
    )
    expect(failures[0]?.fix).toContain('accept it with -u')
  })

  // Was `-u` in watch mode too, where the runner's prompt key is the way.
  it("names the watch prompt's key in watch mode", () => {
    expect(decideFailures(report, options, false, { kind: 'new-only' }, 'vitest').failures[0]?.fix).toBe(
      "if the slowdown is intended, press u in Vitest's watch prompt to accept it as the baseline",
    )
    expect(decideFailures(report, options, false, { kind: 'new-only' }, 'jest').failures[0]?.fix).toContain(
      "press b in Jest's watch prompt",
    )
  })

  it('lets an update run accept a regression, saying old → new, instead of failing', () => {
    const { failures, accepted } = decideFailures(report, options, true, { kind: 'all' })
    expect(failures).toEqual([])
    expect(accepted).toEqual([`Accepted by the baseline update: ${measurementId(slower)} 2.00 ms → 3.00 ms (+50.0%).`])
  })

  it('does not fail on regressions with failOnRegression: false', () => {
    expect(decideFailures(report, { ...options, failOnRegression: false }, true, { kind: 'none', why: 'ci' }).failures).toEqual([])
  })

  it('fails on measurements without a baseline only in CI with failOnNew', () => {
    const onNew = { failOnRegression: false, failOnNew: true }
    expect(decideFailures(report, onNew, false, { kind: 'new-only' }).failures).toEqual([])
    const inCi = decideFailures(report, onNew, true, { kind: 'none', why: 'ci' }).failures
    expect(inCi.map((f) => f.problem)).toEqual(['1 measurement(s) have no baseline and failOnNew is set.'])
  })
})
