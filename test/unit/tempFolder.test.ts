import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'

describe('the test run’s temp folder (test/globalSetup.ts)', () => {
  it('puts every temp file of this run under one folder of its own, which the run removes at its end', () => {
    const folder = tmpdir()
    expect(basename(folder)).toMatch(/^perf-sentinel-tests-/)
    expect(existsSync(folder)).toBe(true)
    expect(process.env.TMPDIR).toBe(folder)
    expect(basename(dirname(folder))).not.toMatch(/^perf-sentinel-tests-/)
  })
})
