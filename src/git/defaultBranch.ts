/**
 * The repository's default branch, as the ref a pull request will merge into: what `perf-sentinel compare`
 * measures against (through the merge-base) when no `--base` is given.
 */
import type { GitOptions } from './git.js'
import { openGit, runGit } from './git.js'

/** CI variables naming the branch a pull/merge request targets, most common first. */
const TARGET_BRANCH_VARIABLES = ['GITHUB_BASE_REF', 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME', 'BITBUCKET_PR_DESTINATION_BRANCH'] as const

/** Branch names tried, remote first, when nothing names the default branch. */
const CANDIDATES = ['origin/main', 'origin/master', 'main', 'master'] as const

/** The default branch and how it was found (for the report and for error messages). */
export interface DefaultBranch {
  ref: string
  /** E.g. `GITHUB_BASE_REF`, `origin/HEAD`, `the first of origin/main, … that exists`. */
  source: string
}

/**
 * Finds the ref of the default branch: the pull request's target branch named by CI (`GITHUB_BASE_REF` …), else
 * `origin/HEAD`, else the first of origin/main, origin/master, main, master that exists. Never throws: `undefined`
 * when none exists, with the reason passed to `log`.
 */
export async function defaultBranch(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  options: GitOptions = {},
): Promise<DefaultBranch | undefined> {
  const opened = openGit(cwd, options.git)
  if ('problem' in opened) {
    options.log?.(opened.problem)
    return undefined
  }
  const exists = async (ref: string): Promise<boolean> => {
    const result = await runGit(opened.git, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
    return result.ok && result.output !== ''
  }
  for (const name of TARGET_BRANCH_VARIABLES) {
    const branch = env[name]?.trim()
    if (!branch) continue
    // In CI the target branch usually exists only as a remote-tracking ref.
    for (const ref of [`origin/${branch}`, branch]) if (await exists(ref)) return { ref, source: name }
    options.log?.(`${name}=${branch}, but neither origin/${branch} nor ${branch} exists here (fetch it: git fetch origin ${branch})`)
  }
  const originHead = await runGit(opened.git, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'])
  if (originHead.ok && originHead.output !== '') {
    const ref = originHead.output.replace(/^refs\/remotes\//, '')
    if (await exists(ref)) return { ref, source: 'origin/HEAD' }
  }
  for (const ref of CANDIDATES) if (await exists(ref)) return { ref, source: `the first of ${CANDIDATES.join(', ')} that exists` }
  options.log?.(`no default branch found in ${cwd} (tried ${TARGET_BRANCH_VARIABLES.join(', ')}, origin/HEAD, ${CANDIDATES.join(', ')})`)
  return undefined
}
