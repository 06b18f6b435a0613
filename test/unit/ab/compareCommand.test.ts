import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/main.js'

async function cli(argv: string[], cwd = '/nonexistent') {
  const err: string[] = []
  const code = await runCli(argv, { cwd, env: {}, out: () => {}, err: (l) => err.push(l) })
  return { code, stderr: err.join('\n') }
}

describe('perf-sentinel compare (command line)', () => {
  it.each([
    [['compare', 'main', '--base', 'dev'], 'two bases given ("main" and --base "dev")'],
    [['compare', '--budget', '5x'], '--budget needs a duration such as 90s, 4m or 1m30s, received "5x"'],
    [['compare', '--fail-threshold', 'ten'], '--fail-threshold needs a percentage ≥ 0, received "ten"'],
    [['compare', '--min-rounds', '5'], '--min-rounds must be an even number ≥ 2'],
  ])('rejects %j before touching git (exit 2)', async (argv, message) => {
    const result = await cli(argv)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
  })

  it('says when it is not run inside a git checkout (exit 2, one line and a fix)', async () => {
    const result = await cli(['compare'], mkdtempSync(join(tmpdir(), 'perf-sentinel-not-git-')))
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^perf-sentinel: .* is not inside a git working tree: .+\n {2}Fix: run perf-sentinel compare inside the git checkout of the project$/,
    )
  })
})
