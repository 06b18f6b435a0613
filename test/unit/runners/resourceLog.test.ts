import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { currentThread } from '../../../src/diagnostics/resources/startResourceSampler.js'
import { appendResourceLog, parseResourceLog, RESOURCE_LOG_SUFFIX } from '../../../src/runners/jest/resourceLog.js'

const root = mkdtempSync(join(tmpdir(), 'perf-sentinel-resource-log-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const logOf = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith(RESOURCE_LOG_SUFFIX))

describe('appendResourceLog()', () => {
  it("appends one line per test file to this thread's log, and opens a new one when the folder was made again", () => {
    const dir = join(root, 'sidecars')
    appendResourceLog(dir, { worker: 'w', file: 1 })
    appendResourceLog(dir, { worker: 'w', file: 2 })
    const [name] = logOf(dir)
    expect(logOf(dir)).toHaveLength(1)
    expect(name).toBe(`${process.pid}-${currentThread().threadId}${RESOURCE_LOG_SUFFIX}`)
    expect(parseResourceLog(readFileSync(join(dir, name as string), 'utf8'))).toEqual([
      { worker: 'w', file: 1 },
      { worker: 'w', file: 2 },
    ])
    // The reporter removes the folder when a run ends; a watch run makes it again: nothing goes to the removed file.
    rmSync(dir, { recursive: true })
    appendResourceLog(dir, { worker: 'w', file: 3 })
    expect(parseResourceLog(readFileSync(join(dir, name as string), 'utf8'))).toEqual([{ worker: 'w', file: 3 }])
  })

  it('keeps a log per folder', () => {
    appendResourceLog(join(root, 'a'), { run: 'a' })
    appendResourceLog(join(root, 'b'), { run: 'b' })
    expect(logOf(join(root, 'a'))).toHaveLength(1)
    expect(parseResourceLog(readFileSync(join(root, 'b', logOf(join(root, 'b'))[0] as string), 'utf8'))).toEqual([{ run: 'b' }])
  })
})

describe('parseResourceLog()', () => {
  it('skips a line it cannot parse (a worker killed mid-write) and keeps the others', () => {
    expect(parseResourceLog('{"a":1}\n{"b":2}\n{"c":')).toEqual([{ a: 1 }, { b: 2 }])
    expect(parseResourceLog('')).toEqual([])
  })
})
