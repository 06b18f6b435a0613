import { lstatSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** Variables that move git's repository discovery; with any of them set, git itself is asked. */
const DISCOVERY_VARIABLES = ['GIT_DIR', 'GIT_COMMON_DIR', 'GIT_WORK_TREE', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM']

/**
 * Whether the repository holding `cwd` is a shallow clone, read from the files git reads: the nearest `.git` folder
 * (or a linked worktree's / submodule's `.git` file naming it), its `commondir`, and a non-empty `shallow` file
 * there. Saves every test run one `git rev-parse` process (a fork of the runner's main process: ~7 ms of CPU and
 * ~12 ms of its main thread at a 150 MB heap, measured). `undefined` when this cannot be told without git: no
 * `.git` found, an unreadable one, or a variable that changes discovery — the caller then asks git.
 */
export function shallowOnDisk(cwd: string, env: Readonly<Record<string, string | undefined>>): boolean | undefined {
  if (DISCOVERY_VARIABLES.some((name) => (env[name] ?? '') !== '')) return undefined
  try {
    const gitDir = findGitDir(resolve(cwd))
    if (gitDir === undefined) return undefined
    const common = commonDir(gitDir)
    try {
      return statSync(join(common, 'shallow')).size > 0
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? false : undefined
    }
  } catch {
    return undefined
  }
}

/** The `.git` folder of the nearest enclosing repository, following a `.git` file's `gitdir:` line. */
function findGitDir(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, '.git')
    const stat = lstatOrUndefined(candidate)
    if (stat?.isDirectory()) return candidate
    if (stat?.isFile()) {
      const line = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(candidate, 'utf8'))
      return line?.[1] === undefined ? undefined : resolve(dir, line[1])
    }
    if (stat !== undefined) return undefined
    if (dirname(dir) === dir) return undefined
  }
}

/** A linked worktree's shared repository folder (its `commondir` file), or the folder itself. */
function commonDir(gitDir: string): string {
  try {
    return resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return gitDir
    throw error
  }
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined
    throw error
  }
}
