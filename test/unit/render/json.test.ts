import type { Comparison } from '../../../src/model/types.js'
import { describe, expect, it } from 'vitest'
import { testRun } from '../../helpers/reportInputs.js'
import { renderJson } from '../../../reporters/render/json.js'
import { buildReport } from '../../../src/pipeline/buildReport.js'
import type { BuildReportInput } from '../../../src/pipeline/buildReport.js'
import type { PerfReport } from '../../../src/model/report.js'
import { summarize } from '../../../src/stats/summarize.js'
import type { MeasurementRecord } from '../../../src/model/types.js'
import { buildSampleReport, TRICKY_NAMES } from '../../helpers/sampleReport.js'

const RUN: BuildReportInput['run'] = testRun({ name: 'vitest', version: '4.1.12' })

/** A measurement of a 0 ms (empty, batched) function: opsPerSecond is Infinity. */
function emptyFunctionReport(): PerfReport {
  const samplesMs = [0, 0, 0]
  const r: MeasurementRecord = {
    file: 'test/a.perf.test.ts',
    testName: 'noop',
    name: 'empty',
    kind: 'measure',
    concurrent: false,
    result: {
      name: 'empty',
      subject: 'sync',
      ...summarize(samplesMs),
      samplesMs,
      batchSize: 4_194_304,
      operations: 3,
      warmupOperations: 0,
      sampledForMs: 0,
    },
  }
  return buildReport({ run: RUN, records: [r] })
}

describe('renderJson()', () => {
  it('round-trips a report: parsing the output gives the report back', () => {
    const report = buildSampleReport({ measurements: 30 })
    expect(JSON.parse(renderJson(report))).toEqual(report)
  })

  it('keeps hostile and non-Latin names exactly as written', () => {
    const report = buildSampleReport({ measurements: 6 })
    const parsed = JSON.parse(renderJson(report)) as PerfReport
    const names = parsed.measurements.flatMap((m) => [m.name, m.testName, m.file]).join('\n')
    for (const tricky of Object.values(TRICKY_NAMES)) expect(names).toContain(tricky)
  })

  it('turns Infinity into null, as JSON has no infinity', () => {
    const report = emptyFunctionReport()
    expect(report.measurements[0]?.stats.opsPerSecond).toBe(Number.POSITIVE_INFINITY)
    const parsed = JSON.parse(renderJson(report)) as { measurements: Array<{ stats: Record<string, unknown> }> }
    expect(parsed.measurements[0]?.stats.opsPerSecond).toBeNull()
    expect(renderJson(report)).not.toContain('Infinity')
  })

  it('turns NaN and -Infinity into null wherever they are', () => {
    const report = emptyFunctionReport()
    const m = report.measurements[0] as PerfReport['measurements'][number]
    m.stats.rmePercent = Number.NaN
    m.samplesMs = [1, Number.NEGATIVE_INFINITY, Number.NaN]
    m.comparison = { verdict: 'inconclusive', changePercent: Number.NaN, intervalPercent: [Number.NEGATIVE_INFINITY, 5], reason: 'no data' }
    const parsed = JSON.parse(renderJson(report)) as PerfReport
    const pm = parsed.measurements[0]
    expect(pm?.stats.rmePercent).toBeNull()
    expect(pm?.samplesMs).toEqual([1, null, null])
    expect(pm?.comparison?.changePercent).toBeNull()
    expect(pm?.comparison?.intervalPercent).toEqual([null, 5])
  })

  it('does not modify the report it renders', () => {
    const report = emptyFunctionReport()
    renderJson(report)
    expect(report.measurements[0]?.stats.opsPerSecond).toBe(Number.POSITIVE_INFINITY)
  })

  it('keeps finite numbers, including 0 and negatives, as numbers', () => {
    const report = emptyFunctionReport()
    const m = report.measurements[0] as PerfReport['measurements'][number]
    m.comparison = { verdict: 'improved', changePercent: -12.5, absoluteChangeMs: 0, reason: 'faster' } as Comparison
    const parsed = JSON.parse(renderJson(report)) as PerfReport
    expect(parsed.measurements[0]?.comparison).toEqual({ verdict: 'improved', changePercent: -12.5, absoluteChangeMs: 0, reason: 'faster' })
    expect(parsed.measurements[0]?.stats.minMs).toBe(0)
  })

  it('puts each top-level field and each measurement on a line of its own, unindented, ending with a newline', () => {
    const report = emptyFunctionReport()
    const second = { ...(report.measurements[0] as PerfReport['measurements'][number]), id: 'second' }
    report.measurements.push(second)
    const json = renderJson(report)
    const lines = json.split('\n')
    expect(lines[0]).toBe('{')
    expect(lines[1]).toBe('"schemaVersion":2,')
    expect(lines[2]?.startsWith('"tool":{"name":"perf-sentinel",')).toBe(true)
    const start = lines.indexOf('"measurements":[')
    expect(start).toBeGreaterThan(0)
    // The same values JSON.stringify gives (its ∞ ops/s becomes null).
    const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))
    expect(JSON.parse((lines[start + 1] as string).replace(/,$/, ''))).toEqual(asJson(report.measurements[0]))
    expect(JSON.parse(lines[start + 2] as string)).toEqual(asJson(second))
    expect(lines[start + 3]).toBe('],')
    expect(json.endsWith('\n}\n')).toBe(true)
    expect(json).not.toMatch(/\n +"/)
    expect(JSON.parse(json)).toEqual(asJson(report))
  })

  it('leaves out and nulls what JSON.stringify would, so the text always parses to the same value', () => {
    const report = emptyFunctionReport() as PerfReport & Record<string, unknown>
    report.extra = undefined
    report.helper = () => 1
    ;(report.measurements as unknown[]).push(undefined)
    const json = renderJson(report)
    expect(json).not.toContain('undefined')
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)))
  })

  it('writes an empty measurement list as []', () => {
    const report = emptyFunctionReport()
    report.measurements = []
    expect(renderJson(report)).toContain('\n"measurements":[],\n')
    expect(JSON.parse(renderJson(report))).toEqual(JSON.parse(JSON.stringify(report)))
  })
})
