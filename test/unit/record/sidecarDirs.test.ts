import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSidecarDir, removeStaleSidecarDirs, SIDECAR_DIR_PREFIX, staleReason } from '../../../src/record/sidecarDirs.js'

const HOUR_MS = 3_600_000
const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-sidecar-dirs-'))
  made.push(dir)
  return dir
}

const alive = new Set([100])
const judge = { host: 'ci-runner', isAlive: (pid: number) => alive.has(pid) }

describe('Jest sidecar folders', () => {
  it("are named after their run's process, and a later run removes those of runs that ended", () => {
    const tmp = tempFolder()
    const dead = createSidecarDir({ tmp, pid: 200, host: 'ci-runner', isAlive: judge.isAlive })
    writeFileSync(join(dead, 'abc-1.json'), '{"testPath":"/p/a.test.js","records":[]}')
    const running = createSidecarDir({ tmp, pid: 100, host: 'ci-runner', isAlive: judge.isAlive })
    expect(dead).toMatch(new RegExp(`${SIDECAR_DIR_PREFIX}200-[0-9a-f]{8}-`))
    const mine = createSidecarDir({ tmp, pid: 300, host: 'ci-runner', isAlive: judge.isAlive })
    expect(existsSync(dead)).toBe(false)
    expect(existsSync(running)).toBe(true)
    expect(existsSync(mine)).toBe(true)
  })

  it('judge folders of another host and of earlier versions by age alone', () => {
    const other = `${SIDECAR_DIR_PREFIX}200-00000000-abc123`
    expect(staleReason(other, HOUR_MS, judge)).toBeUndefined()
    expect(staleReason(other, 25 * HOUR_MS, judge)).toBe('older than a day')
    const unowned = `${SIDECAR_DIR_PREFIX}Xy12Ab`
    expect(staleReason(unowned, HOUR_MS, judge)).toBeUndefined()
    expect(staleReason(unowned, 7 * HOUR_MS, judge)).toBe('left by an earlier version')
    expect(staleReason('something-else', 100 * HOUR_MS, judge)).toBeUndefined()
  })

  it('leave other files of the temp folder alone', () => {
    const tmp = tempFolder()
    mkdirSync(join(tmp, 'perf-sentinel-other'))
    const old = join(tmp, `${SIDECAR_DIR_PREFIX}Xy12Ab`)
    mkdirSync(old)
    const longAgo = (Date.now() - 7 * HOUR_MS) / 1000
    utimesSync(old, longAgo, longAgo)
    expect(removeStaleSidecarDirs({ tmp, ...judge })).toEqual([old])
    expect(readdirSync(tmp)).toEqual(['perf-sentinel-other'])
  })
})
