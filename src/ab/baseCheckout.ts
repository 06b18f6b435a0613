/**
 * The base commit checked out in a temporary git worktree, outside the project (so neither runner discovers its
 * test files) and removed afterwards: `remove()` on every normal or error path, `removeSync()` when a second
 * Ctrl-C will not wait or the process exits abruptly. Locked with this process's pid, so a run killed outright
 * leaves a worktree the next run recognises as abandoned (staleWorktrees.ts).
 */
import { mkdtempSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addWorktree, removeWorktree, removeWorktreeSync } from '../git/worktree.js'
import { lockReason } from './staleWorktrees.js'

/** A checked-out base. */
export interface BaseCheckout {
  /** The worktree's top level. */
  topDir: string
  /** The project directory inside it (the same sub-folder as the head's, for a monorepo package). */
  projectDir: string
  /** Removes the worktree; resolves with the problem when it could not (never rejects). Idempotent. */
  remove(): Promise<string | undefined>
  /** Synchronous last-chance removal. Idempotent. */
  removeSync(): string | undefined
}

/** Checks `commit` out into a new temp directory; `prefix` is the project's path inside the repository. */
export async function checkoutBase(
  repoTop: string,
  commit: string,
  prefix: string,
  options: { tempDir?: string } = {},
): Promise<BaseCheckout> {
  // realpath: macOS's /var → /private/var would make runner paths and ours disagree.
  const topDir = mkdtempSync(join(realpathSync(options.tempDir ?? tmpdir()), 'perf-sentinel-base-'))
  let removed = false
  const checkout: BaseCheckout = {
    topDir,
    projectDir: prefix === '' ? topDir : join(topDir, prefix),
    remove: async () => {
      if (removed) return undefined
      removed = true
      return removeWorktree(repoTop, topDir)
    },
    removeSync: () => {
      if (removed) return undefined
      removed = true
      return removeWorktreeSync(repoTop, topDir)
    },
  }
  try {
    await addWorktree(repoTop, topDir, commit, lockReason(process.pid))
  } catch (error) {
    removed = true
    // A half-made worktree may already be registered: delete the folder and prune the registration.
    removeWorktreeSync(repoTop, topDir)
    throw error
  }
  return checkout
}
