import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { JestSidecar } from '../../../src/record/jestSidecar.js'
import { sidecarFileName } from '../../../src/record/jestSidecar.js'
import { readSidecars } from '../../../src/runners/jest/readSidecars.js'
import { RESOURCE_LOG_SUFFIX } from '../../../src/runners/jest/resourceLog.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function sidecarDir(sidecars: Array<[unique: string, JestSidecar]>, logs: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-sidecars-'))
  dirs.push(dir)
  for (const [unique, sidecar] of sidecars) writeFileSync(join(dir, sidecarFileName(sidecar.testPath, unique)), JSON.stringify(sidecar))
  for (const [name, text] of Object.entries(logs)) writeFileSync(join(dir, name), text)
  return dir
}

describe('readSidecars (Jest reporter)', () => {
  it('finds nothing in a folder that does not exist', () => {
    const read = readSidecars(join(tmpdir(), 'perf-sentinel-no-such-folder'), [{ testFilePath: '/p/a.test.js', window: {} }])
    expect(read.sidecars.size).toBe(0)
    expect(read.resources).toEqual([])
  })

  it('matches each file run to its sidecar, two runs of one file by their setup time, and collects every resource reading', () => {
    const early: JestSidecar = { testPath: '/p/a.test.js', setupAtMs: 1_000, records: [], resources: { early: true } as never }
    const late: JestSidecar = { testPath: '/p/a.test.js', setupAtMs: 5_000, records: [] }
    const other: JestSidecar = { testPath: '/p/b.test.js', setupAtMs: 2_000, records: [] }
    const dir = sidecarDir(
      [
        ['1-late', late],
        ['1-early', early],
        ['2-other', other],
      ],
      { [`9-1${RESOURCE_LOG_SUFFIX}`]: '{"line":1}\n{"line":2}\n' },
    )
    const runs = [
      { testFilePath: '/p/a.test.js', window: { setupFilesStart: 4_990, setupFilesEnd: 5_010 } },
      { testFilePath: '/p/a.test.js', window: { setupFilesStart: 990, setupFilesEnd: 1_010 } },
      { testFilePath: '/p/b.test.js', window: {} },
      { testFilePath: '/p/c.test.js', window: {} },
    ]
    const read = readSidecars(dir, runs)
    expect(read.sidecars.get(runs[0] as (typeof runs)[0])?.setupAtMs).toBe(5_000)
    expect(read.sidecars.get(runs[1] as (typeof runs)[0])?.setupAtMs).toBe(1_000)
    expect(read.sidecars.get(runs[2] as (typeof runs)[0])?.testPath).toBe('/p/b.test.js')
    expect(read.sidecars.has(runs[3] as (typeof runs)[0])).toBe(false)
    // The workers' logs first, then the readings kept in sidecars.
    expect(read.resources).toEqual([{ line: 1 }, { line: 2 }, { early: true }])
  })
})
