import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadScheduleState } from '../../../src/cli/schedule/scheduleState.js'

let dir = ''
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('loadScheduleState()', () => {
  it('warns about an unreadable state file and moves it aside instead of letting the next run overwrite it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'perf-sentinel-schedule-'))
    const path = join(dir, 'schedule-state.json')
    await writeFile(path, '{"schemaVersion":1,')
    const warnings: string[] = []
    expect(await loadScheduleState(path, (line) => warnings.push(line))).toBeUndefined()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^ignoring .+schedule-state\.json: .+; moved to .+schedule-state\.json\.corrupt-[\dT-]+Z$/)
    const [aside] = (await readdir(dir)).filter((name) => name.includes('.corrupt-'))
    expect(await readFile(join(dir, aside as string), 'utf8')).toBe('{"schemaVersion":1,')
    // Missing: no state, no warning.
    expect(await loadScheduleState(path, (line) => warnings.push(line))).toBeUndefined()
    expect(warnings).toHaveLength(1)
  })
})
