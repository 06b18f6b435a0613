import { describe, expect, it } from 'vitest'
import { renderHtml } from '../../../../reporters/render/html.js'
import { resourceChartData, resourceFileRows, samplingCostPercent } from '../../../../reporters/render/sections/resourceRows.js'
import { renderResourcesHtml, renderResourcesMarkdown } from '../../../../reporters/render/sections/resourceSection.js'
import type { PerfReport } from '../../../../src/model/report.js'
import type { ResourceSample, ResourceTimeline } from '../../../../src/model/resourceTimeline.js'
import { buildSampleReport, TRICKY_NAMES } from '../../../helpers/sampleReport.js'
import { latency, loadResult } from '../../diagnostics/load/loadResultFixture.js'

const MIB = 1024 * 1024
const T0 = 1_800_000_000_000

function sample(atMs: number, rssMiB: number, extra: Partial<ResourceSample> = {}): ResourceSample {
  return {
    atMs: T0 + atMs,
    cpuPercent: 40,
    rssBytes: rssMiB * MIB,
    heapUsedBytes: rssMiB * MIB * 0.4,
    eventLoopUtilization: 0.5,
    eventLoopDelayMaxMs: 2,
    ...extra,
  }
}

/** Worker 1 runs a quiet file, then one that climbs 100 MiB; worker 2 a file named with markup. */
const TIMELINES: ResourceTimeline[] = [
  {
    worker: 'worker 1',
    intervalMs: 250,
    samples: [sample(0, 100), sample(250, 101), sample(500, 101), sample(750, 150), sample(1000, 201, { eventLoopDelayMaxMs: 80 })],
    marks: [
      { atMs: T0 + 10, label: 'test/quiet.test.ts', endAtMs: T0 + 500 },
      { atMs: T0 + 500, label: 'test/climbs.test.ts', endAtMs: T0 + 1000 },
    ],
    samplingMs: 0.5,
    elapsedMs: 1000,
  },
  {
    worker: 'worker 2',
    intervalMs: 250,
    samples: [sample(100, 90), sample(350, 95)],
    marks: [{ atMs: T0 + 120, label: TRICKY_NAMES.xss, endAtMs: T0 + 350 }],
    samplingMs: 0.5,
    elapsedMs: 250,
  },
]

function reportWithResources(): PerfReport {
  return { ...buildSampleReport({ measurements: 2, trickyNames: false }), resources: TIMELINES }
}

describe('resourceFileRows()', () => {
  it('puts the file that made RSS climb first, measured from the reading before it started', () => {
    const rows = resourceFileRows(TIMELINES)
    expect(rows.map((r) => r.file)).toEqual(['test/climbs.test.ts', TRICKY_NAMES.xss, 'test/quiet.test.ts'])
    const climbs = rows[0]
    expect(climbs).toMatchObject({ worker: 'worker 1', startMs: 500, durationMs: 500, readings: 2, eventLoopDelayMaxMs: 80 })
    expect(climbs?.rssStartBytes).toBe(101 * MIB)
    expect(climbs?.rssPeakBytes).toBe(201 * MIB)
    expect(climbs?.rssGrowthBytes).toBe(100 * MIB)
    expect(climbs?.heapGrowthBytes).toBeCloseTo(100 * MIB * 0.4)
    expect(rows[2]).toMatchObject({ rssStartBytes: 100 * MIB, rssGrowthBytes: MIB, readings: 2, cpuPercent: 40 })
  })

  it('has no CPU or delay for a file no reading fell in', () => {
    const short: ResourceTimeline = { ...TIMELINES[1]!, marks: [{ atMs: T0 + 120, label: 'short', endAtMs: T0 + 130 }] }
    expect(resourceFileRows([short])[0]).toMatchObject({
      readings: 0,
      cpuPercent: undefined,
      eventLoopDelayMaxMs: undefined,
      rssGrowthBytes: 0,
    })
  })
})

describe('resourceChartData()', () => {
  it('gives seconds from the first reading of any worker, MiB and %, and each file span', () => {
    const data = resourceChartData(TIMELINES)
    expect(data.originMs).toBe(T0)
    expect(data.workers[0]?.t).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(data.workers[0]?.rssMiB).toEqual([100, 101, 101, 150, 201])
    expect(data.workers[0]?.eluPercent).toEqual([50, 50, 50, 50, 50])
    expect(data.workers[0]?.files).toEqual([
      [0.01, 0.5, 'test/quiet.test.ts'],
      [0.5, 1, 'test/climbs.test.ts'],
    ])
    expect(data.workers[1]?.t).toEqual([0.1, 0.35])
  })

  it('reports the sampling cost as a share of the time sampled', () => {
    expect(samplingCostPercent(TIMELINES)).toBeCloseTo((1 / 1250) * 100)
    expect(samplingCostPercent([])).toBe(0)
  })
})

describe('renderResourcesHtml() / renderResourcesMarkdown()', () => {
  it('render nothing without a timeline', () => {
    const report = buildSampleReport({ measurements: 2 })
    expect(renderResourcesHtml(report)).toBe('')
    expect(renderResourcesMarkdown(report)).toBe('')
    expect(renderResourcesHtml({ ...report, resources: [] })).toBe('')
  })

  it('shows file names as text, never markup, with the chart canvas and the metric switch', () => {
    const html = renderResourcesHtml(reportWithResources())
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('<canvas id="resource-chart"')
    expect(html.match(/name="resource-metric"/g)).toHaveLength(5)
    expect(html).toContain('<td class="num">+100 MiB</td>')
    expect(html).toContain('2 workers, read every 250 ms')
    expect(html).toContain('0.08% of the time sampled')
  })

  it('sums up the files that made RSS climb most in Markdown, names escaped', () => {
    const md = renderResourcesMarkdown(reportWithResources())
    expect(md).toMatch(/^### Process resources\n/)
    expect(md).toContain('`PERF_SENTINEL_RESOURCES=0`')
    expect(md).toContain('| test/climbs.test.ts | worker 1 | 101 MiB | 201 MiB | +100 MiB | 40% |')
    expect(md).not.toContain('<img')
  })
})

describe('renderHtml() sections', () => {
  it('embeds the chart data in its own JSON block that no name can close', () => {
    const html = renderHtml(reportWithResources())
    const block = html.match(/<script type="application\/json" id="perf-resources">(.*?)<\/script>/s)?.[1]
    expect(block).toBeDefined()
    expect(block).not.toContain('</script')
    expect(JSON.parse(block ?? '')).toEqual(resourceChartData(TIMELINES))
    expect(html).toContain('<h2 id="resources-title">Process resources</h2>')
  })

  it('has no resource block or section when the run sampled nothing', () => {
    const html = renderHtml(buildSampleReport({ measurements: 2 }))
    expect(html).not.toContain('id="perf-resources"')
    expect(html).not.toContain('resources-title')
  })
})

describe('renderHtml() load and memory sections', () => {
  it('shows the load runs and the memory measurements after the table, names escaped', () => {
    const report = buildSampleReport({ measurements: 3, trickyNames: false })
    const { samplesMs: _s, name: _n, ...load } = loadResult({ latency: latency(2, { p95Ms: 510 }) })
    const [a, b, ...rest] = report.measurements
    if (!a || !b) throw new Error('sample report too small')
    const memory = {
      gc: 'flag-free' as const,
      allocation: {
        source: 'estimate' as const,
        bytesPerOp: 1057,
        runsBytesPerOp: [1057],
        cvPercent: 0.4,
        operationsPerRun: 1000,
        gcCount: 3,
        gcTimeMs: 1.2,
      },
    }
    const html = renderHtml({
      ...report,
      measurements: [{ ...a, name: TRICKY_NAMES.xss, load }, { ...b, name: 'allocates', memory }, ...rest],
    })
    const main = html.slice(html.indexOf('<main>'), html.indexOf('</main>'))
    expect(main).toContain('<h2 id="load-runs">Load</h2>')
    expect(main).toContain('<svg class="load-percentiles"')
    expect(main).toContain('<h2 id="memory-runs">Memory</h2>')
    expect(main).toContain('1.03 KiB (estimate)')
    expect(main.indexOf('load-runs')).toBeGreaterThan(main.indexOf('id="measurements"'))
    expect(main).not.toContain('<img src=x')
  })
})

describe('whose CPU the section says it shows', () => {
  const withScopes = (...scopes: Array<'thread' | undefined>): PerfReport => ({
    ...reportWithResources(),
    resources: TIMELINES.map((t, i) => (scopes[i] === 'thread' ? { ...t, cpuScope: 'thread' as const } : t)),
  })
  it("says the whole process's when no timeline counts a thread", () => {
    expect(renderResourcesMarkdown(withScopes(undefined, undefined))).toContain(
      "RSS and CPU are the whole worker process's (all its threads).",
    )
  })
  it("says the JS thread's when every timeline does (Jest's workers)", () => {
    const text = renderResourcesMarkdown(withScopes('thread', 'thread'))
    expect(text).toContain("CPU its JS thread's")
    expect(text).not.toContain('all its threads')
    expect(renderResourcesHtml(withScopes('thread', 'thread'))).toContain('JS thread')
  })
  it('counts them when the timelines differ', () => {
    expect(renderResourcesMarkdown(withScopes('thread', undefined))).toContain("CPU is the JS thread's in 1 of 2 timelines")
  })
})
