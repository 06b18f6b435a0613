// Issue 9 C: leftovers after a kill. A killed Jest run leaves its sidecar folder in the OS temp folder: the next run
// removes it and never reads it (nor one an inherited PERF_SENTINEL_JEST_DIR points at). And 300 corrupt history
// files give one summary line, not 300 notes.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PerfReport } from '../../src/model/report.js'
import { sidecarFileName } from '../../src/record/jestSidecar.js'
import { createSidecarDir, SIDECAR_DIR_PREFIX } from '../../src/record/sidecarDirs.js'
import { createFixtureProject } from './fixtureProject.js'

/** The id of a process that has ended (spawned and waited for). */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.exit(0)'])
  if (child.pid === undefined) throw new Error('could not start a process')
  return child.pid
}

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('leftovers of earlier runs', () => {
  it('Jest: a killed run’s sidecar folder is removed by the next run, and none of its records reach the report', async () => {
    const project = createFixtureProject('jest-regression')
    // A temp folder of this test's own, so that other Jest runs on the machine are not involved.
    const tmp = mkdtempSync(join(tmpdir(), 'perf-sentinel-gate-tmp-'))
    made.push(tmp)
    const stale = createSidecarDir({ tmp, pid: endedPid() })
    const testPath = join(project.dir, 'test', 'parser.test.js')
    const leaked = { testPath, setupAtMs: Date.now(), records: [{ testName: 'parser', name: 'leaked from a killed run', kind: 'measure' }] }
    writeFileSync(join(stale, sidecarFileName(testPath, '1-1-abc')), JSON.stringify(leaked))

    const run = await project.jest([], { TMPDIR: tmp, PERF_SENTINEL_JEST_DIR: stale })
    expect(run.exitCode, run.output).toBe(0)
    const report = project.readJson<PerfReport>('perf-report/report.json')
    expect(report.measurements.map((m) => m.name)).not.toContain('leaked from a killed run')
    expect(report.measurements.map((m) => m.name)).toContain('parse')
    expect(existsSync(stale)).toBe(false)
    // The run's own folder is gone too: nothing is left behind.
    expect(readdirSync(tmp).filter((name) => name.startsWith(SIDECAR_DIR_PREFIX))).toEqual([])
  })

  it('Vitest: 300 corrupt history files give one summary line, and the run still passes', async () => {
    const project = createFixtureProject('vitest-regression')
    const history = join(project.dir, '.perf-sentinel', 'history')
    mkdirSync(history, { recursive: true })
    for (let i = 0; i < 300; i++) {
      const stamp = `20261129T${String(100000000 + i).padStart(9, '0')}Z`
      writeFileSync(join(history, `${stamp}-nocommit-1-${i.toString(16).padStart(8, '0')}.json`), '{ torn by a kill')
    }
    const run = await project.vitest(['run'])
    expect(run.exitCode, run.output).toBe(0)
    expect(run.output.match(/skipped history file/g) ?? []).toEqual([])
    expect(run.output.match(/skipped 300 unusable history files in /g)).toHaveLength(1)
    expect(run.output).toContain('Fix: fix or delete it')
  })
})
