import { describe, expect, it } from 'vitest'
import { measurementId } from '../../../src/model/types.js'
import { buildReport } from '../../../src/pipeline/buildReport.js'
import { escapeMarkdown, escapeTerminal } from '../../../reporters/render/escapeText.js'
import { MARKDOWN_MAX_CHARS, renderMarkdown } from '../../../reporters/render/markdown.js'
import { renderTerminal } from '../../../reporters/render/terminal.js'
import { testRecord, testRun } from '../../helpers/reportInputs.js'

describe('escapeTerminal()', () => {
  it('shows control characters as visible escapes: no new line, no carriage return, no ANSI or OSC-8 sequence', () => {
    expect(escapeTerminal('a\n::warning title=injected::x')).toBe('a\\n::warning title=injected::x')
    expect(escapeTerminal('ok\rFAKE')).toBe('ok\\rFAKE')
    expect(escapeTerminal('\u001b[31mred\u001b]8;;https://x\u0007link')).toBe('\\u001b[31mred\\u001b]8;;https://x\\u0007link')
    expect(escapeTerminal('nul\u0000')).toBe('nul\\u0000')
  })

  it('keeps a name with a newline on one terminal line, so it cannot start a GitHub workflow command', () => {
    const report = buildReport({
      run: testRun({ name: 'vitest', version: '4' }),
      records: [testRecord('x\n::warning title=injected::boom')],
    })
    const text = renderTerminal(report, [])
    expect(text.split('\n').some((line) => line.startsWith('::'))).toBe(false)
    expect(text).toContain('x\\n::warning title=injected::boom')
  })
})

describe('escapeMarkdown()', () => {
  it('keeps a lone CR from splitting a table row', () => {
    expect(escapeMarkdown('a\rb\r\nc\nd')).toBe('a b c d')
  })

  it('breaks bare URLs, @mentions and #123 references so a PR comment neither links nor pings', () => {
    const text = escapeMarkdown('see https://evil.example www.evil.example @octocat #123')
    expect(text).toBe('see https&#58;//evil.example www&#46;evil.example &#64;octocat &#35;123')
  })
})

describe('renderMarkdown() size', () => {
  it('keeps a 2,000-measurement report under a GitHub comment, regressions first and a pointer to the rest', () => {
    const records = Array.from({ length: 2000 }, (_, i) =>
      testRecord(`measurement number ${i} with a fairly long descriptive name`, { testName: `suite ${i} > case` }),
    )
    const slow = records[0] as (typeof records)[number]
    const report = buildReport({
      run: testRun({ name: 'vitest', version: '4' }),
      records,
      comparisons: new Map([
        [
          measurementId(slow),
          {
            verdict: 'regressed',
            changePercent: 50,
            intervalPercent: [40, 60],
            confidenceLevel: 0.99,
            pValue: 0.001,
            noiseFloorPercent: 5,
            baseN: 20,
            headN: 20,
            absoluteChangeMs: 1,
            baselineMedianMs: 2,
            reason: 'Slower.',
          },
        ],
      ]),
    })
    const full = renderMarkdown(report)
    expect(full.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS)
    expect(full).toContain('### 🔴 Regressed (1)')
    expect(full).toContain('measurement number 0 with a fairly long descriptive name')
    expect(full).toContain('🆕 New (1999): listed in the HTML report.')
  })
})
