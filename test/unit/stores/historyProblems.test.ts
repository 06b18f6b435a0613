import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readRuns } from '../../../src/stores/history/index.js'
import { LISTED_PROBLEMS_MAX, summarizeProblems } from '../../../src/stores/history/summarizeProblems.js'
import { tempDir } from './fixtures.js'

/** `count` run files that are not JSON, named as real run files are. */
async function corruptHistory(count: number): Promise<string> {
  const dir = join(await tempDir(), 'history')
  await mkdir(dir, { recursive: true })
  for (let i = 0; i < count; i++) {
    const stamp = `20261130T${String(100000000 + i).padStart(9, '0')}Z`
    await writeFile(join(dir, `${stamp}-nocommit-1-${i.toString(16).padStart(8, '0')}.json`), '{ torn')
  }
  return dir
}

describe('unreadable history files', () => {
  it('300 of them give one summary line: how many, where, the first and its fix', async () => {
    const dir = await corruptHistory(300)
    const { runs, problems } = await readRuns(dir)
    expect(runs).toEqual([])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(
      new RegExp(`^skipped 300 unusable history files in ${dir}; the first: ${dir}/\\S+\\.json: it is not valid JSON`),
    )
    expect(problems[0]).toContain('\nFix: fix or delete it')
  })

  it(`up to ${LISTED_PROBLEMS_MAX} are still listed one by one`, async () => {
    const { problems } = await readRuns(await corruptHistory(LISTED_PROBLEMS_MAX))
    expect(problems).toHaveLength(LISTED_PROBLEMS_MAX)
    for (const problem of problems) expect(problem).toMatch(/^skipped history file .*: it is not valid JSON/)
  })

  it('summarises git notes lines the same way', () => {
    const lines = Array.from(
      { length: 5 },
      (_, i) => `skipped a line in git notes perf-sentinel: it is not valid JSON (${i}…)\nFix: remove the line`,
    )
    expect(summarizeProblems(lines, 'lines in git notes perf-sentinel')).toEqual([
      'skipped 5 unusable lines in git notes perf-sentinel; the first: a line in git notes perf-sentinel: it is not valid JSON (0…)\nFix: remove the line',
    ])
  })
})
