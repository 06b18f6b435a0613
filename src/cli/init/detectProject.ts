import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isMissingFile } from '../../errors.js'
import { pathExists } from '../../stores/pathExists.js'
import type { NodeChoice } from './detectNode.js'
import { detectNode } from './detectNode.js'

/** The test runner a project uses. */
export type Runner = 'vitest' | 'jest'
/** The package manager a project uses. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun'

/** What the workflow generator needs to know about the project. */
export interface ProjectFacts {
  runner: Runner
  packageManager: PackageManager
  /**
   * The runner's config already lists the perf reporter, so the test command keeps the configured reporters (and
   * their options) instead of naming them on the command line, which replaces them.
   */
  reporterConfigured?: boolean
  /**
   * Whether the project has the package manager's lock file. Without one, CI installs with a plain install (`npm ci`
   * and frozen-lockfile installs refuse to run) and without setup-node's cache (its key is the lock file). @default true
   */
  lockFile?: boolean
  /** The Node version CI runs. @default the Node running this command */
  node?: NodeChoice
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
  let pkg: {
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
    packageManager?: string
    jest?: unknown
    engines?: { node?: unknown }
  } = {}
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
  let lockFile = false
  for (const [file, manager] of LOCK_FILES) {
    if (packageManager !== undefined && manager !== packageManager) continue
    if (await pathExists(join(cwd, file))) {
      lockFile = true
      if (packageManager === undefined) reasons.push(`package manager ${manager}: ${file}`)
      packageManager ??= manager
      break
    }
  }
  if (!lockFile)
    reasons.push(
      `no lock file: the workflow installs with ${PLAIN_INSTALL[packageManager ?? 'npm']} and no dependency cache (commit a lock file for reproducible CI installs)`,
    )
  const configuredIn = await perfReporterConfiguredIn(cwd, runner, pkg.jest)
  reasons.push(
    configuredIn === undefined
      ? `perf reporter: not found in the ${runner} config, so the test command names the reporters (this replaces any configured ones)`
      : `perf reporter: listed in ${configuredIn}, so the test command keeps the configured reporters`,
  )
  const node = await detectNode(cwd, pkg.engines?.node)
  reasons.push(node.reason)
  return { runner, packageManager: packageManager ?? 'npm', reporterConfigured: configuredIn !== undefined, lockFile, node, reasons }
}

/** Runner config files, in the order checked (a text search reads them; they are never evaluated). */
export const CONFIG_FILES: Readonly<Record<Runner, readonly string[]>> = {
  vitest: ['vitest.config', 'vite.config', 'vitest.workspace'].flatMap((base) =>
    ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs', 'json'].map((ext) => `${base}.${ext}`),
  ),
  jest: ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs', 'json'].map((ext) => `jest.config.${ext}`),
}

/** A Vitest config naming the `perf` reporter: `reporters: ['default', 'perf']` or `[['perf', { … }]]`. */
const VITEST_PERF_REPORTER = /reporters?\s*:[\s\S]{0,300}?['"`]perf['"`]/
const JEST_PERF_REPORTER = 'perf-sentinel/jest/reporter'

/** Which config file (or package.json's "jest" key) lists the perf reporter, if one does; a text search, no evaluation. */
async function perfReporterConfiguredIn(cwd: string, runner: Runner, jestKey: unknown): Promise<string | undefined> {
  if (runner === 'jest' && jestKey !== undefined && JSON.stringify(jestKey).includes(JEST_PERF_REPORTER)) return 'package.json "jest"'
  return firstFileMatching(cwd, CONFIG_FILES[runner], (text) =>
    runner === 'jest' ? text.includes(JEST_PERF_REPORTER) : VITEST_PERF_REPORTER.test(text),
  )
}

/** The first of `files` (in `cwd`) whose text passes `test`; missing files are skipped. */
export async function firstFileMatching(
  cwd: string,
  files: readonly string[],
  test: (text: string, file: string) => boolean,
): Promise<string | undefined> {
  for (const file of files) {
    let text: string
    try {
      text = await readFile(join(cwd, file), 'utf8')
    } catch (error) {
      if (isMissingFile(error)) continue
      throw error
    }
    if (test(text, file)) return file
  }
  return undefined
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

/** Installs that need no lock file. */
const PLAIN_INSTALL: Readonly<Record<PackageManager, string>> = {
  npm: 'npm install',
  pnpm: 'pnpm install',
  yarn: 'yarn install',
  bun: 'bun install',
}

/** The project's install and exec commands: from the lock file when it has one, else a plain install and no cache. */
export function packageManagerCommands(facts: Pick<ProjectFacts, 'packageManager' | 'lockFile'>): PackageManagerCommands {
  const commands = PACKAGE_MANAGER_COMMANDS[facts.packageManager]
  return facts.lockFile === false ? { ...commands, install: PLAIN_INSTALL[facts.packageManager], cache: undefined } : commands
}

/**
 * The test command with the perf reporter, for one shard (`shard`/`total`) or the whole suite. When the config
 * already lists the reporter (`configured`), the command names none: a reporter flag replaces the configured
 * reporters, dropping their options.
 */
export function testCommand(
  runner: Runner,
  exec: string,
  shard?: { index: string; total: number; blob?: boolean },
  configured = false,
): string {
  if (runner === 'vitest') {
    if (shard?.blob) return `${exec} vitest run --shard=${shard.index}/${shard.total} --reporter=blob`
    return configured ? `${exec} vitest run` : `${exec} vitest run --reporter=default --reporter=perf`
  }
  const sharding = shard ? ` --shard=${shard.index}/${shard.total}` : ''
  return `${exec} jest --ci${sharding}${configured ? '' : ' --reporters=default --reporters=perf-sentinel/jest/reporter'}`
}
