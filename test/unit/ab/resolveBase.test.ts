import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveBase } from '../../../src/ab/resolveBase.js'

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

/** main: c1 — c2; feature (from c1): f1. Returns the repository and a commit lookup. */
function repository(): { dir: string; sha: (ref: string) => string; git: (...args: string[]) => string } {
  const dir = temp('perf-sentinel-test-repo-')
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim()
  const commit = (text: string): void => {
    writeFileSync(join(dir, 'f.txt'), text)
    git('add', '-A')
    git('commit', '-q', '-m', text)
  }
  git('init', '-q', '-b', 'main')
  commit('c1')
  git('checkout', '-q', '-b', 'feature')
  commit('f1')
  git('checkout', '-q', 'main')
  commit('c2')
  git('checkout', '-q', 'feature')
  return { dir, sha: (ref) => git('rev-parse', ref), git }
}

describe('resolveBase()', () => {
  it('takes the merge-base with the default branch when no ref is given', async () => {
    const { dir, sha } = repository()
    const base = await resolveBase(dir, {}, undefined)
    expect(base.commit).toBe(sha('main~1'))
    expect(base.ref).toBe('merge-base(main, HEAD)')
    expect(base.how).toBe(
      'merge-base of HEAD and main; default branch from the first of origin/main, origin/master, main, master that exists',
    )
  })

  it('follows the pull request target named by CI', async () => {
    const { dir, sha, git } = repository()
    git('branch', 'release', 'main~1')
    const base = await resolveBase(dir, { GITHUB_BASE_REF: 'release' }, undefined)
    expect(base).toMatchObject({ commit: sha('main~1'), ref: 'merge-base(release, HEAD)' })
    expect(base.how).toContain('GITHUB_BASE_REF')
  })

  it('compares the default branch itself with the previous commit', async () => {
    const { dir, sha, git } = repository()
    git('checkout', '-q', 'main')
    expect(await resolveBase(dir, {}, undefined)).toMatchObject({ commit: sha('main~1'), ref: 'HEAD^' })
  })

  it('takes an explicit ref as given, and names an unknown one with how to fetch it', async () => {
    const { dir, sha } = repository()
    expect(await resolveBase(dir, {}, 'main')).toEqual({ commit: sha('main'), ref: 'main', how: '--base main' })
    await expect(resolveBase(dir, {}, 'origin/nope')).rejects.toThrow(
      /the base ref "origin\/nope" is not a commit here[\s\S]*Fix: fetch it first \(git fetch origin nope\)/,
    )
  })
})
