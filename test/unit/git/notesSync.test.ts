import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fetchNotes, pushNotes } from '../../../src/git/notesSync.js'
import { git, repoWithCommits, tempDir } from '../stores/fixtures.js'

/** A bare "origin" with one commit, and `count` clones of it (each a CI job). */
async function originWithClones(count: number): Promise<{ origin: string; clones: string[]; commit: string }> {
  const source = await repoWithCommits(1)
  const origin = join(await tempDir(), 'origin.git')
  execFileSync('git', ['clone', '-q', '--bare', source, origin])
  const clones: string[] = []
  for (let i = 0; i < count; i++) {
    const clone = join(await tempDir(), `job${i}`)
    execFileSync('git', ['clone', '-q', origin, clone])
    clones.push(clone)
  }
  return { origin, clones, commit: git(source, 'rev-parse', 'HEAD') }
}

const addRun = (cwd: string, commit: string, line: string): string =>
  git(cwd, '-c', 'user.name=t', '-c', 'user.email=t@t', 'notes', '--ref=perf-sentinel', 'append', '-m', line, commit)
const notesOf = (cwd: string, commit: string): string[] =>
  git(cwd, 'notes', '--ref=perf-sentinel', 'show', commit).split('\n').filter(Boolean).sort()

describe('pushNotes() / fetchNotes()', () => {
  it('loses no run when two jobs push notes to one bare repository at the same time', async () => {
    const { origin, clones, commit } = await originWithClones(3)
    const [a, b, reader] = clones as [string, string, string]
    addRun(a, commit, '{"run":"job A"}')
    addRun(b, commit, '{"run":"job B"}')
    const said = await Promise.all([pushNotes({ cwd: a }), pushNotes({ cwd: b })])
    expect(said.every((line) => line.startsWith('Pushed refs/notes/perf-sentinel to origin'))).toBe(true)
    expect(notesOf(origin, commit)).toEqual(['{"run":"job A"}', '{"run":"job B"}'])

    // A third job fetches both, keeps its own unpushed run, and pushes all three.
    addRun(reader, commit, '{"run":"job C"}')
    expect(await fetchNotes({ cwd: reader })).toContain('merged it with the local runs')
    expect(notesOf(reader, commit)).toEqual(['{"run":"job A"}', '{"run":"job B"}', '{"run":"job C"}'])
    await pushNotes({ cwd: reader })
    expect(notesOf(origin, commit)).toEqual(['{"run":"job A"}', '{"run":"job B"}', '{"run":"job C"}'])
  })

  it('says there is nothing to do without notes on either side', async () => {
    const { clones } = await originWithClones(1)
    const [job] = clones as [string]
    expect(await fetchNotes({ cwd: job })).toBe('origin has no perf-sentinel notes yet: nothing to fetch.')
    expect(await pushNotes({ cwd: job })).toBe('No local perf-sentinel notes: nothing to push.')
  })

  it('fails with the fix when the remote does not exist', async () => {
    const { clones } = await originWithClones(1)
    const error = await fetchNotes({ cwd: clones[0] as string, remote: 'nowhere' }).catch((e: unknown) => e)
    expect((error as Error).message).toContain('Could not fetch refs/notes/perf-sentinel from nowhere')
    expect((error as Error).message).toContain('Fix: check that the remote "nowhere" exists')
  })
})
