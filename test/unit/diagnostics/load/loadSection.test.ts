import { describe, expect, it } from 'vitest'
import { renderLoadHtml, renderLoadMarkdown, renderLoadTerminal } from '../../../../reporters/render/sections/loadSection.js'
import type { PerfReport } from '../../../../src/model/report.js'
import { buildSampleReport, TRICKY_NAMES } from '../../../helpers/sampleReport.js'
import { latency, loadResult, saturated } from './loadResultFixture.js'

/** A sample report whose first two measurements are load runs: an open-model stall and a saturated closed run. */
function reportWithLoad(): PerfReport {
  const report = buildSampleReport({ measurements: 4, trickyNames: false })
  const {
    samplesMs: _s,
    name: _n,
    ...stall
  } = loadResult({
    latency: latency(2, { p95Ms: 510, p99Ms: 905, p999Ms: 990, maxMs: 1004 }),
    uncorrectedLatency: latency(0.7, { p95Ms: 1.2, p99Ms: 3, maxMs: 1001 }),
    lateStarts: 91,
    timeline: [0, 1, 2].map((s) => ({ atMs: s * 1000, completed: s === 1 ? 0 : 100, errors: s === 2 ? 3 : 0, meanMs: 2, maxMs: 5 })),
  })
  const {
    samplesMs: _s2,
    name: _n2,
    ...closed
  } = loadResult({
    model: 'closed',
    concurrency: 8,
    generator: saturated(0),
    errorRate: 0.02,
    errorsByClass: { thrown: 0, rejected: 2, 'non-2xx': 0, timeout: 1, network: 0 },
  })
  const [a, b, ...rest] = report.measurements
  if (!a || !b) throw new Error('sample report too small')
  return {
    ...report,
    measurements: [
      { ...a, testName: 'api', name: TRICKY_NAMES.xss, load: stall },
      { ...b, testName: 'api', name: 'closed loop', load: { ...closed, inconclusive: 'load generator saturated: event loop busy 97%' } },
      ...rest,
    ],
  }
}

describe('load section renderers', () => {
  it('render nothing when the report has no load runs', () => {
    const report = buildSampleReport({ measurements: 3 })
    expect(renderLoadMarkdown(report)).toBe('')
    expect(renderLoadHtml(report)).toBe('')
    expect(renderLoadTerminal(report)).toEqual([])
  })

  it('put the corrected percentiles beside the uncorrected ones in Markdown, with errors, starts and inconclusive runs', () => {
    const md = renderLoadMarkdown(reportWithLoad())
    expect(md).toMatch(/^### Load\n\n> Open model: latency from the intended start time/)
    expect(md).toMatch(
      /\| 100\/s open, 10 conn\. \| 100\.0\/s \| 2\.00 ms \| 2\.00 ms \| 510 ms \| 905 ms \| 990 ms \| 1\.00 s \| 0% \| 91 late · 0 dropped \|/,
    )
    expect(md).toMatch(/\| ↳ uncorrected \| \| \| 700 µs \| 700 µs \| 1\.20 ms \| 3\.00 ms \| 700 µs \| 1\.00 s \| \| \|/)
    expect(md).toMatch(/\| 🟡 api &gt; closed loop \| 8 callers closed \| .* \| 2% \(2 rejected, 1 timeout\) \| — \|/)
    expect(md).toMatch(/> 🟡 api &gt; closed loop: inconclusive, load generator saturated: event loop busy 97%/)
    expect(md).not.toContain('<img')
  })

  it('escape names in HTML and draw the throughput and percentile charts', () => {
    const html = renderLoadHtml(reportWithLoad())
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;')
    // The closed run has no timeline, so no throughput chart.
    expect(html.match(/<svg class="load-throughput"/g)).toHaveLength(1)
    expect(html.match(/<svg class="load-percentiles"/g)).toHaveLength(2)
    // Errors of the third second are drawn on top of its completions.
    expect(html).toContain('<title>2 s: 100 ok, 3 errors, mean 2.00 ms, max 5.00 ms</title>')
    expect(html).toContain('<g class="uncorrected">')
    expect(html).toContain('🟡 inconclusive: load generator saturated')
  })

  it('give two lines per open run in the terminal and flag inconclusive ones', () => {
    const lines = renderLoadTerminal(reportWithLoad())
    expect(lines[0]).toBe('Load:')
    expect(lines[2]).toBe('    uncorrected p95 1.20 ms · p99 3.00 ms · 91 late · 0 dropped')
    expect(lines).toContain('    ⚠ inconclusive: load generator saturated: event loop busy 97%')
  })
})
