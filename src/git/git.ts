import { execFile } from 'node:child_process'
import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isAbsolute } from 'node:path'
import type { SimpleGit, SimpleGitFactory } from 'simple-git'
import type { GitInfo } from '../model/types.js'
import { shallowOnDisk } from './shallowOnDisk.js'

/** Environment variables, as `process.env` holds them. */
export type EnvVars = Readonly<Record<string, string | undefined>>

/** Injected environment shared by every git lookup. */
export interface GitOptions {
  /** Creates the simple-git instance (inject one with `.env(…)` or another binary). @default simple-git's `simpleGit` */
  git?: SimpleGitFactory
  /** Receives each remark as it is made (they are also returned in `GitInfo.notes`). @default no-op */
  log?: (message: string) => void
}

/** Options of `readGitInfo()`. */
export interface ReadGitInfoOptions extends GitOptions {
  cwd: string
  /** Read for the branch name of a detached CI checkout. @default process.env */
  env?: EnvVars
  /**
   * Tracked files (relative to `cwd`) whose changes do not make the tree dirty: perf-sentinel's own baseline file,
   * which `baseline update` rewrites between its runs and which changes no timing.
   */
  ignoreChanges?: readonly string[]
}

/** CI variables naming the branch of a detached checkout, most specific first (a PR's head before its merge ref). */
const CI_BRANCH_VARIABLES = ['GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME'] as const

/**
 * Reads commit, branch, dirty, detached and shallow state of the repository at `cwd`. Never throws: each lookup
 * that fails (no git binary, not a repository, no commits yet…) leaves its field unset and adds a note.
 */
export async function readGitInfo(options: ReadGitInfoOptions): Promise<GitInfo> {
  const env = options.env ?? process.env
  const info: GitInfo = { notes: [] }
  const note = (message: string): void => {
    info.notes.push(message)
    options.log?.(message)
  }
  const opened = options.git === undefined ? gitProcessIn(options.cwd) : viaSimpleGit(openGit(options.cwd, options.git))
  if ('problem' in opened) {
    note(opened.problem)
    return info
  }
  const git = opened.run
  // One git process: this runs in every test run, next to the runner's own start-up. `status --branch` names the
  // commit and the branch too (was three more processes); the shallow state is read from the repository's files
  // when it can be (shallowOnDisk; was a rev-parse process). A failed status (not a work tree, unreadable index)
  // still asks rev-parse, for the right note. Untracked files are ignored: perf-sentinel's own outputs are often
  // untracked, and a new file can only change timings through a tracked file importing it.
  const shallowFromFiles = options.git === undefined ? shallowOnDisk(options.cwd, process.env) : undefined
  const revParse = ['rev-parse', '--is-inside-work-tree', '--is-shallow-repository']
  const [asked, status] = await Promise.all([
    shallowFromFiles === undefined ? git(revParse) : undefined,
    git(['status', '--porcelain=v2', '--branch', '--untracked-files=no', ...statusPathspec(options.ignoreChanges)]),
  ])
  const location: GitResult = asked ?? (status.ok ? { ok: true, output: `true\n${String(shallowFromFiles)}` } : await git(revParse))
  if (!location.ok) {
    note(describeGitFailure(location.error, options.cwd))
    return info
  }
  const [insideWorkTree, shallow] = location.output.split('\n')
  if (insideWorkTree !== 'true') {
    note(`${options.cwd} is not inside a git working tree (a bare repository or a .git directory)`)
    return info
  }
  info.shallow = shallow === 'true'
  if (info.shallow) {
    note('shallow clone: older commits and merge bases may be missing (fetch with `fetch-depth: 0` in CI)')
  }
  const head = status.ok ? parseStatus(status.output) : await headWithoutStatus(git)
  if (head.commit !== undefined) {
    info.commit = head.commit
    info.shortCommit = head.commit.slice(0, 7)
  } else {
    note('no commits yet: results are not tied to a commit')
  }
  if (head.branch !== undefined) {
    info.branch = head.branch
    info.detached = false
  } else if (info.commit !== undefined) {
    info.detached = true
    const fromEnv = CI_BRANCH_VARIABLES.find((name) => (env[name] ?? '') !== '')
    if (fromEnv === undefined) {
      note(`detached HEAD at ${info.shortCommit}: branch unknown (set one of ${CI_BRANCH_VARIABLES.join(', ')})`)
    } else {
      info.branch = env[fromEnv]
      note(`detached HEAD at ${info.shortCommit}: branch "${info.branch}" taken from ${fromEnv}`)
    }
  }
  if (status.ok) {
    const changed = head.changed ?? 0
    info.dirty = changed > 0
    if (info.dirty) {
      note(`working tree has uncommitted changes in ${changed} tracked file${changed === 1 ? '' : 's'}`)
    }
  } else {
    note(`could not read the working tree status: ${describeGitFailure(status.error, options.cwd)}`)
  }
  return info
}

/** The whole repository (`:/`) but these paths, when there are any inside `cwd` (git rejects paths outside it). */
function statusPathspec(ignore: readonly string[] | undefined): string[] {
  const inside = (ignore ?? []).filter((path) => path !== '' && !isAbsolute(path) && !path.split(/[\\/]/).includes('..'))
  return inside.length === 0 ? [] : ['--', ':/', ...inside.map((path) => `:(exclude)${path}`)]
}

interface HeadState {
  /** Full SHA of HEAD; undefined before the first commit. */
  commit?: string
  /** Checked-out branch; undefined when HEAD is detached (or unknown). */
  branch?: string
  /** Tracked files with changes (staged or not); undefined when the status could not be read. */
  changed?: number
}

/**
 * `git status --porcelain=v2 --branch` output: `# branch.oid <sha>|(initial)`, `# branch.head <name>|(detached)`,
 * then one line per changed tracked file.
 */
export function parseStatus(output: string): HeadState {
  const state: HeadState = { changed: 0 }
  for (const line of output.split('\n')) {
    if (line === '') continue
    if (!line.startsWith('# ')) state.changed = (state.changed ?? 0) + 1
    else if (line.startsWith('# branch.oid ')) {
      const oid = line.slice('# branch.oid '.length)
      if (oid !== '(initial)') state.commit = oid
    } else if (line.startsWith('# branch.head ')) {
      const name = line.slice('# branch.head '.length)
      if (name !== '(detached)') state.branch = name
    }
  }
  return state
}

/** Commit and branch when `git status` itself failed (it needs a readable index; rev-parse does not). */
async function headWithoutStatus(git: GitCommand): Promise<HeadState> {
  const [head, symbolic] = await Promise.all([
    git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']),
    git(['symbolic-ref', '--quiet', '--short', 'HEAD']),
  ])
  const state: HeadState = {}
  if (head.ok && head.output !== '') state.commit = head.output
  if (symbolic.ok && symbolic.output !== '') state.branch = symbolic.output
  return state
}

/**
 * Resolves a ref (`main`, `origin/main`, a tag, a SHA) to a full commit SHA. Never throws: `undefined` when git is
 * missing or the ref is unknown here, with the reason passed to `log`.
 */
export async function resolveRef(cwd: string, ref: string, options: GitOptions = {}): Promise<string | undefined> {
  if (ref === '' || ref.startsWith('-')) {
    options.log?.(`not a git ref: "${ref}"`)
    return undefined
  }
  const opened = openGit(cwd, options.git)
  if ('problem' in opened) {
    options.log?.(opened.problem)
    return undefined
  }
  const resolved = await runGit(opened.git, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
  if (resolved.ok && resolved.output !== '') {
    return resolved.output
  }
  options.log?.(
    resolved.ok
      ? `git ref "${ref}" not found in ${cwd} (in CI, fetch it first: git fetch origin ${ref.replace(/^origin\//, '')})`
      : `could not resolve git ref "${ref}": ${describeGitFailure(resolved.error, cwd)}`,
  )
  return undefined
}

/**
 * The best common ancestor of two refs (where a branch forked from `main`). Never throws: `undefined` when there is
 * none locally (often a shallow clone) or git fails, with the reason passed to `log`.
 */
export async function mergeBase(cwd: string, a: string, b: string, options: GitOptions = {}): Promise<string | undefined> {
  const [commitA, commitB] = await Promise.all([resolveRef(cwd, a, options), resolveRef(cwd, b, options)])
  if (commitA === undefined || commitB === undefined) {
    return undefined
  }
  const opened = openGit(cwd, options.git)
  if ('problem' in opened) {
    options.log?.(opened.problem)
    return undefined
  }
  const base = await runGit(opened.git, ['merge-base', commitA, commitB])
  if (base.ok && base.output !== '') {
    return base.output
  }
  options.log?.(
    base.ok
      ? `no common ancestor of "${a}" and "${b}" in ${cwd} (a shallow clone? fetch more history: fetch-depth: 0)`
      : `could not compute the merge base of "${a}" and "${b}": ${describeGitFailure(base.error, cwd)}`,
  )
  return undefined
}

let simpleGitFactory: SimpleGitFactory | undefined

/**
 * simple-git, loaded on first use: an ordinary test run reads git with one plain `git` process (readGitInfo) and
 * never needs it, and loading it took ~40 ms of the reporter's start (notes, merge bases and the CLI use it).
 */
function loadSimpleGit(): SimpleGitFactory {
  simpleGitFactory ??= (createRequire(import.meta.url)('simple-git') as { simpleGit: SimpleGitFactory }).simpleGit
  return simpleGitFactory
}

/** Creates a simple-git instance for `cwd`, or says why it cannot (simple-git throws for a missing directory). */
export function openGit(cwd: string, factory?: SimpleGitFactory): { git: SimpleGit } | { problem: string } {
  try {
    return { git: (factory ?? loadSimpleGit())(cwd) }
  } catch (error) {
    return { problem: `cannot run git in ${cwd}: ${firstLine(error)}` }
  }
}

/** The outcome of one git command: its trimmed stdout, or the error. */
export type GitResult = { ok: true; output: string } | { ok: false; error: unknown }

/** Runs one git command in a fixed repository. Never rejects. */
type GitCommand = (args: string[]) => Promise<GitResult>

function viaSimpleGit(opened: { git: SimpleGit } | { problem: string }): { run: GitCommand } | { problem: string } {
  if ('problem' in opened) return opened
  return { run: (args) => runGit(opened.git, args) }
}

/**
 * git as a plain child process, for the lookups every test run makes (readGitInfo): loading simple-git took ~40 ms of
 * the reporter's start, more than the two git processes it ran. Failures read as simple-git's do (the first line of
 * git's stderr, or the spawn error), so `describeGitFailure` explains both.
 */
function gitProcessIn(cwd: string): { run: GitCommand } | { problem: string } {
  // simple-git refuses a missing folder up front; a spawn in one would fail as ENOENT, read as "git is not installed".
  if (!isDirectory(cwd)) return { problem: `cannot run git in ${cwd}: the folder does not exist` }
  return {
    run: (args) =>
      new Promise((done) => {
        execFile('git', args, { cwd, maxBuffer: 64 * 2 ** 20, windowsHide: true }, (error, stdout, stderr) => {
          if (error === null) done({ ok: true, output: stdout.trim() })
          else done({ ok: false, error: String(stderr).trim() === '' ? error : new Error(String(stderr).trim()) })
        })
      }),
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Runs a git command; the trimmed stdout, or the error. Never throws. */
export async function runGit(git: SimpleGit, args: string[]): Promise<GitResult> {
  try {
    return { ok: true, output: (await git.raw(args)).trim() }
  } catch (error) {
    return { ok: false, error }
  }
}

/** One-line explanation of a failed git call that tells "git is not installed" from "not a repository". */
export function describeGitFailure(error: unknown, cwd: string): string {
  const text = firstLine(error)
  if (/ENOENT/.test(text)) {
    return 'git is not installed or not on PATH'
  }
  if (/not a git repository/i.test(text)) {
    return `not a git repository: ${cwd}`
  }
  if (/dubious ownership/i.test(text)) {
    // Common in CI containers, where the checkout belongs to another user than the one running the tests.
    const allow = `git config --global --add safe.directory ${cwd}`
    return `git refuses the repository at ${cwd} (owned by another user); allow it with: ${allow}`
  }
  return `git failed in ${cwd}: ${text}`
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.trim().split('\n')[0] ?? text
}
