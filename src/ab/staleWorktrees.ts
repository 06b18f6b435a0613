/**
 * Worktrees left by compare runs that were killed outright (SIGKILL, a crashed CI runner): each base worktree is
 * locked with a reason naming the process that made it, so a later run can tell an abandoned one from one in use
 * and remove it.
 */
import { listWorktrees, removeWorktree } from '../git/worktree.js'

/** The lock reason of a base worktree made by process `pid`. */
export function lockReason(pid: number): string {
  return `perf-sentinel compare (pid ${pid})`
}

/** The pid in a lock reason made by `lockReason`, or undefined for any other lock. */
export function lockOwner(reason: string): number | undefined {
  const match = /^perf-sentinel compare \(pid (\d+)\)$/.exec(reason)
  return match ? Number(match[1]) : undefined
}

/**
 * Removes the base worktrees of `repoTop` whose owning process is gone; returns the removed paths and the problems.
 * Never throws. `isAlive` is injectable for tests.
 */
export async function removeStaleWorktrees(
  repoTop: string,
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<{ removed: string[]; problems: string[] }> {
  const removed: string[] = []
  const problems: string[] = []
  let entries: Awaited<ReturnType<typeof listWorktrees>>
  try {
    entries = await listWorktrees(repoTop)
  } catch (error) {
    return { removed, problems: [`could not list worktrees: ${(error as Error).message}`] }
  }
  for (const entry of entries) {
    const pid = entry.locked === undefined ? undefined : lockOwner(entry.locked)
    if (pid === undefined || isAlive(pid)) continue
    const problem = await removeWorktree(repoTop, entry.path)
    if (problem === undefined) removed.push(entry.path)
    else problems.push(problem)
  }
  return { removed, problems }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, it is just not ours.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
