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
  /** One run of one test file, Jest's `onRunStart` options and JEST_WORKER_ID as given. */
  const run = async (showStatus: boolean | undefined, workerId: string | undefined) => {
    const rootDir = await tempDir()
    vi.stubEnv('JEST_WORKER_ID', workerId)
    vi.stubEnv('PERF_SENTINEL_RESOURCES', undefined)
    // This test runs in a Vitest worker, whose slot would name the timeline before Jest's.
    vi.stubEnv('VITEST_POOL_ID', undefined)
    const reporter = new PerfJestReporter({ rootDir, reporters: ['default'] }, { terminal: false, formats: ['json'] })
    reporter.onRunStart(undefined, showStatus === undefined ? undefined : { showStatus })
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
    return { sampledHere, report, leftBehind: process.env[JEST_SAMPLED_PID_ENV] }
  }

  it('samples its own process in band (Jest: showStatus false, JEST_WORKER_ID set here) and tells the setup files so', async () => {
    const { sampledHere, report, leftBehind } = await run(false, '1')
    expect(sampledHere).toBe(String(process.pid))
    expect((report.resources ?? []).map((t) => [t.worker, t.marks.map((m) => m.label)])).toEqual([['worker 1', ['a.test.js']]])
    expect(leftBehind).toBeUndefined()
  })

  it('leaves sampling to the test files with workers, even with JEST_WORKER_ID set (inherited, or an earlier run in band)', async () => {
    for (const [showStatus, workerId] of [
      [true, undefined],
      [true, '1'],
      [undefined, '1'],
    ] as const) {
      const { sampledHere, report } = await run(showStatus, workerId)
      expect(sampledHere).toBeUndefined()
      expect(report.resources).toBeUndefined()
    }
  })

  it('keeps the file and the run when a reading fails: the timeline stops, said once, and the files sample themselves', async () => {
    const rootDir = await tempDir()
    vi.stubEnv('JEST_WORKER_ID', '1')
    vi.stubEnv('PERF_SENTINEL_RESOURCES', undefined)
    const written: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    const reporter = new PerfJestReporter({ rootDir, reporters: ['default'] }, { terminal: false, formats: ['json'] })
    reporter.onRunStart(undefined, { showStatus: false })
    const files = ['a', 'b'].map((name) => join(rootDir, `${name}.test.js`))
    reporter.onTestFileStart({ path: files[0] as string })
    // A test that leaked file descriptors: Node cannot read the RSS any more.
    vi.spyOn(process, 'memoryUsage').mockImplementation(() => {
      throw new Error('EMFILE: too many open files, uv_resident_set_memory')
    })
    // The sampler skips a reading closer than 10 ms to the last one: each step waits longer than that.
    const past = (): Promise<void> => new Promise((done) => setTimeout(done, 25))
    for (const [i, testFilePath] of files.entries()) {
      await past()
      if (i > 0) reporter.onTestFileStart({ path: testFilePath })
      // The setup file of a file started after the failure samples itself again.
      if (i > 0) expect(process.env[JEST_SAMPLED_PID_ENV]).toBeUndefined()
      reporter.onTestFileResult(undefined, {
        testFilePath,
        testResults: [{ ancestorTitles: [], title: 't', fullName: 't', status: 'passed', duration: 1 }],
      })
    }
    vi.mocked(process.memoryUsage).mockRestore()
    await reporter.onRunComplete()
    expect(reporter.getLastError()).toBeUndefined()
    const report = JSON.parse(readFileSync(join(rootDir, 'perf-report', 'report.json'), 'utf8')) as PerfReport
    expect(report.measurements.map((m) => m.file).sort()).toEqual(['a.test.js', 'b.test.js'])
    expect(written.filter((line) => line.includes('process-resource timeline stopped'))).toHaveLength(1)
  })
})
