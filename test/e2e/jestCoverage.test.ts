// A Jest run with coverage (`--coverage`): the measured code is instrumented and runs several times slower, so a
// baseline knows whether it was recorded with coverage (`coverage` among the environment's flags), a run of the other
// kind compares `inconclusive` instead of regressed or improved, and confirmation re-runs keep the instrumentation
// while leaving the project's own coverage report alone.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/model/report.js'
import type { BaselineFile } from '../../src/stores/baseline/index.js'
import { commitAll, createFixtureProject } from './fixtureProject.js'

const id = 'test/parser.test.js > parser > parse'

describe('jest --coverage', () => {
  it('records and compares coverage runs apart from plain runs, and confirms with coverage on', async () => {
    const project = createFixtureProject('jest-regression')
    await commitAll(project)

    const recorded = await project.jest(['--coverage'])
    expect(recorded.exitCode, recorded.output).toBe(0)
    expect(recorded.output).toMatch(/% Stmts/)
    expect(project.exists('coverage/lcov.info')).toBe(true)
    const baseline = project.readJson<BaselineFile>('perf-baseline.json')
    expect(baseline.entries[id]?.environment.hard.flags).toContain('coverage')

    // Without coverage the code runs several times faster: not an improvement, an environment of another kind.
    const plain = await project.jest([], { CI: 'true' })
    expect(plain.exitCode, plain.output).toBe(0)
    const plainComparison = project.readJson<PerfReport>('perf-report/report.json').measurements.find((m) => m.id === id)?.comparison
    expect(plainComparison?.verdict).toBe('inconclusive')
    expect(plainComparison?.reason).toContain('coverage')

    // 10× slower in this process only: the confirmation re-run (fresh, instrumented too) does not reproduce it; the
    // run still writes its own coverage report.
    const coverageWritten = statSync(join(project.dir, 'coverage/lcov.info')).mtimeMs
    const lottery = await project.jest(['--coverage'], { CI: 'true', PERF_FIXTURE_LOTTERY: '10' })
    expect(lottery.exitCode, lottery.output).toBe(0)
    const unconfirmed = project.readJson<PerfReport>('perf-report/report.json').measurements.find((m) => m.id === id)?.comparison
    expect(unconfirmed?.verdict).toBe('inconclusive')
    expect(unconfirmed?.confirmation?.confirmed).toBe(false)
    const afterLottery = statSync(join(project.dir, 'coverage/lcov.info')).mtimeMs
    expect(afterLottery).toBeGreaterThan(coverageWritten)

    // A real 10× slowdown under coverage: confirmed with coverage on, and the run fails.
    const slow = await project.jest(['--coverage'], { CI: 'true', PERF_FIXTURE_FACTOR: '10' })
    expect(slow.exitCode, slow.output).not.toBe(0)
    const confirmed = project.readJson<PerfReport>('perf-report/report.json').measurements.find((m) => m.id === id)?.comparison
    expect(confirmed?.verdict).toBe('regressed')
    expect(confirmed?.confirmation?.confirmed).toBe(true)
    expect(slow.output).toContain(`Performance regression: ${id}`)
  })
})
