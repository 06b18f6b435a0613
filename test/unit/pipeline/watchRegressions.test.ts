import { describe, expect, it } from 'vitest'
import type { MeasurementRecord } from '../../../src/model/types.js'
import { addRegressedFiles, rememberRegressedFiles, type WatchRegressions } from '../../../src/pipeline/watchRuns.js'

const record = (file: string, name: string): MeasurementRecord => ({ file, testName: 't', name }) as unknown as MeasurementRecord
const regressed = (file: string) => ({ file, comparison: { verdict: 'regressed' as const } })

describe('files that regressed in a watch session (what `u` accepts)', () => {
  it('remembers the latest records of files with a regression, forgets a file once a run shows it no longer regressed', () => {
    const memory: WatchRegressions = new Map()
    const first = [record('a.test.ts', 'x'), record('b.test.ts', 'y')]
    rememberRegressedFiles(memory, { records: first, ranFiles: ['a.test.ts', 'b.test.ts'], updated: false }, [
      regressed('a.test.ts'),
      { file: 'b.test.ts', comparison: { verdict: 'unchanged' } },
    ])
    expect([...memory.keys()]).toEqual(['a.test.ts'])
    expect(memory.get('a.test.ts')).toEqual([first[0]])
    // A run of b only leaves a alone; a run of a without a regression forgets it.
    rememberRegressedFiles(memory, { records: [], ranFiles: ['b.test.ts'], updated: false }, [])
    expect(memory.has('a.test.ts')).toBe(true)
    rememberRegressedFiles(memory, { records: [record('a.test.ts', 'x')], ranFiles: ['a.test.ts'], updated: false }, [])
    expect(memory.size).toBe(0)
  })

  it('an update run takes the files it did not run, once: afterwards they are accepted and forgotten', () => {
    const memory: WatchRegressions = new Map([['a.test.ts', [record('a.test.ts', 'x')]]])
    const run = { records: [record('c.test.ts', 'z')], ranFiles: ['c.test.ts'] }
    expect(addRegressedFiles(memory, run)).toEqual(['a.test.ts'])
    expect(run.ranFiles).toEqual(['c.test.ts', 'a.test.ts'])
    expect(run.records.map((r) => r.name)).toEqual(['z', 'x'])
    rememberRegressedFiles(memory, { ...run, updated: true }, [regressed('a.test.ts')])
    expect(memory.size).toBe(0)
  })
})
