/**
 * Getting the base worktree ready to run its tests. The rule for dependencies: the base reuses the head's
 * node_modules (a symlink, no install) when its lockfile and the dependency fields of its package.json are
 * byte-for-byte the head's; otherwise the project's install command runs in the worktree. Then the build command,
 * if any, runs there. The head is used as it is: compare expects it installed and built, as CI leaves it.
 */
import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { PerfSentinelError } from '../errors.js'
import type { ProcessOutcome } from './runProcess.js'
import { describeEnd, lastLine, runProcess } from './runProcess.js'

/** Lockfiles by package manager, in the order they are looked for. */
const LOCKFILES: ReadonlyArray<[file: string, manager: PackageManager]> = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
]
type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun'

const INSTALL_COMMANDS: Record<PackageManager, string> = {
  npm: 'npm ci --no-audit --no-fund',
  pnpm: 'pnpm install --frozen-lockfile',
  yarn: 'yarn install --frozen-lockfile',
  bun: 'bun install --frozen-lockfile',
}
/** Without a lockfile `npm ci` refuses to run. */
const INSTALL_WITHOUT_LOCKFILE = 'npm install --no-audit --no-fund'
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const

/** The manifest files of one checkout that decide whether node_modules can be shared. */
export interface DependencyFiles {
  /** package.json text of the project directory. */
  packageJson: string | undefined
  /** The first lockfile found (project directory, then the repository top level): its name and text. */
  lockfile: { name: string; text: string } | undefined
}

/** What preparing the base will do. */
export interface PreparePlan {
  reuseNodeModules: boolean
  /** One sentence: why node_modules is shared or installed. */
  reason: string
  /** Shell command run in the base project directory; undefined when node_modules is shared. */
  install: string | undefined
  build: string | undefined
}

/**
 * Decides how to prepare the base (pure). `install` replaces the detected install command; `build` is a command,
 * `'none'`, or undefined for the base's own `build` script when it has one.
 */
export function planPrepare(head: DependencyFiles, base: DependencyFiles, options: { install?: string; build?: string }): PreparePlan {
  const manager = LOCKFILES.find(([file]) => file === base.lockfile?.name)?.[1] ?? 'npm'
  const same = sameDependencies(head, base)
  const install = same.same ? undefined : (options.install ?? (base.lockfile ? INSTALL_COMMANDS[manager] : INSTALL_WITHOUT_LOCKFILE))
  const scripts = parseManifest(base.packageJson)?.scripts
  const hasBuild = typeof (scripts as Record<string, unknown> | undefined)?.build === 'string'
  const build = options.build === 'none' ? undefined : (options.build ?? (hasBuild ? `${manager} run build` : undefined))
  return { reuseNodeModules: same.same, reason: same.reason, install, build }
}

/**
 * Prepares the base: links the head's node_modules (project directory and repository top level) or runs the
 * install command, then the build command. Throws `PerfSentinelError('E_BASE')` naming the command and the last
 * line it printed.
 */
export async function prepareBase(
  plan: PreparePlan,
  dirs: { headProject: string; baseProject: string; headTop: string; baseTop: string },
  options: { env: Readonly<Record<string, string | undefined>>; signal?: AbortSignal },
): Promise<ProcessOutcome[]> {
  if (plan.reuseNodeModules) {
    for (const [from, to] of [
      [dirs.headProject, dirs.baseProject],
      [dirs.headTop, dirs.baseTop],
    ] as const) {
      const source = join(from, 'node_modules')
      const target = join(to, 'node_modules')
      if (existsSync(source) && !isPresent(target)) symlinkSync(source, target, 'dir')
    }
  }
  const outcomes: ProcessOutcome[] = []
  for (const [step, command] of [
    ['install', plan.install],
    ['build', plan.build],
  ] as const) {
    if (command === undefined) continue
    const outcome = await runProcess(
      { shell: command },
      { cwd: dirs.baseProject, env: options.env, ...(options.signal ? { signal: options.signal } : {}) },
    )
    outcomes.push(outcome)
    if (outcome.exitCode !== 0) {
      const said = lastLine(outcome)
      throw new PerfSentinelError(
        'E_BASE',
        `preparing the base failed: the ${step} command \`${command}\` ${describeEnd(outcome)}${said ? `: ${said}` : ''}`,
        {
          fix: `run it in a checkout of the base to see why, or set the command with --${step} "<command>"${step === 'build' ? ' (--build none to skip)' : ''}`,
        },
      )
    }
  }
  return outcomes
}

/** Reads the dependency files of the checkout whose project directory is `projectDir` (top level `topDir`). */
export function readDependencyFiles(projectDir: string, topDir: string): DependencyFiles {
  const read = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined)
  for (const dir of projectDir === topDir ? [projectDir] : [projectDir, topDir]) {
    for (const [name] of LOCKFILES) {
      const text = read(join(dir, name))
      if (text !== undefined) return { packageJson: read(join(projectDir, 'package.json')), lockfile: { name, text } }
    }
  }
  return { packageJson: read(join(projectDir, 'package.json')), lockfile: undefined }
}

function sameDependencies(head: DependencyFiles, base: DependencyFiles): { same: boolean; reason: string } {
  if (head.lockfile?.name !== base.lockfile?.name) {
    return {
      same: false,
      reason: `the lockfile differs (head: ${head.lockfile?.name ?? 'none'}, base: ${base.lockfile?.name ?? 'none'}), so the base gets its own install`,
    }
  }
  if (head.lockfile !== undefined && head.lockfile.text !== base.lockfile?.text) {
    return { same: false, reason: `${head.lockfile.name} differs between head and base, so the base gets its own install` }
  }
  const headDeps = dependencyFields(head.packageJson)
  const baseDeps = dependencyFields(base.packageJson)
  if (headDeps !== baseDeps)
    return { same: false, reason: 'the dependencies in package.json differ between head and base, so the base gets its own install' }
  const what =
    head.lockfile === undefined ? 'the dependencies in package.json (no lockfile)' : `${head.lockfile.name} and package.json's dependencies`
  return { same: true, reason: `${what} are unchanged, so the base shares the head's node_modules` }
}

function dependencyFields(packageJson: string | undefined): string {
  const manifest = parseManifest(packageJson) ?? {}
  return JSON.stringify(DEPENDENCY_FIELDS.map((field) => manifest[field] ?? null))
}

function parseManifest(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function isPresent(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}
