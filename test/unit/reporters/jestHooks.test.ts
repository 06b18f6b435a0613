import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import PerfJestReporter from '../../../reporters/jest.js'
import { JEST_DIR_ENV, JEST_SAMPLED_PID_ENV, sidecarFileName } from '../../../src/record/jestSidecar.js'
import type { PerfReport } from '../../../src/model/report.js'
import { tempDir } from '../stores/fixtures.js'

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

describe('Jest reporter hooks', () => {
  it('never reject: a failure at the run end is printed once and surfaces through getLastError()', async () => {
    const rootDir = await tempDir()
    const written: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    const reporter = new PerfJestReporter({ rootDir, reporters: ['default'] }, { terminal: false })
    reporter.onRunStart()
    const testFilePath = join(rootDir, 'a.test.js')
    // A torn sidecar: the end of the run cannot read it.
    writeFileSync(join(process.env[JEST_DIR_ENV] as string, sidecarFileName(testFilePath, '1-2-x')), '{"testPath":')
    reporter.onTestFileResult(undefined, {
      testFilePath,
      testResults: [{ ancestorTitles: [], title: 't', fullName: 't', status: 'passed', duration: 1 }],
    })
    await expect(reporter.onRunComplete()).resolves.toBeUndefined()
    expect(reporter.getLastError()).toBeInstanceOf(Error)
    const printed = written.filter((text) => text.startsWith('perf-sentinel: '))
    expect(printed).toHaveLength(1)
    expect(printed[0]).toMatch(/^perf-sentinel: .*JSON/)
  })
})

describe('Jest reporter: the in-band resource sampler', () => {
  const run = async (globalConfig: { watch?: boolean }, workerId: string | undefined) => {
    const rootDir = await tempDir()
    vi.stubEnv('JEST_WORKER_ID', workerId)
    vi.stubEnv('PERF_SENTINEL_RESOURCES', undefined)
    // This test runs in a Vitest worker, whose slot would name the timeline before Jest's.
    vi.stubEnv('VITEST_POOL_ID', undefined)
    const reporter = new PerfJestReporter({ rootDir, reporters: ['default'], ...globalConfig }, { terminal: false, formats: ['json'] })
    reporter.onRunStart()
    const testFilePath = join(rootDir, 'a.test.js')
    reporter.onTestFileStart({ path: testFilePath })
    const sampledHere = process.env[JEST_SAMPLED_PID_ENV]
    reporter.onTestFileResult(undefined, {
      testFilePath,
      testResults: [{ ancestorTitles: [], title: 't', fullName: 't', status: 'passed', duration: 1 }],
    })
    await reporter.onRunComplete()
    expect(reporter.getLastError()).toBeUndefined()
    const report = JSON.parse(readFileSync(join(rootDir, 'perf-report', 'report.json'), 'utf8')) as PerfReport
    return { sampledHere, timelines: report.resources ?? [], leftBehind: process.env[JEST_SAMPLED_PID_ENV] }
  }

  it('samples its own process in band (Jest set JEST_WORKER_ID here) and tells the setup files so', async () => {
    const { sampledHere, timelines, leftBehind } = await run({}, '1')
    expect(sampledHere).toBe(String(process.pid))
    expect(timelines.map((t) => [t.worker, t.marks.map((m) => m.label)])).toEqual([['worker 1', ['a.test.js']]])
    expect(leftBehind).toBeUndefined()
  })

  it('leaves sampling to the workers when they run the files, and in watch mode (runs switch between modes)', async () => {
    for (const [config, workerId] of [
      [{}, undefined],
      [{ watch: true }, '1'],
    ] as const) {
      const { sampledHere, timelines } = await run(config, workerId)
      expect(sampledHere).toBeUndefined()
      expect(timelines).toEqual([])
    }
  })
})
