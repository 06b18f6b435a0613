import { randomBytes } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { SimpleGit } from 'simple-git'
import { withFileLock } from '../fileLock.js'
import { describeGitFailure, openGit, runGit } from '../../git/git.js'
import type { GitOptions } from '../../git/git.js'
import { parseHistoryRun } from './historyRun.js'
import { summarizeProblems } from './summarizeProblems.js'
import type { HistoryRun } from './historyRun.js'
import type { HistoryReadResult } from './historyStore.js'

/**
 * Git notes ref holding runs: one JSON line per run, attached to the run's commit. Notes are not pushed or fetched
 * by default; in CI, before the tests: `git fetch origin refs/notes/perf-sentinel:refs/notes/perf-sentinel`,
 * after them: `git push origin refs/notes/perf-sentinel`.
 */
export const NOTES_REF = 'refs/notes/perf-sentinel'

/** Used only when git has no identity (bare CI images): creating a notes commit needs an author. */
const FALLBACK_IDENTITY = ['-c', 'user.name=perf-sentinel', '-c', 'user.email=perf-sentinel@localhost']
/** Blobs per `git show`: keeps the command line far below OS argument limits. */
const BLOBS_PER_CALL = 200

/**
 * Appends `run` as one JSON line to the note of `run.git.commit` (several runs per commit accumulate). Never throws:
 * git missing, no repository or no commit yields `written: false` and the reasons. If the push is rejected because
 * another job pushed first: `git fetch origin refs/notes/perf-sentinel:refs/notes/theirs && git notes --ref
 * perf-sentinel merge -s cat_sort_uniq refs/notes/theirs`, then push again (cat_sort_uniq keeps every line once).
 */
export async function appendRunToNotes(
  cwd: string,
  run: HistoryRun,
  options: GitOptions = {},
): Promise<{ written: boolean; problems: string[] }> {
  const fail = (problem: string): { written: false; problems: string[] } => {
    options.log?.(problem)
    return { written: false, problems: [problem] }
  }
  const line = JSON.stringify(run)
  const parsed = parseHistoryRun(JSON.parse(line))
  if ('problem' in parsed) {
    return fail(`run not added to git notes: it ${parsed.problem}`)
  }
  const commit = run.git.commit
  if (commit === undefined) {
    return fail('run not added to git notes: it has no commit (not a git repository, or no commits yet)')
  }
  const opened = openGit(cwd, options.git)
  if ('problem' in opened) {
    return fail(`run not added to git notes: ${opened.problem}`)
  }
  const commonDir = await runGit(opened.git, ['rev-parse', '--git-common-dir'])
  if (!commonDir.ok) {
    return fail(`run not added to git notes: ${describeGitFailure(commonDir.error, cwd)}`)
  }
  // git would attach a note to any 40-hex id, even one of another repository: check the commit is here.
  const known = await runGit(opened.git, ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`])
  if (!known.ok || known.output === '') {
    return fail(`run not added to git notes: commit ${commit} is not in the repository at ${cwd}`)
  }
  // The line goes through a file, not `-m`: a run with many measurements can exceed the OS argument size limit.
  const messagePath = join(tmpdir(), `perf-sentinel-note-${process.pid}-${randomBytes(6).toString('hex')}.json`)
  try {
    await writeFile(messagePath, `${line}\n`)
    // `git notes append` rewrites the whole notes ref without checking its old value, so two concurrent appends
    // lose one: serialize them through a lock in the (shared) git directory.
    const lockPath = join(resolve(cwd, commonDir.output), 'perf-sentinel-notes.lock')
    const error = await withFileLock(lockPath, () => appendNote(opened.git, messagePath, commit))
    return error === undefined
      ? { written: true, problems: [] }
      : fail(`run not added to the git notes of ${commit.slice(0, 7)}: ${describeGitFailure(error, cwd)}`)
  } catch (error) {
    return fail(`run not added to git notes: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    await rm(messagePath, { force: true })
  }
}

/**
 * Reads runs from git notes, of the given commits (full SHAs or prefixes) or of every annotated commit; oldest
 * first, duplicates (same runId, e.g. after a notes merge) once. Never throws: failures and bad lines are problems.
 */
export async function readRunsFromNotes(cwd: string, commits?: readonly string[], options: GitOptions = {}): Promise<HistoryReadResult> {
  const opened = openGit(cwd, options.git)
  if ('problem' in opened) {
    return { runs: [], problems: [`git notes not read: ${opened.problem}`] }
  }
  const listed = await runGit(opened.git, ['notes', `--ref=${NOTES_REF}`, 'list'])
  if (!listed.ok) {
    return { runs: [], problems: [`git notes not read: ${describeGitFailure(listed.error, cwd)}`] }
  }
  const blobs: string[] = []
  for (const row of listed.output.split('\n')) {
    const [blob, annotated] = row.split(' ')
    if (blob === undefined || annotated === undefined) {
      continue
    }
    if (commits === undefined || commits.some((wanted) => wanted !== '' && annotated.startsWith(wanted))) {
      blobs.push(blob)
    }
  }
  const byRunId = new Map<string, HistoryRun>()
  const problems: string[] = []
  for (let start = 0; start < blobs.length; start += BLOBS_PER_CALL) {
    // Each note blob ends with a newline, so the concatenated output is still one run per line.
    const shown = await runGit(opened.git, ['show', ...blobs.slice(start, start + BLOBS_PER_CALL)])
    if (!shown.ok) {
      problems.push(`git notes not read: ${describeGitFailure(shown.error, cwd)}`)
      continue
    }
    for (const text of shown.output.split('\n')) {
      const parsed = parseLine(text)
      if (parsed === undefined) {
        continue
      }
      if ('problem' in parsed) {
        problems.push(parsed.problem)
      } else {
        byRunId.set(parsed.run.runId, parsed.run)
      }
    }
  }
  const runs = [...byRunId.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
  return { runs, problems: summarizeProblems(problems, `lines in git notes ${NOTES_REF}`) }
}

/** Runs `git notes append`, once more with a fallback identity if git has none. Returns the error, if any. */
async function appendNote(git: SimpleGit, messagePath: string, commit: string): Promise<unknown> {
  const args = ['notes', `--ref=${NOTES_REF}`, 'append', '--file', messagePath, commit]
  const first = await runGit(git, args)
  if (first.ok) {
    return undefined
  }
  const message = first.error instanceof Error ? first.error.message : String(first.error)
  if (!/tell me who you are|unable to auto-detect email|empty ident/i.test(message)) {
    return first.error
  }
  const second = await runGit(git, [...FALLBACK_IDENTITY, ...args])
  return second.ok ? undefined : second.error
}

function parseLine(text: string): { run: HistoryRun } | { problem: string } | undefined {
  const line = text.trim()
  if (line === '') {
    return undefined // git notes append separates notes with a blank line.
  }
  const where = `a line in git notes ${NOTES_REF}`
  const fix = `remove the line with \`git notes --ref perf-sentinel edit <commit>\``
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    return { problem: `skipped ${where}: it is not valid JSON (${line.slice(0, 60)}…)\nFix: ${fix}` }
  }
  const parsed = parseHistoryRun(json)
  if ('problem' in parsed) {
    const commit = (json as { git?: { commit?: unknown } } | null)?.git?.commit
    const at = typeof commit === 'string' ? ` (commit ${commit.slice(0, 7)})` : ''
    return { problem: `skipped ${where}${at}: it ${parsed.problem}\nFix: ${parsed.fix}, or ${fix}` }
  }
  return parsed
}
