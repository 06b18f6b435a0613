import { describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/model/report.js'
import type { Toolchain } from './fixtureProject.js'
import { createFixtureProject, toolchainAvailable } from './fixtureProject.js'

// Other runner majors, installed under test/compat by `npm run compat:install` (.ci/run does it). Locally they may
// be missing; in CI a missing toolchain fails instead of skipping.
function available(toolchain: Toolchain): boolean {
  if (toolchainAvailable(toolchain)) return true
  if (process.env.CI) throw new Error(`test/compat/${toolchain} is not installed: run npm run compat:install`)
  return false
}

describe('other runner versions', () => {
  /** The Vitest example fixture with 2 workers: concurrency attribution, fake timers and every measurement reported. */
  async function checkVitest(toolchain: 'vitest5' | 'vitest3', version: RegExp, node: RegExp): Promise<void> {
    if (!available(toolchain)) return
    const project = createFixtureProject('vitest-basic', { toolchain })
    const run = await project.vitest(['run', '--reporter', 'default', '--reporter', 'perf', '--maxWorkers=2'])
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(report.run.runner.version).toMatch(version)
    expect(report.run.environment.hard.node).toMatch(node)
    const light = report.measurements.find((m) => m.name === 'light work')
    expect(light?.testName).toBe('concurrent > light')
    expect(light?.concurrent).toBe(true)
    expect(report.measurements.find((m) => m.name === 'under fake timers')?.stats.medianMs).toBeGreaterThan(0.01)
    const names = report.measurements.filter((m) => m.kind !== 'test-duration').map((m) => m.name)
    expect(names, JSON.stringify(names) + run.output).toHaveLength(11)
  }

  it.skipIf(!toolchainAvailable('vitest5') && !process.env.CI)('Vitest 5 (Node 22): matchers, bench hooks and reports', () =>
    checkVitest('vitest5', /^5\./, /^v22\./),
  )

  it.skipIf(!toolchainAvailable('vitest3') && !process.env.CI)('Vitest 3.2: matchers, bench hooks and reports', () =>
    checkVitest('vitest3', /^3\.2\./, /^v2\d\./),
  )

  it.skipIf(!toolchainAvailable('jest29') && !process.env.CI)('Jest 29: matchers, bench hooks and reports', async () => {
    if (!available('jest29')) return
    const project = createFixtureProject('jest-basic', { toolchain: 'jest29' })
    const run = await project.jest(['--maxWorkers=2'])
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(report.run.runner.version).toMatch(/^29\./)
    const heavy = report.measurements.find((m) => m.name === 'heavy work')
    expect(heavy?.testName).toBe('concurrent > heavy')
    expect(heavy?.concurrent).toBe(true)
    expect(report.measurements.find((m) => m.name === 'work 2000')?.concurrent).toBe(false)
    expect(report.measurements.find((m) => m.name === 'under fake timers')?.stats.medianMs).toBeGreaterThan(0.01)
    const names = report.measurements.filter((m) => m.kind !== 'test-duration').map((m) => m.name)
    expect(names, JSON.stringify(names) + run.output).toHaveLength(11)
  })
})
