import { spawnSync } from 'node:child_process'
import { PerfSentinelError } from '../errors.js'

/** The test command when none follows `--`. */
export const DEFAULT_TEST_COMMAND: readonly string[] = ['npm', 'test']

/** Runs the test command with extra environment variables, output inherited; 0 when it passed, else 1. */
export function runTests(
  command: readonly string[],
  extraEnv: Record<string, string>,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): number {
  const [program, ...args] = command.length > 0 ? command : DEFAULT_TEST_COMMAND
  const result = spawnSync(program as string, args, {
    cwd: options.cwd,
    stdio: 'inherit',
    env: { ...options.env, ...extraEnv },
    shell: process.platform === 'win32',
  })
  if (result.error) {
    throw new PerfSentinelError('E_USAGE', `could not run "${[program, ...args].join(' ')}": ${result.error.message}`, {
      fix: 'check the command after -- (it runs without a shell)',
      cause: result.error,
    })
  }
  return result.status === 0 ? 0 : 1
}
