import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveReporterOptions } from '../../../src/config/reporterOptions.js'
import { loadBase } from '../../../src/pipeline/loadBase.js'
import { planBaselineUpdate } from '../../../src/stores/baseline/index.js'
import { environment, record, repoWithCommits } from '../stores/fixtures.js'

async function repoWithBaseline(): Promise<string> {
  const cwd = await repoWithCommits(1)
  const file = planBaselineUpdate(
    undefined,
    [record('test/a.test.ts', 'suite > case', 'parse', 2)],
    { git: {}, environment, now: new Date(0) },
    { prune: false, ranFiles: [], skippedTests: [] },
  )
  await writeFile(join(cwd, 'perf-baseline.json'), JSON.stringify(file))
  return cwd
}

describe('loadBase()', () => {
  it('reads the baseline file when no base ref is given', async () => {
    const rootDir = await repoWithBaseline()
    const loaded = await loadBase({ rootDir, options: resolveReporterOptions({}, 'test'), history: [], ci: true })
    expect(loaded.source).toEqual({ source: 'file', path: 'perf-baseline.json' })
    expect([...loaded.bases.keys()]).toEqual(['test/a.test.ts > suite > case > parse'])
    expect(loaded.failure).toBeUndefined()
  })

  it('in CI, falls back to the baseline file when the base ref cannot be resolved, saying so', async () => {
    const rootDir = await repoWithBaseline()
    const loaded = await loadBase({ rootDir, options: resolveReporterOptions({ base: 'mian' }, 'test'), history: [], ci: true })
    expect(loaded.source?.source).toBe('file')
    expect(loaded.bases.size).toBe(1)
    expect(loaded.notes.join('\n')).toContain('The base ref "mian" could not be resolved in git')
    expect(loaded.notes.join('\n')).toContain('Compared with the baseline file perf-baseline.json instead.')
  })

  it('in CI without a baseline file, fails with the reason and the fix instead of passing everything as new', async () => {
    const rootDir = await repoWithCommits(2)
    const loaded = await loadBase({ rootDir, options: resolveReporterOptions({ base: 'HEAD~1' }, 'test'), history: [], ci: true })
    expect(loaded.failure?.code).toBe('E_BASE')
    expect(loaded.failure?.problem).toContain('No recorded runs of the base ref "HEAD~1"')
    expect(loaded.failure?.fix).toContain('git fetch origin <ref>')
  })

  it('outside CI, warns loudly and compares with nothing', async () => {
    const rootDir = await repoWithBaseline()
    const loaded = await loadBase({ rootDir, options: resolveReporterOptions({ base: 'no-such-ref' }, 'test'), history: [], ci: false })
    expect(loaded.failure).toBeUndefined()
    expect(loaded.bases.size).toBe(0)
    expect(loaded.notes.join('\n')).toMatch(/^WARNING: The base ref "no-such-ref" could not be resolved/m)
  })
})
