import { describe, expect, it } from 'vitest'
import type { AbSection } from '../../../reporters/render/sections/abSection.js'
import { AB_SECTION_TITLE, renderAbHtml, renderAbMarkdown, renderAbTerminal } from '../../../reporters/render/sections/abSection.js'
import { addHtmlSection, addMarkdownSection } from '../../../src/ab/writeAbReports.js'
import type { AbReport } from '../../../src/ab/abReport.js'

const section: AbSection = {
  base: { ref: 'main', commit: 'a'.repeat(40), how: '--base main' },
  head: { commit: 'b'.repeat(40), dirty: true },
  command: { source: 'package.json "test": vitest run', head: 'node vitest.mjs run', base: 'node vitest.mjs run' },
  prepare: { reuseNodeModules: true, reason: 'unchanged', durationMs: 10 },
  stop: 'decided',
  budgetMs: 240_000,
  samplingMs: 61_000,
  confirmationMs: 20_000,
  rounds: { discovery: 2, sampling: 24, confirmation: 12 },
  gate: {
    failThresholdPercent: 3,
    warnThresholdPercent: 2,
    absoluteFloorMs: 0.001,
    confidenceLevel: 0.99,
    familyAlpha: 0.01,
    minNoiseFloorPercent: 1,
  },
  control: { kind: 'stable', summary: 'Stable: no base-against-base difference beyond its noise floor (6 rounds per side).', rounds: 6 },
  rows: [
    {
      id: 'a.test.ts > <b>parse</b> | x > parse',
      verdict: 'regressed',
      baseRounds: 12,
      headRounds: 12,
      baseMedianMs: 0.2,
      headMedianMs: 0.3,
      changePercent: 50,
      intervalPercent: [40, 60],
      confirmation: { confirmed: true, rounds: 6, changePercent: 48, intervalPercent: [35, 62], confidenceLevel: 0.95 },
      control: { moved: false, changePercent: 0.5, intervalPercent: [-1, 2] },
    },
  ],
  exitCode: 1,
}

describe('A/B section renderers', () => {
  it('renders a Markdown table row per measurement with sampling, confirmation and control, cells escaped', () => {
    const md = renderAbMarkdown(section)
    expect(md.startsWith(AB_SECTION_TITLE)).toBe(true)
    expect(md).toContain('against base aaaaaaa (--base main)')
    expect(md).toContain('Head bbbbbbb + uncommitted changes')
    expect(md).toContain(
      '| regressed | 200 µs → 300 µs | +50.0% (+40.0% … +60.0%) | 12/12 | confirmed: +48.0% (+35.0% … +62.0%) at 95% in 6 rounds per side | +0.5% (-1.0% … +2.0%) |',
    )
    expect(md).toContain('&lt;b&gt;parse&lt;/b&gt; \\| x')
  })

  it('renders an escaped HTML fragment and a terminal summary', () => {
    const html = renderAbHtml(section)
    expect(html).toContain('<h2 id="ab-title">Same-job A/B</h2>')
    expect(html).toContain('&lt;b&gt;parse&lt;')
    expect(html).not.toContain('<b>parse')
    expect(renderAbTerminal(section)).toContain('a.test.ts > <b>parse</b> | x > parse: confirmed: +48.0%')
  })

  it('is added to Markdown after the run line and to HTML at the start of <main>, once', () => {
    const report = { ab: section } as AbReport
    const md = addMarkdownSection('## title\n\n**1 measurement**\n\n> commit x\n\n### 🔴 Regressed (1)\n', report)
    expect(md.indexOf(AB_SECTION_TITLE)).toBeGreaterThan(md.indexOf('> commit x'))
    expect(md.indexOf(AB_SECTION_TITLE)).toBeLessThan(md.indexOf('Regressed (1)'))
    expect(addMarkdownSection(md, report)).toBe(md)
    const html = addHtmlSection('<body><main><section>rows</section></main></body>', report)
    expect(html.indexOf('id="ab-title"')).toBeLessThan(html.indexOf('rows'))
    expect(addHtmlSection(html, report)).toBe(html)
  })
})
