import { describe, expect, it } from 'vitest'
import {
  renderDiagnosticsHtml,
  renderDiagnosticsMarkdown,
  renderDiagnosticsTerminal,
} from '../../../../reporters/render/sections/diagnostics.js'
import type { BlockingSummary, InstrumentedFunction, ProfileSummary } from '../../../../src/model/diagnostics.js'
import type { PerfReport, ReportMeasurement } from '../../../../src/model/report.js'
import { buildSampleReport, TRICKY_NAMES } from '../../../helpers/sampleReport.js'

const stats = { count: 120, totalMs: 60, minMs: 0.2, maxMs: 7.5, meanMs: 0.5, p50Ms: 0.4, p95Ms: 1.2, p99Ms: 5.1 }
const parse: InstrumentedFunction = {
  name: 'parse',
  type: 'sync_function',
  thresholdMs: 5,
  stats,
  overThreshold: 3,
  syncBlocking: 0,
  errors: 0,
  tests: [
    { file: 'test/a.test.ts', testName: 'parses', count: 100, maxMs: 7.5, overThreshold: 3 },
    { file: 'test/b.test.ts', testName: 'parses more', count: 20, maxMs: 1, overThreshold: 0 },
  ],
}
const blocking: BlockingSummary = {
  thresholdMs: 20,
  longestMs: 25.3,
  totalBlockedMs: 25.3,
  floorMs: 2,
  overThreshold: 1,
  runs: 1,
  withinThreshold: false,
  negated: true,
  where: { functionName: 'busyWait', file: 'test/work.js', line: 7, column: 3 },
}
const profile: ProfileSummary = {
  path: 'perf-report/profiles/x-1234abcd.cpuprofile',
  notes: [],
  operations: 200,
  durationMs: 210,
  samples: 2000,
  requestedIntervalUs: 100,
  effectiveIntervalUs: 102,
  subjectSharePercent: 98.7,
  top: [{ functionName: 'hotSqrtLoop', file: 'test/work.js', line: 23, column: 1, selfPercent: 97.2, selfMs: 198 }],
}

function reportWith(): PerfReport {
  const report = buildSampleReport({ measurements: 3, trickyNames: false })
  const [first, second] = report.measurements as [ReportMeasurement, ReportMeasurement]
  first.blocking = blocking
  second.profile = profile
  return { ...report, instrumented: [parse] }
}

describe('renderDiagnosticsMarkdown()', () => {
  it('renders the instrumented, blocking and profile sections with the threshold warning and a link to the profile', () => {
    const markdown = renderDiagnosticsMarkdown(reportWith(), { reportDir: 'perf-report' })
    expect(markdown).toContain('### Instrumented functions')
    expect(markdown).toContain('> ⚠️ parse: 3 of 120 calls over its 5.00 ms threshold, slowest 7.50 ms in test/a.test.ts &gt; parses')
    expect(markdown).toMatch(/\| ⚠️ parse \| sync \| 120 \| 400 µs \| 1\.20 ms \| 5\.10 ms \| 7\.50 ms \| 3 over 5\.00 ms \|/)
    expect(markdown).toContain('### Event-loop blocking')
    expect(markdown).toMatch(/\| 25\.3 ms \| &gt; 20\.0 ms \| 25\.3 ms \| 1 \| 1 \| busyWait \(test/)
    expect(markdown).toContain('[perf-report/profiles/x-1234abcd.cpuprofile](profiles/x-1234abcd.cpuprofile)')
    expect(markdown).toContain('hotSqrtLoop (test/work.js:23) 97.2%')
  })

  it("links the profile of a perfTiming function's slow call in the CPU profiles table", () => {
    const report = buildSampleReport({ measurements: 2, trickyNames: false })
    const slowCall: ProfileSummary = { ...profile, path: 'perf-report/profiles/perftiming-parse-5678.cpuprofile', operations: 1 }
    const markdown = renderDiagnosticsMarkdown({ ...report, instrumented: [{ ...parse, profile: slowCall }] }, { reportDir: 'perf-report' })
    expect(markdown).toContain('### CPU profiles')
    expect(markdown).toMatch(
      /\| perfTiming parse \(one slow call\) \| \[perf-report\/profiles\/perftiming-parse-5678\.cpuprofile\]\(profiles\/perftiming-parse-5678\.cpuprofile\) \|/,
    )
  })

  it('renders nothing when the report has no diagnostics', () => {
    expect(renderDiagnosticsMarkdown(buildSampleReport({ measurements: 2 }))).toBe('')
    expect(renderDiagnosticsHtml(buildSampleReport({ measurements: 2 }))).toBe('')
    expect(renderDiagnosticsTerminal(buildSampleReport({ measurements: 2 }))).toEqual([])
  })
})

describe('renderDiagnosticsHtml()', () => {
  it('escapes every value and links the profile relative to the report', () => {
    const report = reportWith()
    const hostile = { ...parse, name: TRICKY_NAMES.xss, tests: [] }
    const html = renderDiagnosticsHtml({ ...report, instrumented: [hostile] }, { reportDir: 'perf-report' })
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('<a href="profiles/x-1234abcd.cpuprofile" download>')
    expect(html).toContain('<tr class="warn">')
  })
})

describe('renderDiagnosticsTerminal()', () => {
  it('prints one line per row with the warnings first', () => {
    const lines = renderDiagnosticsTerminal(reportWith())
    expect(lines[0]).toBe('Instrumented functions:')
    expect(lines[1]).toContain('⚠ parse: 3 of 120 calls over its 5.00 ms threshold')
    expect(lines.some((line) => line.includes('longest slice 25.3 ms'))).toBe(true)
    expect(lines.some((line) => line.includes('perf-report/profiles/x-1234abcd.cpuprofile'))).toBe(true)
  })
})
