import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runRound } from '../../../src/ab/runRound.js'
import { isPerfSentinelError } from '../../../src/errors.js'

describe('runRound() when the command fails without a report', () => {
  it('names the command and its last line, and tells how to retry the base outside compare’s removed worktree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-round-'))
    const argv = [process.execPath, '-e', "console.error('config broken'); process.exit(3)"]
    const round = runRound(
      'base',
      { dir, label: 'base worktree (abc1234)', bin: undefined },
      { runner: undefined, argv, runnerArgs: [], source: 'after --' },
      {},
      { env: { PATH: process.env.PATH }, tempDir: dir },
    )
    const error = await round.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isPerfSentinelError(error, 'E_BASE')).toBe(true)
    const { problem, fix } = error as { problem: string; fix: string }
    expect(problem).toMatch(/^the test command failed in the base worktree \(abc1234\) and wrote no perf report: .* config broken$/)
    expect(fix).toContain('git worktree add ../perf-base abc1234')
  })
})
