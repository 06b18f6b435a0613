import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BaselineFile } from '../../src/stores/baseline/index.js'
import { commitAll, createFixtureProject, REPO_ROOT } from './fixtureProject.js'
import type { PerfReport } from '../../src/model/report.js'

describe('perf-sentinel CLI', () => {
  it('updates the baseline explicitly (even with CI=true), checks it, and reports a corrupt one', async () => {
    const project = createFixtureProject('vitest-regression')
    await commitAll(project)
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      project.run(process.execPath, [join(project.dir, 'node_modules/perf-sentinel/dist/cli.js'), ...args], env)
    const vitest = [process.execPath, join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run']

    const update = await cli(['baseline', 'update', '--', ...vitest], { CI: 'true' })
    expect(update.exitCode, update.output).toBe(0)
    expect(Object.keys(project.readJson<BaselineFile>('perf-baseline.json').entries)).toHaveLength(2)

    const check = await cli(['baseline', 'check'])
    expect(check.exitCode, check.output).toBe(0)
    expect(check.stdout).toContain('valid baseline (schemaVersion 1, 2 entries')

    project.write('perf-baseline.json', '{"schemaVersion": 99, "entries": {}}')
    const corrupt = await cli(['baseline', 'check'])
    expect(corrupt.exitCode).toBe(2)
    expect(corrupt.stderr).toContain(join(project.dir, 'perf-baseline.json'))
    expect(corrupt.stderr).toContain('Fix:')

    // Comparing with the recorded runs of a ref (perf-sentinel compare is now the same-job A/B: test/e2e/compare.test.ts).
    const [node, ...vitestArgs] = vitest as [string, ...string[]]
    const compare = await project.run(node, vitestArgs, { CI: 'true', PERF_SENTINEL_BASE: 'main' })
    expect(compare.exitCode, compare.output).toBe(0)
    expect((JSON.parse(project.read('perf-report/report.json')) as PerfReport).run.baseline?.ref).toBe('main')

    const compact = await cli(['history', 'compact', '--max-runs', '1'])
    expect(compact.exitCode, compact.output).toBe(0)
    expect(compact.stdout).toMatch(/removed [1-9]\d* run\(s\)/)

    const unknown = await cli(['baseline', 'frobnicate'])
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toContain('unknown command "baseline frobnicate"')
  })
})
