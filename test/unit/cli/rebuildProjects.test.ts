import { describe, expect, it } from 'vitest'
import { mergeReports } from '../../../src/cli/mergeReports.js'
import type { Comparison, MeasurementRecord } from '../../../src/model/types.js'
import { measurementId } from '../../../src/model/types.js'
import { buildReport } from '../../../src/pipeline/buildReport.js'
import { testRecord, testRun } from '../../helpers/reportInputs.js'

// Two Jest projects (displayName "node" and "jsdom") running the same test file: the same test and measurement
// names, told apart only by the project.
const inProject = (project: string): MeasurementRecord => ({ ...testRecord('parse'), project })
const node = inProject('node')
const jsdom = inProject('jsdom')
// A title with " > " in it: its id escapes it, which the legacy form (file > testName > name) does not.
const nested = { ...testRecord('split'), testName: 'a > b > case', testPath: ['a > b', 'case'] }
const regressed = { verdict: 'regressed', changePercent: 40, reason: 'the 99% interval lies above +10%' } as Comparison

function shardReport() {
  return buildReport({
    run: testRun({ name: 'jest', version: '30.0.0' }),
    records: [node, jsdom, nested],
    comparisons: new Map([
      [measurementId(node), regressed],
      [measurementId(nested), { ...regressed, verdict: 'unchanged', changePercent: 1 } as Comparison],
    ]),
  })
}

describe('reports rebuilt from stored ones (`perf-sentinel merge` / `report`) with projects', () => {
  it('keep each measurement’s id, project and comparison', () => {
    const merged = mergeReports([{ path: 'shard-1/report.json', report: JSON.parse(JSON.stringify(shardReport())) }])
    const byId = new Map(merged.measurements.map((m) => [m.id, m]))
    expect([...byId.keys()].sort()).toEqual([measurementId(jsdom), measurementId(nested), measurementId(node)].sort())
    expect(measurementId(node)).toBe('[node] > test/a.perf.test.ts > suite > case > parse')
    expect(byId.get(measurementId(node))).toMatchObject({ project: 'node', comparison: { verdict: 'regressed' } })
    expect(byId.get(measurementId(jsdom))?.comparison).toBeUndefined()
    expect(byId.get(measurementId(nested))?.comparison?.verdict).toBe('unchanged')
    expect(merged.summary.failed).toBe(true)
  })
})
