import { describe, expect, it } from 'vitest'
import { renderMemoryHtml, renderMemoryMarkdown, renderMemoryTerminal } from '../../../../reporters/render/sections/memorySection.js'
import type { MemoryFigures } from '../../../../src/model/memoryFigures.js'
import type { PerfReport } from '../../../../src/model/report.js'
import { buildSampleReport, TRICKY_NAMES } from '../../../helpers/sampleReport.js'

const allocation: MemoryFigures = {
  gc: 'flag-free',
  allocation: {
    source: 'estimate',
    bytesPerOp: 1057,
    runsBytesPerOp: [1057, 1057],
    cvPercent: 0.4,
    operationsPerRun: 1000,
    gcCount: 3,
    gcTimeMs: 1.2,
  },
  budget: { matcher: 'toAllocateAtMost', limitBytes: 512, actualBytes: 1057, withinBudget: false, negated: false },
}
const leak: MemoryFigures = {
  gc: 'exposed',
  leak: {
    iterations: 1000,
    rounds: 10,
    slopeBytesPerOp: 104,
    growthBytes: 104_000,
    growingRoundsShare: 1,
    watchedReturnValues: 200,
    retainedReturnValues: 0,
    leaking: true,
    reason: 'the post-GC heap grew 104 B per iteration, in 100% of rounds',
    snapshots: ['perf-report/heap/a-before.heapsnapshot', 'perf-report/heap/a-after.heapsnapshot'],
  },
}

function reportWithMemory(): PerfReport {
  const report = buildSampleReport({ measurements: 3, trickyNames: false })
  const [a, b, ...rest] = report.measurements
  if (!a || !b) throw new Error('sample report too small')
  return {
    ...report,
    measurements: [
      { ...a, testName: 'cache', name: TRICKY_NAMES.xss, memory: allocation },
      { ...b, testName: 'cache', name: 'cache leak', memory: leak },
      ...rest,
    ],
  }
}

describe('memory section renderers', () => {
  it('render nothing without memory measurements', () => {
    const report = buildSampleReport({ measurements: 2 })
    expect(renderMemoryMarkdown(report)).toBe('')
    expect(renderMemoryHtml(report)).toBe('')
    expect(renderMemoryTerminal(report)).toEqual([])
  })

  it('show bytes per operation labelled as an estimate, the budget, GC and the leak check with its snapshots', () => {
    const md = renderMemoryMarkdown(reportWithMemory())
    expect(md).toMatch(/^### Memory\n\n> Bytes per operation: V8 total_allocated_bytes where Node has it, otherwise an estimate/)
    expect(md).toContain(
      '| ❌ cache &gt; &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; | 1.03 KiB (estimate) | CV 0.4% | ≤ 512 B ✗ | 3 GCs, 1.20 ms | — |',
    )
    expect(md).toMatch(
      /\| ❌ cache &gt; cache leak \| — \| — \| — \| — \| leak: the post-GC heap grew 104 B per iteration, in 100% of rounds · snapshots: `perf-report\/heap\/a-before\.heapsnapshot`, `perf-report\/heap\/a-after\.heapsnapshot` \|/,
    )
  })

  it('escape names in HTML', () => {
    const html = renderMemoryHtml(reportWithMemory())
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('<code>perf-report/heap/a-after.heapsnapshot</code>')
  })

  it('give one line per measurement in the terminal', () => {
    expect(renderMemoryTerminal(reportWithMemory())).toEqual([
      'Memory:',
      `  cache > ${TRICKY_NAMES.xss} · 1.03 KiB (estimate)/op (CV 0.4%) · budget ≤ 512 B ✗ · 3 GCs, 1.20 ms`,
      '  cache > cache leak · leak: the post-GC heap grew 104 B per iteration, in 100% of rounds',
    ])
  })
})
