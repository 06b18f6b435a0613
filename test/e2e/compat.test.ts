import { describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/report.js'
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
  it.skipIf(!toolchainAvailable('vitest5') && !process.env.CI)('Vitest 5 (Node 22): matchers, bench hooks and reports', async () => {
    if (!available('vitest5')) return
    const project = createFixtureProject('vitest-basic', { toolchain: 'vitest5' })
    const run = await project.vitest(['run', '--reporter', 'default', '--reporter', 'perf', '--maxWorkers=2'])
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(report.run.runner.version).toMatch(/^5\./)
    expect(report.run.environment.hard.node).toMatch(/^v22\./)
    const light = report.measurements.find((m) => m.name === 'light work')
    expect(light?.testName).toBe('concurrent > light')
    expect(light?.concurrent).toBe(true)
    expect(report.measurements.find((m) => m.name === 'under fake timers')?.stats.medianMs).toBeGreaterThan(0.01)
    expect(report.measurements.filter((m) => m.kind !== 'test-duration')).toHaveLength(11)
  })

  it.skipIf(!toolchainAvailable('vitest3') && !process.env.CI)('Vitest 3.2: matchers, bench hooks and reports', async () => {
    if (!available('vitest3')) return
    const project = createFixtureProject('vitest-basic', { toolchain: 'vitest3' })
    const run = await project.vitest(['run', '--reporter', 'default', '--reporter', 'perf', '--maxWorkers=2'])
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(report.run.runner.version).toMatch(/^3\.2\./)
    const light = report.measurements.find((m) => m.name === 'light work')
    expect(light?.testName).toBe('concurrent > light')
    expect(light?.concurrent).toBe(true)
    expect(report.measurements.find((m) => m.name === 'under fake timers')?.stats.medianMs).toBeGreaterThan(0.01)
    expect(report.measurements.filter((m) => m.kind !== 'test-duration')).toHaveLength(11)
  })

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
    expect(report.measurements.filter((m) => m.kind !== 'test-duration')).toHaveLength(11)
  })
})
