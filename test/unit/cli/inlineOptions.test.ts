// A user review: reporter options given in jest.config.js (outputDir, history, thresholds) applied to the test run,
// while `perf-sentinel config`, `report` and `trend` showed defaults and read the wrong folders without a word.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inlineOptionsFile } from '../../../src/cli/inlineOptions.js'
import { cli } from '../../helpers/cliCapture.js'

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-inline-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

describe('options passed inline in the runner config', () => {
  it('are found in jest.config.*, package.json "jest" and Vitest configs; a bare reporter or plugin is not', async () => {
    const jest = "module.exports = { reporters: ['default', ['perf-sentinel/jest/reporter', { outputDir: 'reports-x' }]] }"
    expect(await inlineOptionsFile(project({ 'jest.config.js': jest }))).toBe('jest.config.js')
    const pkg = JSON.stringify({ jest: { reporters: [['perf-sentinel/jest/reporter', { history: 'h' }]] } })
    expect(await inlineOptionsFile(project({ 'package.json': pkg }))).toBe('package.json')
    expect(await inlineOptionsFile(project({ 'vitest.config.ts': "plugins: [perfSentinel({ outputDir: 'x' })]" }))).toBe('vitest.config.ts')
    expect(await inlineOptionsFile(project({ 'vite.config.mjs': "reporters: [['perf', { formats: ['json'] }]]" }))).toBe('vite.config.mjs')
    expect(await inlineOptionsFile(project({ 'vitest.config.ts': 'plugins: [perfSentinel()]' }))).toBeUndefined()
    expect(await inlineOptionsFile(project({ 'jest.config.js': "reporters: ['default', 'perf-sentinel/jest/reporter']" }))).toBeUndefined()
  })

  it('config, report and trend say in one line that they do not see them', async () => {
    const cwd = project({
      'jest.config.js': "module.exports = { reporters: [['perf-sentinel/jest/reporter', { outputDir: 'reports-x' }]] }",
    })
    const line = 'jest.config.js passes options to perf-sentinel inline: test runs apply them, but this command reads only'
    const config = await cli(cwd, ['config'])
    expect(config.code).toBe(0)
    expect(config.stdout).toContain(`warning: ${line}`)
    expect(JSON.parse((await cli(cwd, ['config', '--json'])).stdout).warnings.join('\n')).toContain(line)
    expect((await cli(cwd, ['trend'])).stderr).toContain(line)
    const report = await cli(cwd, ['report'])
    expect(report.code).toBe(2)
    expect(report.stderr).toContain(line)
  })
})
