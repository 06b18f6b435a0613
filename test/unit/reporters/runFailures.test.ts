import { describe, expect, it } from 'vitest'
import { runOutput } from '../../../reporters/render/runFailures.js'
import { PerfSentinelError } from '../../../src/errors.js'

const fix = 'if the slowdown is intended, accept it with -u'
const regression = (id: string): PerfSentinelError =>
  new PerfSentinelError('E_REGRESSION', `Performance regression: ${id} is +300% slower, 99% interval +250% … +350%`, { fix })
const toolError = new PerfSentinelError('E_WRITE', 'could not write perf-report/report.json', { fix: 'make it writable' })

const table = [
  '',
  ' perf-sentinel  2 measurement(s): 1 regressed, 1 unchanged',
  '  regressed    parser > parse     1.20 ms   p95 1.30 ms   n=120   +300.0%',
  '  unchanged    parser > steady    0.40 ms   p95 0.42 ms   n=120     +1.0%',
  '  wrote perf-report/report.json',
  '  ✗ REGRESSION test/parser.test.ts > parser > parse: Slower: +300.0%, past +10%.',
  '',
].join('\n')

describe('runOutput()', () => {
  it('prints a regression’s detail once: the failure message, without the ✗ line under the table (its row stays)', () => {
    const printed = runOutput(table, [regression('test/parser.test.ts > parser > parse')])
    expect(printed.terminal).not.toContain('✗ REGRESSION')
    expect(printed.terminal).toContain('regressed    parser > parse')
    expect(printed.failures).toEqual([
      `perf-sentinel: Performance regression: test/parser.test.ts > parser > parse is +300% slower, 99% interval +250% … +350%\n  Fix: ${fix}`,
    ])
    const all = `${printed.terminal}\n${printed.failures.join('\n')}`
    expect(all.match(/test\/parser\.test\.ts > parser > parse/g)).toHaveLength(1)
  })

  it('also drops the coloured ✗ line', () => {
    const coloured = table.replace(/^( {2}✗ REGRESSION .*)$/m, (line) => `\u001b[31m${line}\u001b[39m`)
    expect(runOutput(coloured, [regression('x')]).terminal).not.toContain('REGRESSION')
  })

  it('leaves the table alone when no regression fails the run, and prints every tool error in full', () => {
    const printed = runOutput(table, [toolError])
    expect(printed.terminal).toBe(table)
    expect(printed.failures).toEqual(['perf-sentinel: could not write perf-report/report.json\n  Fix: make it writable'])
    expect(runOutput('', [])).toEqual({ terminal: '', failures: [] })
  })
})
