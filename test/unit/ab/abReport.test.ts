import { describe, expect, it } from 'vitest'
import type { AbReportInput } from '../../../src/ab/abReport.js'
import { buildAbReport } from '../../../src/ab/abReport.js'
import type { AbOptions } from '../../../src/ab/options.js'
import { resolveAbOptions } from '../../../src/ab/options.js'
import type { AbEngineResult } from '../../../src/ab/sampleAb.js'
import { sampleAb } from '../../../src/ab/sampleAb.js'
import { environmentFingerprint } from '../../../src/env/fingerprint.js'
import { fakeProject, same } from './fakeProject.js'

/** The report's input around an engine result: a Vitest A/B of head d… against base c… on main. */
function reportInput(engine: AbEngineResult, options: AbOptions, notes: string[]): AbReportInput {
  return {
    engine,
    options,
    base: { commit: 'c'.repeat(40), ref: 'main', how: '--base main' },
    git: { commit: 'd'.repeat(40), dirty: false, notes: [] },
    environment: environmentFingerprint({ runner: 'vitest', runnerVersion: '4.1.12' }),
    runner: { name: 'vitest', version: '4.1.12' },
    startedAt: new Date(0),
    durationMs: 1000,
    ci: true,
    command: { source: 'after --', head: 'vitest run', base: 'vitest run' },
    prepare: { reuseNodeModules: true, reason: 'unchanged', durationMs: 5 },
    notes,
  }
}

describe('buildAbReport()', () => {
  it('reports per-process medians as samples, the base commit on each comparison, and the A/B section', async () => {
    const { io } = fakeProject([
      { ...same('a.test.ts', 'slow'), headMs: 1.5 },
      same('a.test.ts', 'steady'),
      { file: 'b.test.ts', testName: 'gone', name: 'gone', baseMs: 1 },
    ])
    const options = resolveAbOptions()
    const engine = await sampleAb(io, options)
    const report = buildAbReport(reportInput(engine, options, ['a note']))
    const slow = report.measurements.find((m) => m.name === 'slow')
    expect(slow?.comparison).toMatchObject({ verdict: 'regressed', baselineCommit: 'c'.repeat(40) })
    expect(slow?.samplesMs).toEqual(engine.sampling.get('a.test.ts > slow > slow')?.head)
    expect(slow?.baselineSamplesMs).toHaveLength(engine.sampling.get('a.test.ts > slow > slow')?.head.length ?? 0)
    expect(report.removed.map((r) => r.id)).toEqual(['b.test.ts > gone > gone'])
    expect(report.summary.failed).toBe(true)
    expect(report.ab.exitCode).toBe(1)
    expect(report.ab.rows.find((r) => r.id === 'a.test.ts > slow > slow')?.confirmation).toMatchObject({ confirmed: true, rounds: 6 })
    expect(report.ab.rounds).toEqual({ discovery: 2, sampling: 12, confirmation: 12 })
    expect(report.run.notes).toEqual(['a note'])
    // The rounds ran at the default quarter time: report.json says so, as a scaled test run does.
    expect(report.run.timeScale).toBe(0.25)
  })

  it("fails on the head's failed tests (exit 1, saying why), never on the base's", async () => {
    const decide = async (failing: 'head' | 'base') => {
      const { io } = fakeProject([same('a.test.ts', 'steady')])
      const runRound: typeof io.runRound = async (arm, scope, phase) => {
        const result = await io.runRound(arm, scope, phase)
        return arm === failing ? { ...result, exitCode: 1, failure: 'exited with code 1: Error: boom' } : result
      }
      const options = resolveAbOptions()
      const engine = await sampleAb({ ...io, runRound }, options)
      return buildAbReport(reportInput(engine, options, [])).ab
    }
    const head = await decide('head')
    expect(head.rows.map((r) => r.verdict)).not.toContain('regressed')
    expect(head.headFailure).toBe('exited with code 1: Error: boom')
    expect(head.exitCode).toBe(1)
    const base = await decide('base')
    expect(base.headFailure).toBeUndefined()
    expect(base.exitCode).toBe(0)
  })
})
