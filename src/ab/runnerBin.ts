/**
 * Where a checkout's own vitest or jest lives: resolved the way Node resolves the project's imports, so the base
 * worktree runs the runner version of its own lockfile (or the head's, when node_modules is shared).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { PerfSentinelError } from '../errors.js'
import type { RunnerName } from './testCommand.js'

/** The runner's executable script (`vitest.mjs`, `bin/jest.js`) as seen from `projectDir`; throws `E_USAGE` when absent. */
export function resolveRunnerBin(runner: RunnerName, projectDir: string, label: string): string {
  try {
    const manifestPath = createRequire(join(projectDir, 'package.json')).resolve(`${runner}/package.json`)
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> }
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[runner]
    if (bin === undefined) throw new Error(`${manifestPath} declares no "${runner}" executable`)
    return resolve(dirname(manifestPath), bin)
  } catch (error) {
    throw new PerfSentinelError(
      'E_USAGE',
      `${runner} is not installed in the ${label} (${projectDir}): ${(error as Error).message.split('\n')[0]}`,
      {
        fix: `install the dependencies there (--install "<command>"), or pass the test command after --`,
        cause: error,
      },
    )
  }
}
