import { describe, expect, it } from 'vitest'
import { testRecord, testRun } from '../../helpers/reportInputs.js'
import { escapeCell, renderMarkdown } from '../../../reporters/render/markdown.js'
import type { BuildReportInput } from '../../../src/pipeline/buildReport.js'
import { buildReport } from '../../../src/pipeline/buildReport.js'
import type { PerfReport } from '../../../src/model/report.js'
import type { Comparison } from '../../../src/model/types.js'
import { measurementId } from '../../../src/model/types.js'
import { buildSampleReport, TRICKY_NAMES } from '../../helpers/sampleReport.js'
import { summarize } from '../../../src/stats/summarize.js'

const RUN: BuildReportInput['run'] = testRun(
  { name: 'vitest', version: '4.1.12' },
  {
    ci: true,
    git: { commit: 'abcdef0123456789abcdef0123456789abcdef01', shortCommit: 'abcdef0', branch: 'feature/x', notes: [] },
    baseline: { source: 'file', path: 'perf-baseline.json', commit: '1234567890abcdef1234567890abcdef12345678' },
    notes: ['Working tree has <uncommitted> changes.'],
  },
)

const record = testRecord

// Partial comparisons, as renderers may meet in older or hand-edited report.json files.
const regressed = {
  verdict: 'regressed',
  changePercent: 25,
  intervalPercent: [20, 30],
  reason: 'the 99% interval +20.0% … +30.0% lies above the 10% threshold',
} as Comparison

/** One measurement of each verdict, a test duration, a removed entry, budgets and a concurrent measurement. */
function mixedReport(run: BuildReportInput['run'] = RUN): PerfReport {
  const records = [
    record('fresh', { medianMs: 0.5 }),
    record('steady', { medianMs: 3, concurrent: true }),
    record('faster', {
      kind: 'matcher',
      budget: { matcher: 'toCompleteWithin', statistic: 'medianMs', limit: 5, actual: 2, withinBudget: true, negated: false },
    }),
    record('unsure', { medianMs: 4 }),
    record('slower', {
      kind: 'matcher',
      medianMs: 12,
      budget: { matcher: 'toCompleteWithin', statistic: 'medianMs', limit: 5, actual: 12, withinBudget: false, negated: false },
    }),
    record('test duration', { kind: 'test-duration', medianMs: 250, testName: 'suite > whole test' }),
  ]
  const byName = new Map(records.map((r) => [r.name, measurementId(r)]))
  const comparisons = new Map<string, Comparison>([
    [byName.get('slower') as string, regressed],
    [byName.get('unsure') as string, { verdict: 'inconclusive', changePercent: 6, intervalPercent: [-3, 15], reason: 'too noisy to tell' }],
    [byName.get('faster') as string, { verdict: 'improved', changePercent: -20, intervalPercent: [-25, -15], reason: 'faster' }],
    [byName.get('steady') as string, { verdict: 'unchanged', changePercent: 1, intervalPercent: [-1, 3], warning: true, reason: 'steady' }],
  ] as Array<[string, Comparison]>)
  const removed = [
    {
      id: 'test/old.perf.test.ts > legacy > gone',
      file: 'test/old.perf.test.ts',
      testName: 'legacy',
      name: 'gone',
      kind: 'measure' as const,
      baselineMedianMs: 0.84,
    },
  ]
  return buildReport({ run, records, comparisons, removed })
}

describe('escapeCell()', () => {
  it('escapes pipes, HTML-significant characters and backticks, and flattens newlines', () => {
    expect(escapeCell('a|b <c> & `d`\nline2\r\nline3')).toBe('a\\|b &lt;c&gt; &amp; \\`d\\` line2 line3')
  })

  it('escapes & before the entities it introduces (no double escaping of its own output)', () => {
    expect(escapeCell('<&>')).toBe('&lt;&amp;&gt;')
    expect(escapeCell('&lt;')).toBe('&amp;lt;')
  })

  it('escapes Markdown emphasis, strike-through and link syntax so names show as written', () => {
    expect(escapeCell('**bold** _it_ [click](https://evil.example) ~~gone~~')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\[click\\](https&#58;//evil.example) \\~\\~gone\\~\\~',
    )
  })

  it('leaves plain and non-Latin text alone', () => {
    expect(escapeCell(TRICKY_NAMES.nonLatin)).toBe(TRICKY_NAMES.nonLatin)
  })
})

describe('renderMarkdown()', () => {
  const markdown = renderMarkdown(mixedReport())

  it('titles the report after the outcome', () => {
    expect(markdown.startsWith('## ⏱️ perf-sentinel: performance regression\n')).toBe(true)
    const calm = mixedReport()
    calm.summary.failed = false
    expect(renderMarkdown(calm).startsWith('## ⏱️ perf-sentinel: no regression\n')).toBe(true)
  })

  it('summarizes the counts in reading order, skipping empty verdicts, with missed budgets', () => {
    expect(markdown).toContain(
      '**5 measurements** · 🔴 1 regressed · 🟡 1 inconclusive · 🟢 1 improved · ⚪ 1 unchanged · 🆕 1 new · ➖ 1 removed · ❌ 1 budget(s) missed',
    )
  })

  it('says nothing was measured for an empty run', () => {
    const empty = renderMarkdown(buildReport({ run: RUN, records: [] }))
    expect(empty).toContain('**0 measurements** · nothing measured\n')
    expect(empty).not.toContain('###')
  })

  it('states commit, branch, runner, Node, platform and baseline commit', () => {
    expect(markdown).toContain('> commit `abcdef0` · on `feature/x` · vitest 4.1.12 · Node v20.20.2 · linux x64 · baseline `1234567`\n')
  })

  it('names no single baseline commit when the file holds entries from several', () => {
    const text = renderMarkdown(mixedReport({ ...RUN, baseline: { source: 'file', path: 'perf-baseline.json' } }))
    expect(text).toContain('· baseline `perf-baseline.json`\n')
  })

  it('states the interval level in the header, and a lower level a row could only reach in that row', () => {
    const report = mixedReport()
    for (const m of report.measurements) {
      if (m.comparison?.intervalPercent) m.comparison = { ...m.comparison, confidenceLevel: m.name === 'slower' ? 0.95 : 0.99 }
    }
    const text = renderMarkdown(report)
    expect(text).toContain('| Measurement | Test | Median | p95 | n | Change (99% interval) | Notes |')
    expect(text).toMatch(/\| slower \|.*\| \+25\.0% \(\+20\.0% … \+30\.0%\) at 95% \|/)
    expect(text).toMatch(/\| faster \|.*\| -20\.0% \(-25\.0% … -15\.0%\) \|/)
  })

  it('says when there is no git commit or baseline', () => {
    const { baseline: _baseline, ...runWithoutBaseline } = RUN
    const text = renderMarkdown(mixedReport({ ...runWithoutBaseline, git: { notes: [] } }))
    expect(text).toContain('> no git commit · vitest 4.1.12 · Node v20.20.2 · linux x64 · no baseline\n')
  })

  it('lists the groups in reading order: regressions first, unchanged and new collapsed in <details>', () => {
    const positions = [
      '### 🔴 Regressed (1)',
      '### 🟡 Inconclusive (1)',
      '### 🟢 Improved (1)',
      '<details>\n<summary>⚪ Unchanged (1)</summary>',
      '<details>\n<summary>🆕 New (1)</summary>',
      '### ➖ Removed (1)',
      '<details>\n<summary>Test durations (1)</summary>',
    ].map((marker) => markdown.indexOf(marker))
    for (const position of positions) expect(position).toBeGreaterThanOrEqual(0)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    // Regressions are never hidden in a collapsed block.
    expect(markdown.slice(0, markdown.indexOf('| slower |'))).not.toContain('<details>')
  })

  it('lists single-call measurements apart from test durations, by their id, and words .not budgets as asserted', () => {
    const once = record('cold import', {
      kind: 'matcher',
      budget: { matcher: 'toCompleteOnceWithin', statistic: 'medianMs', limit: 200, actual: 0.3, withinBudget: true, negated: false },
    })
    once.result = { ...once.result, ...summarize([0.3]), samplesMs: [0.3] }
    const negated = record('not tiny', {
      kind: 'matcher',
      budget: { matcher: 'toCompleteWithin', statistic: 'medianMs', limit: 1e-6, actual: 1.1e-5, withinBudget: false, negated: true },
    })
    const duration = record('whole', { kind: 'test-duration', medianMs: 250, testName: 'suite > whole test' })
    const text = renderMarkdown(buildReport({ run: RUN, records: [once, negated, duration], comparisons: new Map(), removed: [] }))
    expect(text).toContain('<summary>Single-call measurements, recorded for trends, not compared (1)</summary>')
    expect(text).toContain('| test/a.perf.test.ts &gt; suite &gt; case &gt; cold import | 300 µs | ✅ budget met |')
    expect(text).toContain('<summary>Test durations (1)</summary>')
    expect(text).not.toContain('| test/a.perf.test.ts &gt; suite &gt; case | 300 µs |')
    expect(text).toContain('✅ over budget, as .not asserts')
    expect(text).not.toContain('budget missed')
  })

  it('puts each measurement in a table row with median, p95, n, change with interval and notes', () => {
    expect(markdown).toContain(
      '| slower | test/a.perf.test.ts &gt; suite &gt; case | 12.0 ms | 17.4 ms | 3 | +25.0% (+20.0% … +30.0%) | the 99% interval +20.0% … +30.0% lies above the 10% threshold; ❌ budget missed |',
    )
    expect(markdown).toContain(
      '| faster | test/a.perf.test.ts &gt; suite &gt; case | 2.00 ms | 2.90 ms | 3 | -20.0% (-25.0% … -15.0%) | ✅ budget met |',
    )
    expect(markdown).toContain('| unsure |')
    expect(markdown).toMatch(/\| unsure \|.*\| too noisy to tell \|/)
  })

  it('marks warnings and concurrent measurements, and shows — without a comparison', () => {
    expect(markdown).toMatch(/\| steady \|.*\| \+1\.0% \(-1\.0% … \+3\.0%\) ⚠️ \| concurrent \(less reliable\) \|/)
    expect(markdown).toMatch(/\| fresh \|.* \| — \| {2}\|/)
  })

  it('does not repeat the reason of unchanged or improved measurements', () => {
    expect(markdown).not.toMatch(/\| faster \|.*faster;/)
    expect(markdown).not.toMatch(/\| steady \|.*steady;/)
  })

  it('lists removed measurements with their baseline median', () => {
    expect(markdown).toContain('- test/old.perf.test.ts &gt; legacy &gt; gone (baseline median 840 µs)')
  })

  it('lists test durations apart, in a collapsed table', () => {
    expect(markdown).toContain('| Test | Duration |\n|---|--:|\n| test/a.perf.test.ts &gt; suite &gt; whole test | 250 ms |')
    expect(markdown).not.toContain('| test duration |')
  })

  it('shrinks the test durations to a count when their table alone would exceed a comment, short ones stay listed', () => {
    const durations = (count: number, testName: (i: number) => string): PerfReport =>
      buildReport({
        run: RUN,
        records: Array.from({ length: count }, (_, i) =>
          record('(test duration)', { kind: 'test-duration', medianMs: 1, testName: testName(i) }),
        ),
      })
    const many = renderMarkdown(durations(2000, (i) => `suite > a test with an ordinary name ${i}`))
    expect(many).toContain('Test durations (2000): listed in the HTML report.')
    expect(many).not.toContain('| Test | Duration |')
    // Just under the budget: the full table (the cheap bound never sends a report that fits to the compact form).
    const few = renderMarkdown(durations(600, (i) => `t${i}`))
    expect(few).toContain('| Test | Duration |')
    expect(few.split('\n').filter((line) => line.startsWith('| test/a.perf.test.ts &gt; t'))).toHaveLength(600)
    // A CR LF pair escapes to one space, the only escape that shortens: a name of 61,500 characters that fits.
    const crlf = renderMarkdown(durations(1, () => 'x\r\n'.repeat(20_500)))
    expect(crlf.length).toBeLessThanOrEqual(60_000)
    expect(crlf).toContain('| Test | Duration |')
  })

  it('prints run notes as escaped quotes', () => {
    expect(markdown).toContain('> ℹ️ Working tree has &lt;uncommitted&gt; changes.\n')
  })

  it('points to the HTML report only when its path is given', () => {
    expect(markdown).not.toContain('Full report with charts')
    expect(renderMarkdown(mixedReport(), { htmlReportPath: 'perf-report/report.html' })).toContain(
      '\nFull report with charts: `perf-report/report.html` (keep it as a CI artifact).\n',
    )
  })

  it('ends with a single newline', () => {
    expect(markdown.endsWith('\n')).toBe(true)
    expect(markdown.endsWith('\n\n\n')).toBe(false)
  })

  it('escapes |, <, >, &, backticks and newlines in measurement, test and file names', () => {
    const hostile = record('a|b <img src=x> & `tick`\nsecond line', { testName: 'x | y\n<z>' })
    const text = renderMarkdown(buildReport({ run: RUN, records: [hostile] }))
    const row = text.split('\n').find((line) => line.startsWith('| a\\|b')) ?? ''
    expect(row).toContain('| a\\|b &lt;img src=x&gt; &amp; \\`tick\\` second line | test/a.perf.test.ts &gt; x \\| y &lt;z&gt; |')
    expect(text).not.toContain('<img')
    expect(text).not.toContain('second line\n')
  })

  it('never emits the hostile sample names raw and keeps each table row on one line', () => {
    const sample = buildSampleReport({ measurements: 12 })
    const text = renderMarkdown(sample)
    expect(text).not.toContain(TRICKY_NAMES.xss)
    expect(text).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;')
    const rows = text
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| Measurement') && !line.startsWith('| Test |'))
    const gated = sample.measurements.filter((m) => m.kind !== 'test-duration').length
    const durations = sample.measurements.length - gated
    expect(rows).toHaveLength(gated + durations)
    // 7 cells per measurement row: an unescaped | would add one.
    for (const line of rows.slice(0, gated)) expect(line.split(/(?<!\\)\|/).length - 2).toBe(7)
  })

  it('escapes the branch name', () => {
    const text = renderMarkdown(mixedReport({ ...RUN, git: { ...RUN.git, branch: 'fix/<script>' } }))
    // A code span shows its content literally (GitHub does not unescape entities there), so no escaping is needed.
    expect(text).toContain('on `fix/<script>`')
  })
})
