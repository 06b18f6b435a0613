import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { simpleGit } from 'simple-git'
import type { SimpleGitFactory } from 'simple-git'
import { describe, expect, it } from 'vitest'
import { mergeBase, parseStatus, readGitInfo, resolveRef } from '../../../src/git/git.js'
import { shallowOnDisk } from '../../../src/git/shallowOnDisk.js'
import { commitFile, git, repoWithCommits, tempDir } from './fixtures.js'

const noCiEnv = {}

describe('readGitInfo()', () => {
  it('reads commit, branch and a clean tree from a normal repository', async () => {
    const cwd = await repoWithCommits(2)
    const info = await readGitInfo({ cwd, env: noCiEnv })
    const head = git(cwd, 'rev-parse', 'HEAD')
    expect(info).toEqual({
      commit: head,
      shortCommit: head.slice(0, 7),
      branch: 'main',
      detached: false,
      dirty: false,
      shallow: false,
      notes: [],
    })
  })

  it('reports the current branch name, slashes included', async () => {
    const cwd = await repoWithCommits(1)
    git(cwd, 'checkout', '-q', '-b', 'feature/faster-sort')
    expect((await readGitInfo({ cwd, env: noCiEnv })).branch).toBe('feature/faster-sort')
  })

  it('flags a dirty tree when a tracked file changed, but not for untracked files', async () => {
    const cwd = await repoWithCommits(1)
    await writeFile(join(cwd, 'untracked.txt'), 'new\n')
    expect((await readGitInfo({ cwd, env: noCiEnv })).dirty).toBe(false)
    await writeFile(join(cwd, 'file.txt'), 'edited\n')
    const info = await readGitInfo({ cwd, env: noCiEnv })
    expect(info.dirty).toBe(true)
    expect(info.notes).toEqual(['working tree has uncommitted changes in 1 tracked file'])
  })

  it("does not call the tree dirty for perf-sentinel's own baseline file, from a sub-folder, while other files count", async () => {
    const cwd = await repoWithCommits(1)
    const sub = join(cwd, 'pkg')
    await mkdir(sub)
    await writeFile(join(sub, 'perf-baseline.json'), '{}\n')
    git(cwd, 'add', '-A')
    git(cwd, 'commit', '-qm', 'baseline')
    await writeFile(join(sub, 'perf-baseline.json'), '{"changed":true}\n')
    const ignoring = { env: noCiEnv, ignoreChanges: ['perf-baseline.json', '../outside.json', '/abs/path.json'] }
    expect(await readGitInfo({ cwd: sub, ...ignoring })).toMatchObject({ dirty: false, notes: [] })
    expect((await readGitInfo({ cwd: sub, env: noCiEnv })).dirty).toBe(true)
    await writeFile(join(cwd, 'file.txt'), 'edited\n')
    expect(await readGitInfo({ cwd: sub, ...ignoring })).toMatchObject({ dirty: true, branch: 'main' })
  })

  it('degrades to notes outside a git repository', async () => {
    const cwd = await tempDir()
    const logged: string[] = []
    const info = await readGitInfo({ cwd, env: noCiEnv, log: (message) => logged.push(message) })
    expect(info.commit).toBeUndefined()
    expect(info.branch).toBeUndefined()
    expect(info.notes).toEqual([`not a git repository: ${cwd}`])
    expect(logged).toEqual(info.notes)
  })

  it('degrades to a note when the directory does not exist', async () => {
    const cwd = join(await tempDir(), 'missing')
    const info = await readGitInfo({ cwd, env: noCiEnv })
    expect(info).toEqual({ notes: [expect.stringContaining(`cannot run git in ${cwd}`)] })
  })

  it('degrades to a note when the git binary is missing', async () => {
    const cwd = await repoWithCommits(1)
    const noGit = ((dir: string) => simpleGit(dir, { binary: 'perf-sentinel-no-such-git' })) as SimpleGitFactory
    const info = await readGitInfo({ cwd, env: noCiEnv, git: noGit })
    expect(info).toEqual({ notes: ['git is not installed or not on PATH'] })
  })

  it('says the same without simple-git (the plain git process of every run) when git is not on PATH', async () => {
    const cwd = await repoWithCommits(1)
    const path = process.env.PATH
    process.env.PATH = join(cwd, 'no-such-bin')
    try {
      expect(await readGitInfo({ cwd, env: noCiEnv })).toEqual({ notes: ['git is not installed or not on PATH'] })
    } finally {
      process.env.PATH = path
    }
  })

  it('has a branch but no commit before the first commit', async () => {
    const cwd = await tempDir()
    git(cwd, 'init', '-q', '-b', 'main')
    const info = await readGitInfo({ cwd, env: noCiEnv })
    expect(info.commit).toBeUndefined()
    expect(info.branch).toBe('main')
    expect(info.notes).toEqual(['no commits yet: results are not tied to a commit'])
  })

  it('marks a detached HEAD and leaves the branch unknown without CI variables', async () => {
    const cwd = await repoWithCommits(2)
    git(cwd, 'checkout', '-q', '--detach', 'HEAD~1')
    const info = await readGitInfo({ cwd, env: noCiEnv })
    expect(info.detached).toBe(true)
    expect(info.branch).toBeUndefined()
    expect(info.commit).toBe(git(cwd, 'rev-parse', 'main~1'))
    expect(info.notes[0]).toMatch(/^detached HEAD at [0-9a-f]{7}: branch unknown \(set one of GITHUB_HEAD_REF/)
  })

  it('takes a detached checkout branch from CI variables, the pull request head first', async () => {
    const cwd = await repoWithCommits(1)
    git(cwd, 'checkout', '-q', '--detach')
    const pr = await readGitInfo({ cwd, env: { GITHUB_HEAD_REF: 'feature/x', GITHUB_REF_NAME: '12/merge' } })
    expect(pr.branch).toBe('feature/x')
    expect(pr.notes[0]).toMatch(/branch "feature\/x" taken from GITHUB_HEAD_REF$/)
    // GitHub sets GITHUB_HEAD_REF to "" outside pull requests.
    const push = await readGitInfo({ cwd, env: { GITHUB_HEAD_REF: '', GITHUB_REF_NAME: 'main' } })
    expect(push.branch).toBe('main')
    const gitlab = await readGitInfo({ cwd, env: { CI_COMMIT_REF_NAME: 'release' } })
    expect(gitlab.branch).toBe('release')
  })

  it('detects a shallow clone', async () => {
    const origin = await repoWithCommits(3)
    const parent = await tempDir()
    git(parent, 'clone', '-q', '--depth', '1', `file://${origin}`, 'clone')
    const info = await readGitInfo({ cwd: join(parent, 'clone'), env: noCiEnv })
    expect(info.shallow).toBe(true)
    expect(info.commit).toBe(git(origin, 'rev-parse', 'HEAD'))
    expect(info.branch).toBe('main')
    expect(info.notes).toEqual([expect.stringMatching(/^shallow clone: .*fetch-depth: 0/)])
  })
})

describe('resolveRef()', () => {
  it('resolves branch names and revision expressions to full commits', async () => {
    const cwd = await repoWithCommits(2)
    expect(await resolveRef(cwd, 'main')).toBe(git(cwd, 'rev-parse', 'HEAD'))
    expect(await resolveRef(cwd, 'main~1')).toBe(git(cwd, 'rev-parse', 'HEAD~1'))
  })

  it('returns undefined with a note for an unknown ref, a non-repository and an option-like ref', async () => {
    const cwd = await repoWithCommits(1)
    const logged: string[] = []
    const log = (message: string): number => logged.push(message)
    expect(await resolveRef(cwd, 'origin/main', { log })).toBeUndefined()
    expect(await resolveRef(await tempDir(), 'main', { log })).toBeUndefined()
    expect(await resolveRef(cwd, '--output=x', { log })).toBeUndefined()
    expect(logged).toEqual([
      `git ref "origin/main" not found in ${cwd} (in CI, fetch it first: git fetch origin main)`,
      expect.stringMatching(/^could not resolve git ref "main": not a git repository/),
      'not a git ref: "--output=x"',
    ])
  })
})

describe('mergeBase()', () => {
  it('finds the commit a branch forked from', async () => {
    const cwd = await repoWithCommits(2)
    const forkPoint = git(cwd, 'rev-parse', 'HEAD')
    git(cwd, 'checkout', '-q', '-b', 'feature')
    await commitFile(cwd, 'feature.txt', 'f\n', 'feature work')
    git(cwd, 'checkout', '-q', 'main')
    await commitFile(cwd, 'main.txt', 'm\n', 'main work')
    expect(await mergeBase(cwd, 'main', 'feature')).toBe(forkPoint)
  })

  it('returns undefined with a note when the histories share no commit', async () => {
    const cwd = await repoWithCommits(1)
    git(cwd, 'checkout', '-q', '--orphan', 'unrelated')
    await commitFile(cwd, 'other.txt', 'o\n', 'unrelated root')
    const logged: string[] = []
    expect(await mergeBase(cwd, 'main', 'unrelated', { log: (m) => logged.push(m) })).toBeUndefined()
    expect(logged).toEqual([expect.stringMatching(/^no common ancestor of "main" and "unrelated" .*fetch-depth: 0/)])
  })
})

describe('parseStatus()', () => {
  it('reads commit, branch and changed files from `git status --porcelain=v2 --branch`', () => {
    const sha = 'a34a040751a7ee0f864629c8de45d37260c3e74f'
    const changed = `1 .M N... 100644 100644 100644 ${sha} ${sha} src/sort.ts`
    expect(parseStatus(`# branch.oid ${sha}\n# branch.head feature/x\n${changed}\n${changed}`)).toEqual({
      commit: sha,
      branch: 'feature/x',
      changed: 2,
    })
    expect(parseStatus('# branch.oid (initial)\n# branch.head main')).toEqual({ branch: 'main', changed: 0 })
    expect(parseStatus(`# branch.oid ${sha}\n# branch.head (detached)`)).toEqual({ commit: sha, changed: 0 })
  })
})

describe('shallowOnDisk()', () => {
  it('agrees with git rev-parse in a clone, a shallow clone, its linked worktree (a .git file) and a subfolder of it', async () => {
    const origin = await repoWithCommits(3)
    const parent = await tempDir()
    git(parent, 'clone', '-q', '--depth', '1', `file://${origin}`, 'shallow')
    git(join(parent, 'shallow'), 'worktree', 'add', '-q', join(parent, 'linked'))
    await mkdir(join(parent, 'linked', 'deep', 'er'), { recursive: true })
    const gitSays = (cwd: string): boolean => git(cwd, 'rev-parse', '--is-shallow-repository') === 'true'
    for (const cwd of [origin, join(parent, 'shallow'), join(parent, 'linked'), join(parent, 'linked', 'deep', 'er')]) {
      expect({ cwd, shallow: shallowOnDisk(cwd, {}) }).toEqual({ cwd, shallow: gitSays(cwd) })
    }
    expect(shallowOnDisk(join(parent, 'shallow'), {})).toBe(true)
    expect(shallowOnDisk(origin, {})).toBe(false)
    // An emptied shallow file is not shallow (git and libgit2 read it so).
    await writeFile(join(parent, 'shallow', '.git', 'shallow'), '')
    expect(shallowOnDisk(join(parent, 'linked'), {})).toBe(false)
  })

  it('leaves the answer to git outside a repository or when variables move discovery', async () => {
    expect(shallowOnDisk(await tempDir(), {})).toBeUndefined()
    const repo = await repoWithCommits(1)
    expect(shallowOnDisk(repo, { GIT_DIR: join(repo, '.git') })).toBeUndefined()
    await mkdir(join(repo, 'nested'))
    await writeFile(join(repo, 'nested', '.git'), 'garbage\n')
    expect(shallowOnDisk(join(repo, 'nested'), {})).toBeUndefined()
  })
})
