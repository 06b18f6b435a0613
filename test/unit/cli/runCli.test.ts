import { describe, expect, it } from 'vitest'
import type { CliCommand } from '../../../src/cli/command.js'
import { commands } from '../../../src/cli/commands/index.js'
import { runCli } from '../../../src/cli/main.js'

/** Runs the CLI with captured output; `commandMap` replaces the real commands where running them would spawn tests. */
async function cli(argv: string[], commandMap?: Record<string, CliCommand>) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { cwd: '/nonexistent', env: {}, out: (l) => out.push(l), err: (l) => err.push(l) }, commandMap)
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

/** The real command map with every command's `run` replaced by a recorder: proves what would have run. */
function recordingCommands(calls: string[]): Record<string, CliCommand> {
  return Object.fromEntries(
    Object.entries(commands).map(([name, command]) => [
      name,
      {
        ...command,
        run: async (context) => (
          calls.push(`${name} ${JSON.stringify(context.values)} ${context.positionals.join(' ')} -- ${context.rest.join(' ')}`), 0
        ),
      },
    ]),
  )
}

describe('runCli()', () => {
  it.each([
    ['baseline', 'update', '--help'],
    ['compare', '--help'],
    ['history', 'compact', '--help'],
    ['compare', 'main', '-h', '--', 'npm', 'test'],
  ])('shows help and runs nothing for %s %s %s', async (...argv) => {
    const calls: string[] = []
    const result = await cli(argv, recordingCommands(calls))
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Usage: perf-sentinel /)
    expect(result.stdout).toContain('Exit codes: 0 success, 1 a finding')
    expect(calls).toEqual([])
  })

  it('rejects a mistyped flag with exit 2, naming it and the accepted ones', async () => {
    const calls: string[] = []
    const result = await cli(['history', 'compact', '--max-run', '3'], recordingCommands(calls))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown flag --max-run')
    expect(result.stderr).toContain('Fix: accepted flags: --max-runs, --max-runs-per-commit, --help')
    expect(calls).toEqual([])
  })

  it('rejects a flag value that is not a whole number', async () => {
    const result = await cli(['history', 'compact', '--max-runs', 'three'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--max-runs needs a whole number ≥ 1, received "three"')
  })

  it('gives compare a usage error, not an unknown command, for a flag it does not know', async () => {
    const result = await cli(['compare', '--bsae', 'main'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown flag --bsae')
    expect(result.stderr).not.toContain('unknown command')
  })

  it('names the commands of a group for an unknown sub-command', async () => {
    const result = await cli(['baseline', 'frobnicate'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown command "baseline frobnicate"')
    expect(result.stderr).toContain('perf-sentinel baseline update, perf-sentinel baseline check')
  })

  it('shows a group’s commands for `<group> --help`, not the whole list', async () => {
    for (const [group, members] of [
      ['history', ['history compact', 'history fetch', 'history push']],
      ['baseline', ['baseline update', 'baseline check']],
    ] as const) {
      const help = await cli([group, '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout.split('\n')[0]).toBe(`Usage: perf-sentinel ${group} <${members.map((m) => m.split(' ')[1]).join('|')}> [flags]`)
      for (const member of members) expect(help.stdout).toContain(`  ${member}`)
      expect(help.stdout).not.toContain('  compare')
    }
  })

  it('passes flags, positionals and the command after -- to the command', async () => {
    const calls: string[] = []
    const result = await cli(['compare', '--base', 'origin/main', '--', 'npx', 'vitest', 'run', '--help'], recordingCommands(calls))
    expect(result.code).toBe(0)
    expect(calls).toEqual(['compare {"base":"origin/main"}  -- npx vitest run --help'])
  })

  it('lists every command with a bare call, and exits 2 because nothing was asked', async () => {
    const result = await cli([])
    expect(result.code).toBe(2)
    for (const name of Object.keys(commands)) expect(result.stdout).toContain(name)
  })

  it('rejects an extra positional argument', async () => {
    const result = await cli(['baseline', 'check', 'a.json', 'b.json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unexpected argument "b.json"')
  })
})
