import Mustache from 'mustache'
import { describe, expect, it } from 'vitest'
import { renderHtml, serializeJsonForHtml } from '../../../reporters/render/html.js'
import { buildHtmlPayload } from '../../../reporters/render/htmlPayload.js'
import { defaultHtmlAssets, isPackagedRowPartial } from '../../../reporters/render/htmlAssets.js'
import { renderRowHtml } from '../../../reporters/render/htmlRow.js'
import type { HtmlRowView } from '../../../reporters/render/htmlView.js'
import { clientRowsFrom } from '../../../reporters/render/htmlView.js'
import { buildSampleReport, TRICKY_NAMES } from '../../helpers/sampleReport.js'

const assets = defaultHtmlAssets()
/** The packaged row template, changed so that it is no longer recognised but renders the same (a trailing comment). */
const viaMustache = { ...assets, partials: { ...assets.partials, row: `${assets.partials.row}{{! rendered by Mustache }}` } }

const base: HtmlRowView = {
  index: 0,
  verdict: 'unchanged',
  warning: false,
  name: 'parse',
  fileParts: ['test/', 'parse.test.ts'],
  test: 'parser > parses',
  kind: 'bench',
  concurrent: false,
  median: '1.20 ms',
  change: '+0.4%',
  changeClass: '',
  interval: '[−1.0%, +1.9%]',
  intervalTitle: '99% interval of the change',
  p95: '1.31 ms',
  n: '64',
  hasTrend: false,
}

describe('renderRowHtml()', () => {
  it('renders what row.mustache renders, byte for byte, for every branch of the template', () => {
    expect(isPackagedRowPartial(assets.partials.row)).toBe(true)
    expect(isPackagedRowPartial(viaMustache.partials.row)).toBe(false)
    const hostile = Object.values(TRICKY_NAMES).join(' ')
    const rows: HtmlRowView[] = [
      base,
      { ...base, index: 7, verdict: 'regressed', warning: true, concurrent: true, changeClass: 'slower', hasTrend: true },
      {
        ...base,
        verdict: 'duration',
        fileParts: [],
        interval: '',
        change: '—',
        budget: { ok: true, text: 'p95 1 ms ≤ 2 ms', title: 'toCompleteWithin: passed' },
      },
      { ...base, budget: { ok: false, text: `p95 3 ms > 2 ms (.not) ${hostile}`, title: `.not.toCompleteWithin: failed ${hostile}` } },
      { ...base, name: hostile, test: hostile, kind: hostile, fileParts: [`${hostile}/`, hostile], median: hostile, change: hostile },
      { ...base, changeClass: '" onmouseover="x', intervalTitle: "'`=/&<>", interval: '{{name}}', p95: '{{{n}}}', n: '</td>' },
      // Each character Mustache escapes, alone in a value (the fast path must not let one through).
      ...['&', '<', '>', '"', "'", '`', '=', '/'].map((char) => ({ ...base, name: `a${char}b`, test: char })),
      // The escaped path is kept for the next row of the same file: a different file of as many parts, then back.
      { ...base, fileParts: ['test/', 'other.test.ts'] },
      { ...base, fileParts: ['test/', 'other.test.ts'] },
      { ...base, fileParts: ['spec/', 'parse.test.ts'] },
      { ...base, fileParts: ['test/', 'parse.test.ts'] },
    ]
    for (const row of rows) expect(renderRowHtml(row)).toBe(Mustache.render(assets.partials.row ?? '', row))
  })

  it('gives the same page as Mustache for a whole report (hostile names, budgets, concurrent rows, 150 rows)', () => {
    const report = buildSampleReport({ measurements: 150, trendPoints: 5 })
    const fast = renderHtml(report, { assets })
    expect(fast).toBe(renderHtml(report, { assets: viaMustache }))
    // Rows as markup, then the plain test durations that end the table, which the page script builds.
    expect(fast.slice(0, fast.indexOf('<script')).match(/<tr class="m /g)).toHaveLength(clientRowsFrom(report.measurements))
    expect(clientRowsFrom(report.measurements)).toBeGreaterThan(100)
  })

  it('puts the data block wherever a template of the user’s own asks for it, and nowhere else', () => {
    const report = buildSampleReport({ measurements: 3, trendPoints: 4 })
    const block = serializeJsonForHtml(buildHtmlPayload(report))
    const twice = { ...assets, template: 'A{{{dataJson}}}B{{{dataJson}}}C' }
    expect(renderHtml(report, { assets: twice })).toBe(`A${block}B${block}C`)
    expect(renderHtml(report, { assets: { ...assets, template: 'no data here' } })).toBe('no data here')
  })

  it('gives the same page as Mustache for a report without measurements', () => {
    const report = buildSampleReport({ measurements: 0, trendPoints: 0 })
    const fast = renderHtml(report, { assets })
    expect(fast).toBe(renderHtml(report, { assets: viaMustache }))
    expect(fast).toContain('This run recorded no measurements.')
    expect(fast).not.toContain('id="more-rows"')
  })
})
