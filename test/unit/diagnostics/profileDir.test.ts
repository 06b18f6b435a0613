import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PROFILE_DIR_ENV, profileLinkFrom, shareProfileDir } from '../../../src/diagnostics/profileDir.js'
import type { ProfileSummary } from '../../../src/model/diagnostics.js'
import type { MeasurementRecord } from '../../../src/model/types.js'
import type { BuildReportInput } from '../../../src/pipeline/buildReport.js'
import { buildReport } from '../../../src/pipeline/buildReport.js'
import { summarize } from '../../../src/stats/summarize.js'
import { testRun } from '../../helpers/reportInputs.js'

const ROOT = '/project'
const SHARED_KEY = Symbol.for('perf-sentinel.sharedProfileDir')

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[SHARED_KEY]
})

describe('shareProfileDir', () => {
  it('points the workers at <outputDir>/profiles, absolute', () => {
    const env: NodeJS.ProcessEnv = {}
    expect(shareProfileDir(ROOT, 'reports/perf', env)).toBe(join(ROOT, 'reports', 'perf', 'profiles'))
    expect(env[PROFILE_DIR_ENV]).toBe(join(ROOT, 'reports', 'perf', 'profiles'))
  })

  it("never overwrites the user's own PERF_SENTINEL_PROFILE_DIR", () => {
    const env: NodeJS.ProcessEnv = { [PROFILE_DIR_ENV]: 'cpu-profiles' }
    expect(shareProfileDir(ROOT, 'reports/perf', env)).toBe(join(ROOT, 'cpu-profiles'))
    expect(env[PROFILE_DIR_ENV]).toBe('cpu-profiles')
  })

  it('moves a folder it set itself (a second reporter in the same process, watch mode)', () => {
    const env: NodeJS.ProcessEnv = {}
    shareProfileDir(ROOT, 'first', env)
    expect(shareProfileDir(ROOT, 'second', env)).toBe(join(ROOT, 'second', 'profiles'))
    expect(env[PROFILE_DIR_ENV]).toBe(join(ROOT, 'second', 'profiles'))
  })

  it('leaves the default for an outputDir outside the project, unless writing there is allowed', () => {
    const env: NodeJS.ProcessEnv = {}
    shareProfileDir(ROOT, 'inside', env)
    expect(shareProfileDir(ROOT, '../elsewhere', env)).toBeUndefined()
    expect(env[PROFILE_DIR_ENV]).toBeUndefined()
    const allowed: NodeJS.ProcessEnv = { PERF_SENTINEL_ALLOW_OUTSIDE_ROOT: '1' }
    expect(shareProfileDir(ROOT, '../elsewhere', allowed)).toBe(join('/elsewhere', 'profiles'))
  })
})

describe('profileLinkFrom', () => {
  it('links a profile relative to the report folder, with forward slashes', () => {
    expect(profileLinkFrom('reports/perf', 'reports/perf/profiles/a.cpuprofile')).toBe('profiles/a.cpuprofile')
    expect(profileLinkFrom('/p/reports/perf', '/p/cpu-profiles/a.cpuprofile')).toBe('../../cpu-profiles/a.cpuprofile')
  })
})

const RUN: BuildReportInput['run'] = testRun({ name: 'vitest', version: '4.1.12' })

function profiledRecord(path: string | undefined): MeasurementRecord {
  const samplesMs = [1, 2, 3]
  const profile: ProfileSummary = {
    ...(path === undefined ? {} : { path }),
    notes: path === undefined ? ['profile not written'] : [],
    operations: 10,
    durationMs: 200,
    samples: 2000,
    requestedIntervalUs: 100,
    effectiveIntervalUs: 100,
    top: [],
  }
  return {
    file: 'test/a.test.ts',
    testName: 'hot',
    name: 'toCompleteWithin',
    kind: 'matcher',
    concurrent: false,
    result: {
      name: 'x',
      subject: 'sync',
      ...summarize(samplesMs),
      samplesMs,
      batchSize: 1,
      operations: 3,
      warmupOperations: 0,
      sampledForMs: 3,
    },
    profile,
  }
}

describe('buildReport profilePath', () => {
  it("gives each profiled measurement its profile's path relative to the report folder", () => {
    const report = buildReport({ run: RUN, records: [profiledRecord('reports/perf/profiles/a.cpuprofile')], reportDir: 'reports/perf' })
    expect(report.measurements[0]?.profilePath).toBe('profiles/a.cpuprofile')
  })

  it('has no profilePath without a written profile or without the report folder', () => {
    expect(
      buildReport({ run: RUN, records: [profiledRecord(undefined)], reportDir: 'reports/perf' }).measurements[0]?.profilePath,
    ).toBeUndefined()
    expect(
      buildReport({ run: RUN, records: [profiledRecord('perf-report/profiles/a.cpuprofile')] }).measurements[0]?.profilePath,
    ).toBeUndefined()
  })
})
