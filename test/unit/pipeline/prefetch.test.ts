import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPORTER_DEFAULTS } from '../../../src/config/reporterOptions.js'
import type { ResolvedReporterOptions } from '../../../src/config/reporterOptions.js'
import { prefetchRun } from '../../../src/pipeline/prefetch.js'
import { TEST_DURATION_TREND_RUNS } from '../../../src/pipeline/trends.js'
import { appendRun, buildHistoryRun } from '../../../src/stores/history/index.js'
import { testDurationRecord } from '../../../src/record/testDurationRecord.js'
import { environment, record, tempDir } from '../stores/fixtures.js'

const options = { ...REPORTER_DEFAULTS } as ResolvedReporterOptions
/** An unreadable segment older than every run file: a read that opens it reports it. */
const OLD_SEGMENT = 'segment-20261101T000000000Z-100-0badf00d.json.gz'

/** A project whose history holds 14 run files and, older than them, a segment that cannot be read. */
async function project(): Promise<{ root: string; dir: string; files: string[] }> {
  const root = await tempDir('perf-sentinel-prefetch-')
  const dir = join(root, options.history as string)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, OLD_SEGMENT), 'not gzip')
  const files: string[] = []
  for (let minute = 0; minute < 14; minute++) {
    const run = buildHistoryRun({
      records: [record('test/a.test.ts', 'parse', 'parse 1 KB', 2), testDurationRecord('test/a.test.ts', 'test 0', 1 + minute)],
      git: { commit: `${minute}`.padStart(40, '0'), branch: 'main', dirty: false },
      environment,
      time: new Date(Date.UTC(2026, 10, 23, 10, minute)),
      runId: `run-${minute}`,
    })
    files.push(await appendRun(dir, run))
  }
  return { root, dir, files }
}

describe('prefetchRun()', () => {
  it('reads only the newest runs until the full history is asked for, then reuses the files it read', async () => {
    const { root, files } = await project()
    const prefetch = prefetchRun(root, options, {})
    const recent = await prefetch.recentHistory
    // The newest runs test durations' trends need, oldest first; the old segment was never opened.
    expect(recent.runs.map((run) => run.runId)).toEqual(
      Array.from({ length: TEST_DURATION_TREND_RUNS }, (_, i) => `run-${14 - TEST_DURATION_TREND_RUNS + i}`),
    )
    expect(recent.problems).toEqual([])
    // The newest file is garbled after the first read: the full read does not parse it again, it has its run.
    await writeFile(files.at(-1) as string, '{ garbled')
    const full = await prefetch.history()
    expect(full.runs.map((run) => run.runId)).toEqual(Array.from({ length: 14 }, (_, i) => `run-${i}`))
    expect(full.problems).toHaveLength(1)
    expect(full.problems[0]).toContain(OLD_SEGMENT)
    // Asked again: the same read.
    expect(prefetch.history()).toBe(prefetch.history())
  })

  it('reads nothing with history off', async () => {
    const { root } = await project()
    const prefetch = prefetchRun(root, { ...options, history: false }, {})
    expect(await prefetch.recentHistory).toEqual({ runs: [], problems: [] })
    expect(await prefetch.history()).toEqual({ runs: [], problems: [] })
  })
})
