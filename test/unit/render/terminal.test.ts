import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import { testRecord, testRun } from '../../helpers/reportInputs.js'
import { renderTerminal } from '../../../reporters/render/terminal.js'
import type { BuildReportInput } from '../../../src/pipeline/buildReport.js'
import { buildReport } from '../../../src/pipeline/buildReport.js'
import type { PerfReport } from '../../../src/model/report.js'
import type { BudgetOutcome, Comparison, MeasurementRecord } from '../../../src/model/types.js'
import { measurementId } from '../../../src/model/types.js'

const RUN: BuildReportInput['run'] = testRun({ name: 'jest', version: '30.0.0' }, { notes: ['Baseline written: 5 new entries.'] })

const record = testRecord

const missed: BudgetOutcome = {
  matcher: 'toCompleteWithin',
  statistic: 'medianMs',
  limit: 5,
  actual: 12,
  withinBudget: false,
  negated: false,
}
const met: BudgetOutcome = { ...missed, actual: 2, withinBudget: true }

function mixedReport(): PerfReport {
  const records = [
    record('fresh', { medianMs: 0.5 }),
    record('steady', { medianMs: 3, concurrent: true }),
    record('faster', { kind: 'matcher', budget: met }),
    record('unsure', { medianMs: 4 }),
    record('slower', { kind: 'matcher', medianMs: 12, budget: missed }),
    record('test duration', { kind: 'test-duration', medianMs: 250, testName: 'suite > whole test' }),
  ]
  const id = (name: string): string => measurementId(records.find((r) => r.name === name) as MeasurementRecord)
  const comparisons = new Map<string, Comparison>([
    [id('slower'), { verdict: 'regressed', changePercent: 25, reason: 'the 99% interval lies above +10%' }],
    [id('unsure'), { verdict: 'inconclusive', changePercent: 6, reason: 'too noisy' }],
    [id('faster'), { verdict: 'improved', changePercent: -20, reason: 'faster' }],
    [
      id('steady'),
      {
        verdict: 'unchanged',
        changePercent: 892.7,
        warning: true,
        reason: '+892.7%, but the median moved only 27.6 µs and stays under the 50.0 µs absolute floor.',
      },
    ],
    // Partial comparisons, as renderers may meet in older or hand-edited report.json files.
  ] as Array<[string, Comparison]>)
  const removed = [
    {
      id: 'test/old.ts > legacy > gone',
      file: 'test/old.ts',
      testName: 'legacy',
      name: 'gone',
      kind: 'measure' as const,
      baselineMedianMs: 1,
    },
  ]
  return buildReport({ run: RUN, records, comparisons, removed })
}

describe('renderTerminal()', () => {
  const report = mixedReport()
  const text = renderTerminal(report, ['perf-report/report.json', 'perf-report/report.md'], { width: 20 })
  const lines = text.split('\n')

  it('starts with a header counting measurements and verdicts', () => {
    expect(lines[0]).toBe('')
    expect(lines[1]).toMatch(/^ perf-sentinel {2}5 measurement\(s\): /)
    for (const count of ['1 regressed', '1 inconclusive', '1 improved', '1 unchanged', '1 new', '1 removed']) {
      expect(lines[1]).toContain(count)
    }
    expect(lines[1]).not.toContain('0 ')
  })

  it('prints one table line per gated measurement, regressions first, in reading order', () => {
    const verdicts = lines.slice(2, 7).map((line) => line.trim().split(/\s+/)[0])
    expect(verdicts).toEqual(['regressed', 'inconclusive', 'improved', 'unchanged', 'new'])
  })

  it('aligns verdict, label, median, p95, n and change in fixed-width columns', () => {
    expect(lines[2]).toBe('  regressed    …ite > case > slower   12.0 ms   p95 17.4 ms     n=3  +25.0% budget ✗')
    expect(lines[4]).toBe('  improved     …ite > case > faster   2.00 ms   p95 2.90 ms     n=3  -20.0% budget ✓')
    expect(lines[6]).toBe('  new          suite > case > fresh    500 µs    p95 725 µs     n=3        ')
  })

  it('names the file (and project) where two rows would read the same, and only there', () => {
    const inA = { ...record('sum'), file: 'packages/a/test/math.test.ts', project: 'a' }
    const inB = { ...record('sum'), file: 'packages/b/test/math.test.ts', project: 'b' }
    const alone = record('alone')
    const text = renderTerminal(buildReport({ run: RUN, records: [inA, inB, alone] }), [], { width: 80 })
    expect(text).toContain('[a] packages/a/test/math.test.ts > suite > case > sum')
    expect(text).toContain('[b] packages/b/test/math.test.ts > suite > case > sum')
    expect(text).toMatch(/new {10}suite > case > alone /)
  })

  it('marks concurrent measurements', () => {
    expect(lines[5]).toMatch(/^ {2}unchanged {4}.*\+892\.7% ⚠ \(concurrent\)$/)
  })

  it('shortens long labels from the left to the given width', () => {
    const label = lines[2]?.slice(15, 35)
    expect(label).toBe('…ite > case > slower')
    expect(label).toHaveLength(20)
  })

  it('pads labels to 60 characters by default', () => {
    const wide = renderTerminal(report, []).split('\n')[2] ?? ''
    expect(wide.slice(15, 75)).toBe('suite > case > slower'.padEnd(60))
  })

  it('names a removed entry of a named project with its project', () => {
    const gone = {
      id: '[unit] > test/a.ts > t > m',
      file: 'test/a.ts',
      testName: 't',
      name: 'm',
      kind: 'measure' as const,
      baselineMedianMs: 1,
    }
    const text = renderTerminal(buildReport({ run: RUN, records: [], removed: [gone] }), [])
    expect(text).toContain('  removed      [unit] > test/a.ts > t > m')
  })

  it('lists removed measurements, the number of test durations, notes and written files', () => {
    expect(lines).toContain('  removed      legacy > gone')
    expect(lines).toContain('  + 1 test duration(s) recorded for trends')
    expect(lines).toContain('  note: Baseline written: 5 new entries.')
    expect(lines).toContain('  wrote perf-report/report.json')
    expect(lines).toContain('  wrote perf-report/report.md')
  })

  it('keeps the line breaks of a note as indented lines and escapes control characters within them', () => {
    const note = 'skipped history file .perf/history/a.json: it is not valid JSON\nFix: delete it\u001b[2J'
    const out = renderTerminal({ ...report, run: { ...report.run, notes: [note] } }, [], { width: 20 }).split('\n')
    expect(out).toContain('  note: skipped history file .perf/history/a.json: it is not valid JSON')
    expect(out).toContain('        Fix: delete it\\u001b[2J')
  })

  it('marks warnings in the table and says why a warned or inconclusive change did not fail', () => {
    expect(lines.find((line) => line.includes('steady'))).toMatch(/\+892\.7% ⚠ \(concurrent\)$/)
    expect(lines).toContain(
      '  ⚠ suite > case > steady: +892.7%, but the median moved only 27.6 µs and stays under the 50.0 µs absolute floor.',
    )
    expect(lines).toContain('  ? suite > case > unsure: too noisy')
    expect(text).not.toContain('? suite > case > faster')
  })

  it('does not list test durations as table lines', () => {
    expect(text).not.toContain('test duration  ')
    expect(text).not.toContain('whole test')
  })

  it('ends with a REGRESSION line per regressed measurement, with its id and reason', () => {
    expect(lines.at(-2)).toBe('  ✗ REGRESSION test/a.perf.test.ts > suite > case > slower: the 99% interval lies above +10%')
    expect(lines.at(-1)).toBe('')
    expect(text.match(/REGRESSION/g)).toHaveLength(1)
  })

  it('prints no REGRESSION line when the run did not fail', () => {
    const calm = buildReport({ run: RUN, records: [record('a')] })
    const calmText = renderTerminal(calm, [])
    expect(calmText).not.toContain('REGRESSION')
    expect(calmText.split('\n')[1]).toBe(' perf-sentinel  1 measurement(s): 1 new')
  })

  it('prints a header without counts for an empty run', () => {
    expect(renderTerminal(buildReport({ run: { ...RUN, notes: [] }, records: [] }), [])).toBe('\n perf-sentinel  0 measurement(s)\n')
  })

  it('writes no ANSI escapes without color, and the same text once escapes are stripped with color', () => {
    expect(text).not.toMatch(/\u001b\[/)
    const colored = renderTerminal(report, ['perf-report/report.json', 'perf-report/report.md'], { width: 20, color: true })
    expect(stripVTControlCharacters(colored)).toBe(text)
  })
})
