import { setTimeout as delay } from 'node:timers/promises'
import type { SimpleGit } from 'simple-git'
import { PerfSentinelError } from '../errors.js'
import { describeGitFailure, openGit, runGit } from './git.js'

/** The notes ref perf-sentinel's history lives in (one JSON line per run, on the run's commit). */
const NOTES_REF = 'refs/notes/perf-sentinel'
/** Where the remote's notes are fetched before merging them into ours. */
const REMOTE_COPY_REF = 'refs/notes/perf-sentinel-remote'
/** A notes merge commits: git needs an identity, which bare CI images lack. */
const IDENTITY = ['-c', 'user.name=perf-sentinel', '-c', 'user.email=perf-sentinel@localhost']

/** Options of `pushNotes` / `fetchNotes`. */
export interface NotesSyncOptions {
  cwd: string
  /** @default 'origin' */
  remote?: string
  /** Push attempts before giving up (each rejected push fetches, merges and tries again). @default 5 */
  attempts?: number
  sleep?: (ms: number) => Promise<void>
}

/**
 * Fetches the remote's perf-sentinel notes and merges them into the local ones line by line (`cat_sort_uniq`:
 * every run of both sides kept once), so local runs not pushed yet survive. Returns what it did.
 */
export async function fetchNotes(options: NotesSyncOptions): Promise<string> {
  const remote = options.remote ?? 'origin'
  const git = open(options.cwd)
  const fetched = await runGit(git, ['fetch', '--quiet', remote, `+${NOTES_REF}:${REMOTE_COPY_REF}`])
  if (!fetched.ok) {
    const text = describeGitFailure(fetched.error, options.cwd)
    if (/couldn't find remote ref/i.test(text)) return `${remote} has no perf-sentinel notes yet: nothing to fetch.`
    throw new PerfSentinelError('E_GIT', `Could not fetch ${NOTES_REF} from ${remote}: ${text}`, {
      fix: `check that the remote "${remote}" exists and can be read`,
    })
  }
  return mergeRemoteCopy(options.cwd, git, remote)
}

/**
 * Pushes the local notes; when another job pushed first (non-fast-forward), fetches theirs, merges (union of lines)
 * and tries again, with a jittered backoff. No run of either side is lost.
 */
export async function pushNotes(options: NotesSyncOptions): Promise<string> {
  const remote = options.remote ?? 'origin'
  const attempts = options.attempts ?? 5
  const sleep = options.sleep ?? ((ms: number) => delay(ms))
  const git = open(options.cwd)
  const local = await runGit(git, ['rev-parse', '--verify', '--quiet', NOTES_REF])
  if (!local.ok || local.output === '') return 'No local perf-sentinel notes: nothing to push.'
  let lastError = ''
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const pushed = await runGit(git, ['push', '--quiet', remote, `${NOTES_REF}:${NOTES_REF}`])
    if (pushed.ok) return `Pushed ${NOTES_REF} to ${remote}${attempt > 1 ? ` (attempt ${attempt}, after merging theirs)` : ''}.`
    lastError = describeGitFailure(pushed.error, options.cwd)
    await fetchNotes({ ...options, remote })
    await sleep(50 * attempt * (0.5 + Math.random()))
  }
  throw new PerfSentinelError('E_GIT', `Could not push ${NOTES_REF} to ${remote} after ${attempts} attempts: ${lastError}`, {
    fix: 'check push rights for refs/notes/* (GitHub Actions: permissions: contents: write), then run perf-sentinel history push again',
  })
}

function open(cwd: string): SimpleGit {
  const opened = openGit(cwd)
  if ('problem' in opened) throw new PerfSentinelError('E_GIT', opened.problem, { fix: 'run it inside the git repository of the project' })
  return opened.git
}

async function mergeRemoteCopy(cwd: string, git: SimpleGit, remote: string): Promise<string> {
  const local = await runGit(git, ['rev-parse', '--verify', '--quiet', NOTES_REF])
  if (!local.ok || local.output === '') {
    const copied = await runGit(git, ['update-ref', NOTES_REF, REMOTE_COPY_REF])
    if (!copied.ok)
      throw new PerfSentinelError('E_GIT', `Could not create ${NOTES_REF}: ${describeGitFailure(copied.error, cwd)}`, {
        fix: 'check that the repository is writable',
      })
    return `Fetched ${NOTES_REF} from ${remote}.`
  }
  const merged = await runGit(git, [...IDENTITY, 'notes', `--ref=${NOTES_REF}`, 'merge', '--quiet', '-s', 'cat_sort_uniq', REMOTE_COPY_REF])
  if (!merged.ok) {
    throw new PerfSentinelError(
      'E_GIT',
      `Could not merge the notes of ${remote} into ${NOTES_REF}: ${describeGitFailure(merged.error, cwd)}`,
      {
        fix: `if a merge was left half done, run: git notes --ref=${NOTES_REF} merge --abort`,
      },
    )
  }
  return `Fetched ${NOTES_REF} from ${remote} and merged it with the local runs (every run of both kept once).`
}
