import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isMissingFile } from '../../errors.js'
import { pathExists } from '../../stores/pathExists.js'

/** The test runner a project uses. */
export type Runner = 'vitest' | 'jest'
/** The package manager a project uses. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun'

/** What the workflow generator needs to know about the project. */
export interface ProjectFacts {
  runner: Runner
  packageManager: PackageManager
  /** Where each fact came from, for the command's output. */
  reasons: string[]
}

/** Lock files, in the order checked. */
const LOCK_FILES: ReadonlyArray<readonly [string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
]

/**
 * Detects the runner (a `vitest` or `jest` dependency; Vitest wins when both are there, as the perf plugin is
 * then the likelier setup) and the package manager (`packageManager` field, else the lock file, else npm).
 */
export async function detectProject(cwd: string): Promise<ProjectFacts> {
  const reasons: string[] = []
  let pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; packageManager?: string } = {}
  try {
    pkg = JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8')) as typeof pkg
  } catch (error) {
    if (!isMissingFile(error)) throw error
    reasons.push('no package.json: assuming vitest and npm')
  }
  const deps = { ...pkg.dependencies, ...pkg.devDependencies }
  const runner: Runner = 'vitest' in deps || !('jest' in deps) ? 'vitest' : 'jest'
  if ('vitest' in deps || 'jest' in deps) reasons.push(`runner ${runner}: package.json depends on ${runner}`)
  let packageManager: PackageManager | undefined
  const declared = pkg.packageManager?.split('@')[0]
  if (declared === 'npm' || declared === 'pnpm' || declared === 'yarn' || declared === 'bun') {
    packageManager = declared
    reasons.push(`package manager ${declared}: package.json "packageManager"`)
  }
  for (const [file, manager] of LOCK_FILES) {
    if (packageManager !== undefined) break
    if (await pathExists(join(cwd, file))) {
      packageManager = manager
      reasons.push(`package manager ${manager}: ${file}`)
    }
  }
  return { runner, packageManager: packageManager ?? 'npm', reasons }
}

/** How a package manager installs from its lock file and runs a package binary. */
export interface PackageManagerCommands {
  install: string
  exec: string
  /** `actions/setup-node` cache key, when it supports this manager. */
  cache: string | undefined
}

export const PACKAGE_MANAGER_COMMANDS: Readonly<Record<PackageManager, PackageManagerCommands>> = {
  npm: { install: 'npm ci', exec: 'npx', cache: 'npm' },
  pnpm: { install: 'pnpm install --frozen-lockfile', exec: 'pnpm exec', cache: 'pnpm' },
  yarn: { install: 'yarn install --frozen-lockfile', exec: 'yarn', cache: 'yarn' },
  bun: { install: 'bun install --frozen-lockfile', exec: 'bunx', cache: undefined },
}

/** The test command with the perf reporter, for one shard (`shard`/`total`) or the whole suite. */
export function testCommand(runner: Runner, exec: string, shard?: { index: string; total: number; blob?: boolean }): string {
  if (runner === 'vitest') {
    if (shard?.blob) return `${exec} vitest run --shard=${shard.index}/${shard.total} --reporter=blob`
    return `${exec} vitest run --reporter=default --reporter=perf`
  }
  const sharding = shard ? ` --shard=${shard.index}/${shard.total}` : ''
  return `${exec} jest --ci${sharding} --reporters=default --reporters=perf-sentinel/jest/reporter`
}
