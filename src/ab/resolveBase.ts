/**
 * Which commit `perf-sentinel compare` measures the working tree against: `--base <ref>` as given, or else the
 * merge-base of HEAD with the default branch (what a pull request changes); on the default branch itself, where
 * that merge-base is HEAD, the previous commit (what the last push changed).
 */
import { PerfSentinelError } from '../errors.js'
import { defaultBranch } from '../git/defaultBranch.js'
import { mergeBase, resolveRef } from '../git/git.js'

/** The base of an A/B comparison. */
export interface ResolvedBase {
  /** Full commit SHA. */
  commit: string
  /** The ref as the user would name it: the `--base` value, or `merge-base(origin/main, HEAD)`. */
  ref: string
  /** One sentence on how it was chosen, for the report. */
  how: string
}

/** Resolves the base commit; throws `PerfSentinelError('E_BASE')` saying what was tried and how to fix it. */
export async function resolveBase(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  ref: string | undefined,
): Promise<ResolvedBase> {
  const problems: string[] = []
  const log = (message: string): void => {
    problems.push(message)
  }
  if (ref !== undefined) {
    const commit = await resolveRef(cwd, ref, { log })
    if (commit === undefined) {
      throw new PerfSentinelError('E_BASE', `the base ref "${ref}" is not a commit here: ${problems.join('; ') || 'unknown ref'}`, {
        fix: `fetch it first (git fetch origin ${ref.replace(/^origin\//, '')}), or pass another --base`,
      })
    }
    return { commit, ref, how: `--base ${ref}` }
  }
  const head = await resolveRef(cwd, 'HEAD', { log })
  if (head === undefined) {
    throw new PerfSentinelError('E_BASE', `no commit to compare with: ${problems.join('; ') || 'HEAD does not resolve'}`, {
      fix: 'commit first, or run perf-sentinel compare inside a git checkout',
    })
  }
  const branch = await defaultBranch(cwd, env, { log })
  if (branch === undefined) {
    throw new PerfSentinelError('E_BASE', `no default branch to take the merge-base with: ${problems.join('; ')}`, {
      fix: 'pass the base explicitly: perf-sentinel compare --base <ref> (in CI, fetch the target branch first)',
    })
  }
  const fork = await mergeBase(cwd, branch.ref, 'HEAD', { log })
  if (fork === undefined) {
    throw new PerfSentinelError('E_BASE', `no merge-base of ${branch.ref} and HEAD: ${problems.join('; ')}`, {
      fix: 'fetch more history (fetch-depth: 0 in CI), or pass --base <ref>',
    })
  }
  if (fork !== head) {
    return {
      commit: fork,
      ref: `merge-base(${branch.ref}, HEAD)`,
      how: `merge-base of HEAD and ${branch.ref}; default branch from ${branch.source}`,
    }
  }
  // HEAD is on the default branch: comparing it with itself would measure nothing.
  const parent = await resolveRef(cwd, 'HEAD^1', { log })
  if (parent === undefined) {
    throw new PerfSentinelError('E_BASE', `HEAD is on ${branch.ref} and has no parent commit to compare with`, {
      fix: 'pass the base explicitly: perf-sentinel compare --base <ref>',
    })
  }
  return { commit: parent, ref: 'HEAD^', how: `parent of HEAD, which is already on ${branch.ref}` }
}
