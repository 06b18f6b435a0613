import { describe, expect, it } from 'vitest'
import { parseRoundReport } from '../../../src/ab/runRound.js'

const measurement = (over: object): object => ({
  id: 'a.test.ts > t > m',
  file: 'a.test.ts',
  testName: 't',
  name: 'm',
  kind: 'measure',
  concurrent: false,
  subject: 'sync',
  batchSize: 4,
  stats: { medianMs: 0.25, n: 40, p95Ms: 0.3 },
  samplesMs: [0.25],
  ...over,
})

describe('parseRoundReport()', () => {
  it('keeps each gated measurement’s median, leaving test durations out', () => {
    const text = JSON.stringify({
      run: { runner: { name: 'vitest', version: '4.1.12' }, environment: { hard: {}, soft: {} } },
      measurements: [measurement({}), measurement({ id: 'a.test.ts > t > t', name: 't', kind: 'test-duration' })],
    })
    const parsed = parseRoundReport(text, 'head')
    expect(parsed.runner).toEqual({ name: 'vitest', version: '4.1.12' })
    // A reporter that applied no time factor (or predates it) says nothing.
    expect(parsed.timeScale).toBeUndefined()
    const scaled = parseRoundReport(text.replace('"run":{', '"run":{"timeScale":0.25,'), 'head')
    expect(scaled.timeScale).toBe(0.25)
    expect(parsed.measurements).toEqual([
      {
        id: 'a.test.ts > t > m',
        file: 'a.test.ts',
        testName: 't',
        name: 'm',
        kind: 'measure',
        concurrent: false,
        subject: 'sync',
        batchSize: 4,
        medianMs: 0.25,
        n: 40,
      },
    ])
  })

  it('says which side’s report is unreadable', () => {
    expect(() => parseRoundReport('{"run": {}, "measurements": [{}]}', 'base worktree (abc1234)')).toThrow(
      /the perf report of a base worktree \(abc1234\) round is not readable/,
    )
    expect(() => parseRoundReport('not json', 'head')).toThrow(/not readable/)
  })
})
