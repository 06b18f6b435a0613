import { describe, expect, it } from 'vitest'
import { buildAbReport } from '../../../src/ab/abReport.js'
import { resolveAbOptions } from '../../../src/ab/options.js'
import { sampleAb } from '../../../src/ab/sampleAb.js'
import { environmentFingerprint } from '../../../src/env/fingerprint.js'
import { fakeProject, same } from './fakeProject.js'

describe('buildAbReport()', () => {
  it('reports per-process medians as samples, the base commit on each comparison, and the A/B section', async () => {
    const { io } = fakeProject([
      { ...same('a.test.ts', 'slow'), headMs: 1.5 },
      same('a.test.ts', 'steady'),
      { file: 'b.test.ts', testName: 'gone', name: 'gone', baseMs: 1 },
    ])
    const options = resolveAbOptions()
    const engine = await sampleAb(io, options)
    const report = buildAbReport({
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
      notes: ['a note'],
    })
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
})
