import { simpleGit } from 'simple-git'
import type { SimpleGitFactory } from 'simple-git'
import { describe, expect, it } from 'vitest'
import { NOTES_REF, appendRunToNotes, buildHistoryRun, readRunsFromNotes } from '../../../src/stores/history/index.js'
import type { HistoryRun } from '../../../src/stores/history/index.js'
import { environment, git, record, repoWithCommits, tempDir } from './fixtures.js'

function runAt(minute: number, commit: string | undefined, runId = `run-${minute}`): HistoryRun {
  return buildHistoryRun({
    records: [record('test/sort.test.ts', 'sort', 'quicksort', 2 + minute / 10)],
    git: { commit, branch: 'main', dirty: false },
    environment,
    time: new Date(Date.UTC(2026, 10, 23, 10, minute)),
    runId,
  })
}

describe('appendRunToNotes() and readRunsFromNotes()', () => {
  it('appends several runs per commit and reads them back, oldest first', async () => {
    const cwd = await repoWithCommits(2)
    const head = git(cwd, 'rev-parse', 'HEAD')
    const parent = git(cwd, 'rev-parse', 'HEAD~1')
    expect(await appendRunToNotes(cwd, runAt(3, head))).toEqual({ written: true, problems: [] })
    expect(await appendRunToNotes(cwd, runAt(1, parent))).toEqual({ written: true, problems: [] })
    expect(await appendRunToNotes(cwd, runAt(2, head))).toEqual({ written: true, problems: [] })

    const all = await readRunsFromNotes(cwd)
    expect(all).toEqual({ runs: [runAt(1, parent), runAt(2, head), runAt(3, head)], problems: [] })
    const atHead = await readRunsFromNotes(cwd, [head.slice(0, 7)])
    expect(atHead.runs.map((run) => run.runId)).toEqual(['run-2', 'run-3'])
    // Stored where CI pushes and fetches it, one JSON line per run.
    const note = git(cwd, 'notes', `--ref=${NOTES_REF}`, 'show', head)
    const lines = note.split('\n').filter((line) => line !== '')
    expect(lines).toEqual([JSON.stringify(runAt(3, head)), JSON.stringify(runAt(2, head))])
  })

  it('loses no run when several appends to one commit run at once', async () => {
    const cwd = await repoWithCommits(1)
    const head = git(cwd, 'rev-parse', 'HEAD')
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => appendRunToNotes(cwd, runAt(i, head))))
    expect(results.every((result) => result.written)).toBe(true)
    expect((await readRunsFromNotes(cwd, [head])).runs).toHaveLength(6)
  })

  it('falls back to its own identity when git has none configured', async () => {
    const cwd = await repoWithCommits(1)
    const head = git(cwd, 'rev-parse', 'HEAD')
    // An empty HOME hides the global identity, and useConfigOnly stops git from guessing one from the host.
    git(cwd, 'config', 'user.useConfigOnly', 'true')
    const home = await tempDir()
    const noIdentity = ((dir: string) =>
      simpleGit(dir).env({ PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: home })) as SimpleGitFactory
    expect(await appendRunToNotes(cwd, runAt(1, head), { git: noIdentity })).toEqual({ written: true, problems: [] })
    expect((await readRunsFromNotes(cwd, [head], { git: noIdentity })).runs).toEqual([runAt(1, head)])
    expect(git(cwd, 'log', '-1', '--format=%an <%ae>', NOTES_REF)).toBe('perf-sentinel <perf-sentinel@localhost>')
  })

  it('skips unreadable lines with a reason and keeps the rest, and reads a duplicated run once', async () => {
    const cwd = await repoWithCommits(1)
    const head = git(cwd, 'rev-parse', 'HEAD')
    await appendRunToNotes(cwd, runAt(1, head))
    await appendRunToNotes(cwd, runAt(1, head))
    git(cwd, 'notes', `--ref=${NOTES_REF}`, 'append', '-m', 'not json', head)
    const future = JSON.stringify({ schemaVersion: 9, git: { commit: head } })
    git(cwd, 'notes', `--ref=${NOTES_REF}`, 'append', '-m', future, head)
    const { runs, problems } = await readRunsFromNotes(cwd)
    expect(runs).toEqual([runAt(1, head)])
    expect(problems).toEqual([
      expect.stringMatching(/^skipped a line in git notes \S+: it is not valid JSON \(not json…\)\nFix: remove/),
      expect.stringMatching(
        new RegExp(`^skipped a line in git notes \\S+ \\(commit ${head.slice(0, 7)}\\): it has schemaVersion 9;.*\\nFix: upgrade`),
      ),
    ])
  })

  it('reads nothing, without problems, from a repository without notes or commits', async () => {
    expect(await readRunsFromNotes(await repoWithCommits(1))).toEqual({ runs: [], problems: [] })
    const empty = await tempDir()
    git(empty, 'init', '-q')
    expect(await readRunsFromNotes(empty)).toEqual({ runs: [], problems: [] })
  })

  it('writes nothing and says why for a run without a commit or a commit git does not have', async () => {
    const empty = await tempDir()
    git(empty, 'init', '-q')
    const noCommit = await appendRunToNotes(empty, runAt(1, undefined))
    expect(noCommit).toEqual({ written: false, problems: [expect.stringContaining('it has no commit')] })
    const repo = await repoWithCommits(1)
    const unknown = await appendRunToNotes(repo, runAt(1, 'f'.repeat(40)))
    expect(unknown).toEqual({
      written: false,
      problems: [`run not added to git notes: commit ${'f'.repeat(40)} is not in the repository at ${repo}`],
    })
    expect(git(repo, 'notes', `--ref=${NOTES_REF}`, 'list')).toBe('')
  })

  it('reports problems instead of throwing outside a repository or without git', async () => {
    const cwd = await tempDir()
    const outside = await appendRunToNotes(cwd, runAt(1, 'a'.repeat(40)))
    expect(outside).toEqual({ written: false, problems: [`run not added to git notes: not a git repository: ${cwd}`] })
    const read = await readRunsFromNotes(cwd)
    expect(read).toEqual({ runs: [], problems: [`git notes not read: not a git repository: ${cwd}`] })
    const noGit = ((dir: string) => simpleGit(dir, { binary: 'perf-sentinel-no-such-git' })) as SimpleGitFactory
    const repo = await repoWithCommits(1)
    expect((await readRunsFromNotes(repo, undefined, { git: noGit })).problems).toEqual([
      'git notes not read: git is not installed or not on PATH',
    ])
  })
})
