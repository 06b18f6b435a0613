import { runCli } from '../../src/cli/main.js'

/** Runs the CLI in `cwd` without colour; returns its exit code and what it printed to each stream. */
export async function cli(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { cwd, env: { NO_COLOR: '1' }, out: (l) => out.push(l), err: (l) => err.push(l) })
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}
