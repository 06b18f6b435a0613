import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkoutBase } from '../../../src/ab/baseCheckout.js'
import { listWorktrees, parseWorktreeList, repositoryLocation } from '../../../src/git/worktree.js'

/** A repository with two commits of `value.txt` ("one", then "two"), and a sub-folder `pkg/`. */
function repository(): { dir: string; first: string } {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-worktree-'))
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim()
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
    const temp = mkdtempSync(join(tmpdir(), 'perf-sentinel-worktree-tmp-'))
    const location = await repositoryLocation(join(dir, 'pkg'))
    expect(location.prefix).toBe('pkg/')
    const checkout = await checkoutBase(location.topLevel, first, location.prefix, { tempDir: temp })
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
    const temp = mkdtempSync(join(tmpdir(), 'perf-sentinel-worktree-tmp-'))
    await expect(checkoutBase(dir, 'f'.repeat(40), '', { tempDir: temp })).rejects.toThrow(/could not check out ffffffffffff into a worktree/)
    expect(execFileSync('ls', [temp], { encoding: 'utf8' })).toBe('')
    expect(await listWorktrees(dir)).toHaveLength(1)
  })
})

describe('parseWorktreeList()', () => {
  it('reads path, commit, branch and detached state of each entry', () => {
    const text = 'worktree /repo\nHEAD abc\nbranch refs/heads/main\n\nworktree /tmp/base\nHEAD def\ndetached\n'
    expect(parseWorktreeList(text)).toEqual([
      { path: '/repo', head: 'abc', branch: 'main', detached: false },
      { path: '/tmp/base', head: 'def', detached: true },
    ])
  })
})
