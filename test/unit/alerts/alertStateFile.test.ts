import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readAlertState, writeAlertState } from '../../../src/alerts/alertStateFile.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})
async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'perf-sentinel-alert-state-'))
  dirs.push(dir)
  return dir
}

describe('readAlertState()', () => {
  it('moves an unreadable state file aside, says where, and starts afresh without losing it', async () => {
    const dir = await stateDir()
    const path = join(dir, 'state.json')
    const corrupt = '{"schemaVersion":1,"entries":'
    await writeFile(path, corrupt)
    const read = await readAlertState(path, () => new Date('2026-12-05T09:10:11.123Z'))
    const aside = `${path}.corrupt-2026-12-05T09-10-11-123Z`
    expect(read.state.entries).toEqual({})
    expect(read.problem).toMatch(
      /state\.json is not valid JSON \(.+\); moved to .+state\.json\.corrupt-2026-12-05T09-10-11-123Z; starting afresh$/,
    )
    expect(await readFile(aside, 'utf8')).toBe(corrupt)
    // The next write makes a new state file beside the kept one.
    await writeAlertState(path, read.state)
    expect((await readdir(dir)).sort()).toEqual(['state.json', 'state.json.corrupt-2026-12-05T09-10-11-123Z'])
  })

  it('treats another version the same way, and a missing file as empty without a problem', async () => {
    const dir = await stateDir()
    const path = join(dir, 'state.json')
    expect(await readAlertState(path)).toEqual({ state: { schemaVersion: 1, entries: {} } })
    await writeFile(path, JSON.stringify({ schemaVersion: 9, entries: {} }))
    const read = await readAlertState(path)
    expect(read.problem).toMatch(/is not a version 1 alert state file; moved to .+\.corrupt-.+; starting afresh$/)
    expect((await readdir(dir)).filter((name) => name.startsWith('state.json.corrupt-'))).toHaveLength(1)
  })
})
