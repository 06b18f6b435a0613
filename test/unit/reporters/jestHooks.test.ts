import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import PerfJestReporter from '../../../reporters/jest.js'
import { JEST_DIR_ENV, sidecarFileName } from '../../../src/record/jestSidecar.js'
import { tempDir } from '../stores/fixtures.js'

afterEach(() => {
  vi.restoreAllMocks()
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
