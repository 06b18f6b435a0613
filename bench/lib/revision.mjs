import { execFileSync } from 'node:child_process'
import { REPO_ROOT } from './paths.mjs'

/**
 * The commit the numbers belong to, and whether the engine's sources differed from it (benchmarks are often run on
 * work in progress; a dirty tree must show in the results).
 */
export function describeRevision() {
  const git = (...args) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim()
  try {
    const commit = git('rev-parse', '--short', 'HEAD')
    const changed = git('status', '--porcelain', '--', 'src', 'matchers', 'reporters').split('\n').filter(Boolean)
    return { commit, dirtyFiles: changed.length }
  } catch {
    return { commit: 'unknown', dirtyFiles: 0 }
  }
}
