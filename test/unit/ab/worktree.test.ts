import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkoutBase } from '../../../src/ab/baseCheckout.js'
import { lockOwner, removeStaleWorktrees } from '../../../src/ab/staleWorktrees.js'
import { listWorktrees, parseWorktreeList, repositoryLocation } from '../../../src/git/worktree.js'

/** Temp folders of this file, removed after its tests. */
const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** A repository with two commits of `value.txt` ("one", then "two"), and a sub-folder `pkg/`. */
function repository(): { dir: string; first: string } {
  const dir = temp('perf-sentinel-test-repo-')
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim()
  git('init', '-q', '-b', 'main')
  writeFileSync(join(dir, 'value.txt'), 'one')
  execFileSync('mkdir', ['-p', join(dir, 'pkg')])
  writeFileSync(join(dir, 'pkg', 'file.txt'), 'pkg')
  git('add', '-A')
  git('commit', '-q', '-m', 'one')
  const first = git('rev-parse', 'HEAD')
  writeFileSync(join(dir, 'value.txt'), 'two')
  git('commit', '-q', '-am', 'two')
  return { dir, first }
}

describe('checkoutBase()', () => {
  it('checks an older commit out beside the repository, at the project’s sub-folder, and removes it again', async () => {
    const { dir, first } = repository()
    const tempDir = temp('perf-sentinel-test-tmp-')
    const location = await repositoryLocation(join(dir, 'pkg'))
    expect(location.prefix).toBe('pkg/')
    const checkout = await checkoutBase(location.topLevel, first, location.prefix, { tempDir })
    expect(readFileSync(join(checkout.topDir, 'value.txt'), 'utf8')).toBe('one')
    expect(checkout.projectDir).toBe(join(checkout.topDir, 'pkg/'))
    expect(await listWorktrees(dir)).toHaveLength(2)
    expect(await checkout.remove()).toBeUndefined()
    expect(existsSync(checkout.topDir)).toBe(false)
    expect(await listWorktrees(dir)).toHaveLength(1)
    // Idempotent: the abort path and the normal path may both call it.
    expect(await checkout.remove()).toBeUndefined()
  })

  it('removes synchronously too (second Ctrl-C), leaving no registration', async () => {
    const { dir, first } = repository()
    const checkout = await checkoutBase(dir, first, '')
    expect(checkout.removeSync()).toBeUndefined()
    expect(await listWorktrees(dir)).toHaveLength(1)
  })

  it('fails with the git reason for an unknown commit and leaves nothing behind', async () => {
    const { dir } = repository()
    const tempDir = temp('perf-sentinel-test-tmp-')
    await expect(checkoutBase(dir, 'f'.repeat(40), '', { tempDir })).rejects.toThrow(/could not check out ffffffffffff into a worktree/)
    expect(execFileSync('ls', [tempDir], { encoding: 'utf8' })).toBe('')
    expect(await listWorktrees(dir)).toHaveLength(1)
  })
})

describe('removeStaleWorktrees()', () => {
  it('removes base worktrees whose owning process is gone and keeps those in use', async () => {
    const { dir, first } = repository()
    const checkout = await checkoutBase(dir, first, '')
    const locked = (await listWorktrees(dir)).find((w) => w.path === checkout.topDir)?.locked ?? ''
    expect(lockOwner(locked)).toBe(process.pid)
    expect(await removeStaleWorktrees(dir, () => true)).toEqual({ removed: [], problems: [] })
    expect(await removeStaleWorktrees(dir, () => false)).toEqual({ removed: [checkout.topDir], problems: [] })
    expect(existsSync(checkout.topDir)).toBe(false)
    expect(await listWorktrees(dir)).toHaveLength(1)
  })

  it('leaves worktrees locked for other reasons alone', () => {
    expect(lockOwner('initial checkout')).toBeUndefined()
  })
})

describe('parseWorktreeList()', () => {
  it('reads path, commit, branch and detached state of each entry', () => {
    const text =
      'worktree /repo\nHEAD abc\nbranch refs/heads/main\n\nworktree /tmp/base\nHEAD def\ndetached\nlocked perf-sentinel compare (pid 7)\n'
    expect(parseWorktreeList(text)).toEqual([
      { path: '/repo', head: 'abc', branch: 'main', detached: false },
      { path: '/tmp/base', head: 'def', detached: true, locked: 'perf-sentinel compare (pid 7)' },
    ])
  })
})
