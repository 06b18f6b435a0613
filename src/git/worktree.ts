/**
 * Linked git worktrees (`git worktree add/remove/list`): a second checkout of another commit that shares the
 * repository's objects, so checking out the base of a comparison costs no clone. Unlike the lookups in git.ts these
 * throw: a worktree that cannot be made or removed is a setup error the caller must report, not a note.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { PerfSentinelError } from '../errors.js'

/** One entry of `git worktree list --porcelain`. */
export interface WorktreeEntry {
  path: string
  /** Commit checked out; absent for a bare repository entry. */
  head?: string
  branch?: string
  detached: boolean
  /** The lock reason (`''` when locked without one); absent when not locked. */
  locked?: string
}

/** Runs git with `args` in `cwd`; resolves with trimmed stdout, rejects with git's first stderr line. */
function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail =
          `${stderr}`
            .trim()
            .split('\n')
            .find((line) => line.trim() !== '') ?? error.message
        reject(new Error(detail, { cause: error }))
        return
      }
      resolve(`${stdout}`.trim())
    })
  })
}

/**
 * Checks `commit` out, detached, into the new directory `path` (it must not exist or be empty), locked with
 * `lockReason` when given. Throws `PerfSentinelError('E_GIT')` with git's reason.
 */
export async function addWorktree(repoDir: string, path: string, commit: string, lockReason?: string): Promise<void> {
  try {
    // --force: a stale registration of the same path (a crashed earlier run) must not block this one. A lock keeps
    // `git worktree prune` elsewhere from dropping it while it is in use, and its reason says whose it is.
    const lock = lockReason === undefined ? [] : ['--lock', '--reason', lockReason]
    await git(repoDir, ['worktree', 'add', '--force', '--detach', ...lock, path, commit])
  } catch (error) {
    throw new PerfSentinelError(
      'E_GIT',
      `could not check out ${commit.slice(0, 12)} into a worktree at ${path}: ${(error as Error).message}`,
      {
        fix: 'check that the commit exists locally (in CI fetch history: fetch-depth: 0) and that the temp directory is writable',
        cause: error,
      },
    )
  }
}

/**
 * Removes the worktree at `path` and its registration, also when git refuses (untracked files, a half-made
 * checkout): the directory is deleted and `git worktree prune` drops the registration. Never throws; returns the
 * problem when something could not be removed.
 */
export async function removeWorktree(repoDir: string, path: string): Promise<string | undefined> {
  try {
    await git(repoDir, ['worktree', 'remove', '--force', '--force', path])
    return undefined
  } catch {
    // Fall through: delete by hand, then let git forget it.
  }
  try {
    await git(repoDir, ['worktree', 'unlock', path]).catch(() => '')
    rmSync(path, { recursive: true, force: true })
    await git(repoDir, ['worktree', 'prune'])
    return undefined
  } catch (error) {
    return `could not remove the worktree at ${path}: ${(error as Error).message} (remove it, then run git worktree prune)`
  }
}

/**
 * `removeWorktree` for a process that is about to exit on a signal: synchronous, so it finishes before the exit.
 * Never throws; returns the problem, if any.
 */
export function removeWorktreeSync(repoDir: string, path: string): string | undefined {
  try {
    // A locked worktree survives `prune`: unlock first (it fails harmlessly when not locked).
    spawnSync('git', ['worktree', 'unlock', path], { cwd: repoDir, stdio: 'ignore' })
    rmSync(path, { recursive: true, force: true })
    execFileSync('git', ['worktree', 'prune'], { cwd: repoDir, stdio: 'ignore' })
    return undefined
  } catch (error) {
    return `could not remove the worktree at ${path}: ${(error as Error).message} (remove it, then run git worktree prune)`
  }
}

/** Every worktree of the repository at `repoDir`, the main one first. */
export async function listWorktrees(repoDir: string): Promise<WorktreeEntry[]> {
  return parseWorktreeList(await git(repoDir, ['worktree', 'list', '--porcelain']))
}

/** Parses `git worktree list --porcelain`: blocks separated by blank lines, one `key value` per line. */
export function parseWorktreeList(text: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = []
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
    const path = lines.find((line) => line.startsWith('worktree '))?.slice('worktree '.length)
    if (path === undefined) continue
    const entry: WorktreeEntry = { path, detached: lines.includes('detached') }
    const head = lines.find((line) => line.startsWith('HEAD '))?.slice('HEAD '.length)
    if (head !== undefined) entry.head = head
    const branch = lines.find((line) => line.startsWith('branch '))?.slice('branch '.length)
    if (branch !== undefined) entry.branch = branch.replace(/^refs\/heads\//, '')
    const locked = lines.find((line) => line === 'locked' || line.startsWith('locked '))
    if (locked !== undefined) entry.locked = locked.slice('locked '.length)
    entries.push(entry)
  }
  return entries
}

/**
 * Where `cwd` sits in its repository: the top-level directory and the path from it to `cwd` (`''` at the top,
 * else ending in `/`). A project in a monorepo's sub-folder is found at the same prefix inside a worktree.
 */
export async function repositoryLocation(cwd: string): Promise<{ topLevel: string; prefix: string }> {
  try {
    const [topLevel = '', prefix = ''] = (await git(cwd, ['rev-parse', '--show-toplevel', '--show-prefix'])).split('\n')
    if (topLevel === '') throw new Error('git printed no top-level directory')
    return { topLevel, prefix }
  } catch (error) {
    throw new PerfSentinelError('E_GIT', `${cwd} is not inside a git working tree: ${(error as Error).message}`, {
      fix: 'run perf-sentinel compare inside the git checkout of the project',
      cause: error,
    })
  }
}
