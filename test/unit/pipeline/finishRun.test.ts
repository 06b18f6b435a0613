import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveReporterOptions } from '../../../src/config/reporterOptions.js'
import { isPerfSentinelError } from '../../../src/errors.js'
import type { MeasurementRecord } from '../../../src/model/types.js'
import type { FinishRunInput } from '../../../src/pipeline/finishRun.js'
import { finishRun } from '../../../src/pipeline/finishRun.js'
import { renderers } from '../../../reporters/render/index.js'
import type { RunPrefetch } from '../../../src/pipeline/prefetch.js'
import type { WatchConfirmations } from '../../../src/pipeline/watchRuns.js'
import { readGitInfo } from '../../../src/git/git.js'
import { testDurationRecord } from '../../../src/record/testDurationRecord.js'
import type { BaselineFile } from '../../../src/stores/baseline/index.js'
import { record, repoWithCommits } from '../stores/fixtures.js'

const FILE = 'test/a.test.ts'
const ID = `${FILE} > suite > case > parse`

function input(rootDir: string, records: MeasurementRecord[], rest: Partial<FinishRunInput> = {}): FinishRunInput {
  return {
    runner: { name: 'vitest', version: '4.1.12' },
    rootDir,
    startedAt: new Date('2026-01-01T00:00:00Z'),
    records,
    ranFiles: [FILE],
    options: resolveReporterOptions({ terminal: true }, 'test'),
    updateRequested: false,
    // A confirmation re-run that measures the same as this run (tests below replace it).
    rerun: async () => ({ records }),
    ...rest,
  }
}

const quiet = { annotate: (): void => undefined, progress: (): void => undefined }
const readBaselineFile = async (dir: string): Promise<BaselineFile> =>
  JSON.parse(await readFile(join(dir, 'perf-baseline.json'), 'utf8')) as BaselineFile

describe('finishRun()', () => {
  it('reads the full history only for gated measurements (or a base ref): test durations take the newest runs', async () => {
    const rootDir = await repoWithCommits(1)
    const duration = testDurationRecord(FILE, 'suite > case', 3)
    const prefetchFor = (asked: string[]): RunPrefetch => ({
      git: readGitInfo({ cwd: rootDir, env: {} }),
      recentHistory: Promise.resolve({ runs: [], problems: [] }),
      history: () => {
        asked.push('full')
        return Promise.resolve({ runs: [], problems: [] })
      },
    })
    const onlyDurations: string[] = []
    await finishRun(input(rootDir, [duration], { prefetch: prefetchFor(onlyDurations) }), { ...quiet, env: {} })
    expect(onlyDurations).toEqual([])
    const measured: string[] = []
    await finishRun(input(rootDir, [duration, record(FILE, 'suite > case', 'parse', 2)], { prefetch: prefetchFor(measured) }), {
      ...quiet,
      env: {},
    })
    expect(measured).toEqual(['full'])
    const withBase: string[] = []
    await finishRun(input(rootDir, [duration], { prefetch: prefetchFor(withBase) }), { ...quiet, env: { PERF_SENTINEL_BASE: 'HEAD' } })
    expect(withBase).toEqual(['full'])
  })

  it('says in report.json and its notes when the measurements ran at a time factor, or the factor was invalid', async () => {
    const rootDir = await repoWithCommits(1)
    const scaled = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), {
      ...quiet,
      env: { CI: 'true', PERF_SENTINEL_TIME_SCALE: '0.25' },
    })
    expect(scaled.report.run.timeScale).toBe(0.25)
    expect(scaled.report.run.notes).toContain(
      'Every measurement ran for 0.25 × its time (PERF_SENTINEL_TIME_SCALE): fewer samples than the tests ask for, compared with a baseline that may have had more.',
    )
    const invalid = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), {
      ...quiet,
      env: { CI: 'true', PERF_SENTINEL_TIME_SCALE: 'fast' },
    })
    expect(invalid.report.run.timeScale).toBeUndefined()
    expect(invalid.report.run.notes).toContain('PERF_SENTINEL_TIME_SCALE="fast" is not a number in (0, 1]: every measurement failed.')
    const plain = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: { CI: 'true' } })
    expect(plain.report.run.timeScale).toBeUndefined()
    expect(plain.report.run.notes.join('\n')).not.toContain('PERF_SENTINEL_TIME_SCALE')
  })

  it('records a baseline outside CI, writes the three reports and a history run', async () => {
    const rootDir = await repoWithCommits(1)
    const outcome = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    expect(outcome.failures).toEqual([])
    expect(outcome.written).toEqual(['perf-report/report.json', 'perf-report/report.md', 'perf-report/report.html'])
    const baseline = await readBaselineFile(rootDir)
    expect(Object.keys(baseline.entries)).toEqual([ID])
    // From 5 runner processes (the default baselineRuns): this run and 4 re-runs of its test file.
    expect(baseline.entries[ID]?.processMediansMs).toEqual([2, 2, 2, 2, 2])
    expect(outcome.report.run.notes).toContain('Baseline perf-baseline.json: 1 new measurement(s) recorded from 5 runner process(es).')
    expect(outcome.terminal).toContain('1 measurement(s): 1 new')
    // This run ends its trend at the time its history entry carries: the run's start.
    const lastRun = outcome.report.measurements[0]?.trend?.runs.at(-1)
    expect(outcome.report.trendRuns[lastRun ?? -1]?.time).toBe('2026-01-01T00:00:00.000Z')
  })

  it('records a new baseline from `baselineRuns` processes: each re-run of the files adds its median, and says so first', async () => {
    const rootDir = await repoWithCommits(1)
    const medians = [3, 2.5, 4]
    const rerunFiles: string[][] = []
    const progress: string[] = []
    const outcome = await finishRun(
      input(rootDir, [record(FILE, 'suite > case', 'parse', 2), record('test/b.test.ts', 'suite > case', 'other', 1)], {
        options: resolveReporterOptions({ baselineRuns: 4 }, 'test'),
        rerun: async (files) => {
          rerunFiles.push([...files])
          const ms = medians[rerunFiles.length - 1] as number
          return { records: [record(FILE, 'suite > case', 'parse', ms), record('test/b.test.ts', 'suite > case', 'other', ms / 2)] }
        },
      }),
      { ...quiet, env: {}, progress: (line) => progress.push(line) },
    )
    expect(outcome.failures).toEqual([])
    expect(rerunFiles).toEqual([
      [FILE, 'test/b.test.ts'],
      [FILE, 'test/b.test.ts'],
      [FILE, 'test/b.test.ts'],
    ])
    expect(progress).toEqual(['perf-sentinel: recording the baseline from 4 runner processes: re-running 2 test file(s) 3 more time(s)…'])
    const entry = (await readBaselineFile(rootDir)).entries[ID]
    expect(entry?.processMediansMs).toEqual([2, 3, 2.5, 4])
    // The samples kept are the most typical process's (closest to the median of the process medians).
    expect([2.5, 3]).toContain(entry?.stats.medianMs)
    // A later run compares with all four: the report says so, and does not call the baseline single-process.
    const later = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)], { ranFiles: [FILE] }), {
      ...quiet,
      env: { CI: 'true' },
    })
    expect(later.report.measurements.find((m) => m.id === ID)?.comparison?.baselineProcesses).toBe(4)
    expect(later.report.run.notes.join('\n')).not.toContain('single runner process')
  })

  it('keeps the processes recorded before a failing re-run, saying why the baseline has fewer; baselineRuns 1 re-runs nothing', async () => {
    const rootDir = await repoWithCommits(1)
    let reruns = 0
    const outcome = await finishRun(
      input(rootDir, [record(FILE, 'suite > case', 'parse', 2)], {
        rerun: async () =>
          ++reruns === 2
            ? { problem: 'the re-run (exit 1) wrote no measurements' }
            : { records: [record(FILE, 'suite > case', 'parse', 3)] },
      }),
      { ...quiet, env: {} },
    )
    expect(outcome.failures).toEqual([])
    expect(reruns).toBe(2)
    expect((await readBaselineFile(rootDir)).entries[ID]?.processMediansMs).toEqual([2, 3])
    expect(outcome.report.run.notes).toContain(
      'Baseline perf-baseline.json: 1 new measurement(s) recorded from 2 runner process(es) (not 5: re-run 2 of 4 failed: the re-run (exit 1) wrote no measurements).',
    )

    // A re-run that measured none of them is no process of theirs: the baseline says it has fewer.
    const empty = await repoWithCommits(1)
    await finishRun(input(empty, [record(FILE, 'suite > case', 'parse', 2)], { rerun: async () => ({ records: [] }) }), {
      ...quiet,
      env: {},
    })
    expect((await readBaselineFile(empty)).entries[ID]?.processMediansMs).toBeUndefined()

    // A run that cannot re-run (Vitest --merge-reports) records from itself and says so.
    const merged = await repoWithCommits(1)
    const mergedRun = await finishRun(input(merged, [record(FILE, 'suite > case', 'parse', 2)], { rerun: undefined }), {
      ...quiet,
      env: {},
    })
    expect(mergedRun.report.run.notes).toContain(
      'Baseline perf-baseline.json: 1 new measurement(s) recorded from 1 runner process (this run cannot re-run its test files, e.g. --merge-reports).',
    )

    const single = await repoWithCommits(1)
    let none = 0
    await finishRun(
      input(single, [record(FILE, 'suite > case', 'parse', 2)], {
        options: resolveReporterOptions({ baselineRuns: 1 }, 'test'),
        rerun: async () => (none++, { records: [] }),
      }),
      { ...quiet, env: {} },
    )
    expect(none).toBe(0)
    expect((await readBaselineFile(single)).entries[ID]?.processMediansMs).toBeUndefined()
  })

  it('`baseline update --runs 3`: each run is one process of the baseline, re-running nothing itself', async () => {
    const rootDir = await repoWithCommits(1)
    let reruns = 0
    for (const [process, ms] of [
      ['1/3', 2],
      ['2/3', 3],
      ['3/3', 2.5],
    ] as const) {
      await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', ms)], { rerun: async () => (reruns++, { records: [] }) }), {
        ...quiet,
        env: { PERF_SENTINEL_UPDATE: '1', PERF_SENTINEL_BASELINE_PROCESS: process },
      })
    }
    expect(reruns).toBe(0)
    expect((await readBaselineFile(rootDir)).entries[ID]?.processMediansMs).toEqual([2, 3, 2.5])
  })

  it('fails a 3× slower run in CI with one regression error, and writes no baseline', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const outcome = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 6)]), { ...quiet, env: { CI: 'true' } })
    expect(outcome.failures.map((f) => (isPerfSentinelError(f) ? f.code : f.message))).toEqual(['E_REGRESSION'])
    expect(outcome.report.summary.byVerdict.regressed).toBe(1)
    expect((await readBaselineFile(rootDir)).entries[ID]?.stats.medianMs).toBe(2)
  })

  it('confirms a regression with 5 re-runs (the default) before failing, and says so', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const rerunFiles: string[][] = []
    const slow = [record(FILE, 'suite > case', 'parse', 6)]
    const outcome = await finishRun(input(rootDir, slow, { rerun: async (files) => (rerunFiles.push([...files]), { records: slow }) }), {
      ...quiet,
      env: { CI: 'true' },
    })
    expect(rerunFiles).toEqual([[FILE], [FILE], [FILE], [FILE], [FILE]])
    expect(outcome.failures).toHaveLength(1)
    expect(outcome.report.measurements[0]?.comparison?.confirmation).toMatchObject({
      confirmed: true,
      how: 'the test file re-run in 5 fresh runner processes, one after another',
    })
    expect(outcome.report.run.notes).toContain(
      'Confirmation: 1 of 1 regression(s) confirmed by up to 5 re-runs, each in a fresh runner process.',
    )
  })

  it('watch mode: a regression confirmed earlier in the session is not re-run on the next save; forgotten once it is gone', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const watchConfirmations: WatchConfirmations = new Map()
    let reruns = 0
    const save = async (ms: number) => {
      const records = [record(FILE, 'suite > case', 'parse', ms)]
      return finishRun(input(rootDir, records, { watchConfirmations, rerun: async () => (reruns++, { records }) }), { ...quiet, env: {} })
    }
    const first = await save(6)
    expect([reruns, first.failures.length]).toEqual([5, 1])
    const second = await save(6)
    expect([reruns, second.failures.length]).toEqual([5, 1])
    expect(second.report.measurements[0]?.comparison?.confirmation).toMatchObject({
      confirmed: true,
      how: 'the test file re-run in 5 fresh runner processes, one after another, earlier in this watch session (not re-run for this change; a run without watch re-measures)',
    })
    expect(second.report.run.notes).toContain('1 regression(s) confirmed earlier in this watch session: not re-run for this change.')
    // Fixed: no longer a regression, and forgotten; the next slowdown is confirmed afresh.
    const fixed = await save(2)
    expect([reruns, fixed.failures.length]).toEqual([5, 0])
    expect(watchConfirmations.size).toBe(0)
    await save(6)
    expect(reruns).toBe(10)
  })

  it('an update run (-u) accepts a regression without confirmation re-runs: only the baseline’s processes re-run', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    let reruns = 0
    const slow = [record(FILE, 'suite > case', 'parse', 6)]
    const outcome = await finishRun(input(rootDir, slow, { updateRequested: true, rerun: async () => (reruns++, { records: slow }) }), {
      ...quiet,
      env: { CI: 'true' },
    })
    expect(outcome.failures).toEqual([])
    // baselineRuns 5: this run and 4 re-runs; no confirmation (5 more) before them.
    expect(reruns).toBe(4)
    expect(outcome.report.measurements[0]?.comparison?.confirmation).toBeUndefined()
    expect(outcome.report.run.notes.join('\n')).not.toContain('Confirmation:')
    expect(outcome.report.run.notes.join('\n')).toContain(`Accepted by the baseline update: ${ID}`)
    expect((await readBaselineFile(rootDir)).entries[ID]?.stats.medianMs).toBe(6)
    // The reports' headings agree with their tables (was: "no regression" above "🔴 Regressed (1)").
    expect(outcome.report.summary).toMatchObject({ failed: false, accepted: 1 })
    const markdown = renderers.markdown.render(outcome.report, {})
    expect(markdown).toContain('## ⏱️ perf-sentinel: 1 regression(s) accepted as the new baseline')
    expect(markdown).toContain('Regressed, accepted by the baseline update (1)')
    expect(renderers.html.render(outcome.report, {})).toContain('1 regression accepted as the new baseline')
  })

  it('confirms with one re-run when `confirm: 1`, and fails at once with `confirm: 0`', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const slow = [record(FILE, 'suite > case', 'parse', 6)]
    let reruns = 0
    const rerun = async () => (reruns++, { records: slow })
    const once = await finishRun(input(rootDir, slow, { rerun, options: resolveReporterOptions({ confirm: 1 }, 'test') }), {
      ...quiet,
      env: { CI: 'true' },
    })
    expect(reruns).toBe(1)
    expect(once.report.measurements[0]?.comparison?.confirmation).toMatchObject({
      confirmed: true,
      how: 'the test file re-run in a fresh runner process',
    })
    const off = await finishRun(input(rootDir, slow, { rerun, options: resolveReporterOptions({ confirm: 0 }, 'test') }), {
      ...quiet,
      env: { CI: 'true' },
    })
    expect(reruns).toBe(1)
    expect(off.failures).toHaveLength(1)
    expect(off.report.measurements[0]?.comparison?.confirmation).toBeUndefined()
  })

  it('does not fail on a candidate the re-run does not reproduce: it becomes inconclusive', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const steady = [record(FILE, 'suite > case', 'parse', 2)]
    let reruns = 0
    const outcome = await finishRun(
      input(rootDir, [record(FILE, 'suite > case', 'parse', 6)], { rerun: async () => (reruns++, { records: steady }) }),
      { ...quiet, env: { CI: 'true' } },
    )
    expect(outcome.failures).toEqual([])
    // Dropped after the first re-run that did not reproduce it: no further re-runs.
    expect(reruns).toBe(1)
    const c = outcome.report.measurements[0]?.comparison
    expect(c?.verdict).toBe('inconclusive')
    expect(c?.reason).toMatch(
      /^Not confirmed: \+200\.0% in this run, but re-run 1 of up to 5 \(the test file in a fresh runner process\) measured /,
    )
    expect(c?.confirmation?.confirmed).toBe(false)
  })

  it('fails a candidate the re-run ran without producing (wrong folder, filtered out) as unconfirmed, never passing it', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const slow = [record(FILE, 'suite > case', 'parse', 6)]
    // The first re-run agrees, the second runs no test of the file.
    const answers = [slow, [record('test/other.test.ts', 'suite > case', 'other', 1)]]
    let reruns = 0
    const outcome = await finishRun(input(rootDir, slow, { rerun: async () => ({ records: answers[reruns++] ?? [] }) }), {
      ...quiet,
      env: { CI: 'true' },
    })
    expect(reruns).toBe(2)
    const c = outcome.report.measurements[0]?.comparison
    expect(c?.verdict).toBe('regressed')
    expect(c?.confirmation).toEqual({
      confirmed: false,
      how: 'not re-measured after 1 agreeing re-run(s): re-run 2 ran the test file without producing it',
    })
    expect(outcome.failures.map((f) => (isPerfSentinelError(f) ? f.code : f.message))).toEqual(['E_REGRESSION'])
    expect(outcome.report.run.notes).toContain(
      'Confirmation: 0 of 1 regression(s) confirmed by up to 5 re-runs, each in a fresh runner process; 1 not measured by a re-run, failing unconfirmed.',
    )
  })

  it('drops a candidate that only the last re-run does not reproduce, keeping the smallest agreeing change of the others', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2), record('test/b.test.ts', 'suite > case', 'other', 2)]), {
      ...quiet,
      env: {},
    })
    const slowBoth = [record(FILE, 'suite > case', 'parse', 6), record('test/b.test.ts', 'suite > case', 'other', 6)]
    // Re-runs 1 and 2: both still 3× (then 2.5×); re-run 3: `parse` is back to normal, `other` still slower.
    const answers = [slowBoth, [record(FILE, 'suite > case', 'parse', 5), record('test/b.test.ts', 'suite > case', 'other', 5)]]
    const rerunFiles: string[][] = []
    const rerun = async (files: readonly string[]) => {
      rerunFiles.push([...files].sort())
      const round = answers[rerunFiles.length - 1] ?? [
        record(FILE, 'suite > case', 'parse', 2),
        record('test/b.test.ts', 'suite > case', 'other', 6),
      ]
      return { records: round }
    }
    const options = resolveReporterOptions({ confirm: 3 }, 'test')
    const outcome = await finishRun(input(rootDir, slowBoth, { rerun, ranFiles: [FILE, 'test/b.test.ts'], options }), {
      ...quiet,
      env: { CI: 'true' },
    })
    expect(rerunFiles).toEqual([
      ['test/a.test.ts', 'test/b.test.ts'],
      ['test/a.test.ts', 'test/b.test.ts'],
      ['test/a.test.ts', 'test/b.test.ts'],
    ])
    const byName = Object.fromEntries(outcome.report.measurements.map((m) => [m.name, m.comparison]))
    expect(byName.parse?.verdict).toBe('inconclusive')
    expect(byName.parse?.reason).toMatch(/but re-run 3 of up to 3 \(the test file in a fresh runner process\) measured \+0\.0%/)
    expect(byName.other?.verdict).toBe('regressed')
    expect(byName.other?.confirmation).toMatchObject({ confirmed: true, changePercent: 150 })
    expect(outcome.failures).toHaveLength(1)
  })

  it('holds a +50% change against a one-session baseline as inconclusive (session floor) without re-running; `sessionFloorPercent: 0` fails it', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const slower = [record(FILE, 'suite > case', 'parse', 3)]
    let reruns = 0
    const rerun = async () => (reruns++, { records: slower })
    const held = await finishRun(input(rootDir, slower, { rerun }), { ...quiet, env: { CI: 'true' } })
    expect(held.failures).toEqual([])
    expect(reruns).toBe(0)
    const c = held.report.measurements[0]?.comparison
    expect(c?.verdict).toBe('inconclusive')
    expect(c?.reason).toMatch(/^Slower by \+50\.0%, but within the \+75\.0% a whole machine can drift between sessions/)
    expect(held.report.run.notes).toContain(
      '1 regression(s) within the session floor (+75.0%) are inconclusive: a baseline recorded in one session cannot rule out a machine-wide slow phase (sessionFloorPercent; perf-sentinel compare gates smaller changes).',
    )

    // A fresh project: the held run above is history at the baseline's commit now, and widens its noise floor.
    const fresh = await repoWithCommits(1)
    await finishRun(input(fresh, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const strict = await finishRun(input(fresh, slower, { rerun, options: resolveReporterOptions({ sessionFloorPercent: 0 }, 'test') }), {
      ...quiet,
      env: { CI: 'true' },
    })
    expect(reruns).toBe(5)
    expect(strict.failures).toHaveLength(1)
    expect(strict.report.measurements[0]?.comparison?.verdict).toBe('regressed')
  })

  it('holds a candidate whose confirmed change is within the session floor, and fails one beyond it', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    // +150% in this run, +40% in every re-run: the confirmed change is +40%.
    const held = await finishRun(
      input(rootDir, [record(FILE, 'suite > case', 'parse', 5)], {
        rerun: async () => ({ records: [record(FILE, 'suite > case', 'parse', 2.8)] }),
      }),
      { ...quiet, env: { CI: 'true' } },
    )
    expect(held.failures).toEqual([])
    const c = held.report.measurements[0]?.comparison
    expect(c?.verdict).toBe('inconclusive')
    expect(c?.reason).toMatch(
      /^Slower by \+40\.0%, confirmed by the test file re-run in 5 fresh runner processes, one after another, but within/,
    )
    // +150% in the run and in every re-run: beyond 2×, it fails.
    const slow = [record(FILE, 'suite > case', 'parse', 5)]
    const failed = await finishRun(input(rootDir, slow, { rerun: async () => ({ records: slow }) }), { ...quiet, env: { CI: 'true' } })
    expect(failed.failures).toHaveLength(1)
    expect(failed.report.measurements[0]?.comparison?.verdict).toBe('regressed')
  })

  it('pays nothing for confirmation when nothing regressed', async () => {
    const rootDir = await repoWithCommits(1)
    let reruns = 0
    const rerun = async () => (reruns++, { records: [] })
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)], { rerun }), { ...quiet, env: { CI: 'true' } })
    expect(reruns).toBe(0)
  })

  it('accepts the slowdown on an update run (-u): passes, rewrites the baseline and says old → new', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const outcome = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 6)], { updateRequested: true }), {
      ...quiet,
      env: { CI: 'true' },
    })
    expect(outcome.failures).toEqual([])
    expect(outcome.report.run.notes).toContain(`Accepted by the baseline update: ${ID} 2.00 ms → 6.00 ms (+200.0%).`)
    expect((await readBaselineFile(rootDir)).entries[ID]?.stats.medianMs).toBe(6)
  })

  it("never writes a failed test's measurements to the baseline", async () => {
    const rootDir = await repoWithCommits(1)
    const records = [record(FILE, 'suite > case', 'parse', 2), record(FILE, 'suite > broken', 'parse', 2)]
    const outcome = await finishRun(input(rootDir, records, { failedTests: [`${FILE} > suite > broken`] }), { ...quiet, env: {} })
    expect(Object.keys((await readBaselineFile(rootDir)).entries)).toEqual([ID])
    expect(outcome.report.run.notes).toContain('1 measurement(s) of failed tests are reported but never written to the baseline.')
    expect(outcome.report.measurements.map((m) => m.testName).sort()).toEqual(['suite > broken', 'suite > case'])
  })

  it("keeps a failed test's baseline entries on an update, and does not call what it never reached removed", async () => {
    const rootDir = await repoWithCommits(1)
    const broken = (name: string, ms: number) => record(FILE, 'suite > broken', name, ms)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2), broken('first', 2), broken('second', 2)]), {
      ...quiet,
      env: {},
    })
    // The test now fails between its two measurements: 'second' never runs, 'first' reads 6 ms.
    const outcome = await finishRun(
      input(rootDir, [record(FILE, 'suite > case', 'parse', 3), broken('first', 6)], {
        updateRequested: true,
        failedTests: [`${FILE} > suite > broken`],
      }),
      { ...quiet, env: {} },
    )
    const entries = (await readBaselineFile(rootDir)).entries
    expect(Object.keys(entries).sort()).toEqual([ID, `${FILE} > suite > broken > first`, `${FILE} > suite > broken > second`].sort())
    expect(entries[ID]?.stats.medianMs).toBe(3)
    expect(entries[`${FILE} > suite > broken > first`]?.stats.medianMs).toBe(2)
    expect(outcome.report.removed).toEqual([])
  })

  it('prints GitHub annotations under GitHub Actions, one error per regression, on the line of the test', async () => {
    const rootDir = await repoWithCommits(1)
    await mkdir(join(rootDir, 'test'), { recursive: true })
    await writeFile(join(rootDir, FILE), "describe('suite', () => {\n  it('case', () => {\n    measure('parse', parse)\n  })\n})\n")
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const lines: string[] = []
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 6)]), {
      env: { CI: 'true', GITHUB_ACTIONS: 'true' },
      annotate: (l) => lines.push(l),
    })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^::error file=test\/a.test.ts,line=2,title=Performance regression::Performance regression: test\/a.test.ts > suite > case > parse is \+200\.0%25 slower, 99%25 interval/,
    )
  })

  it('writes nothing outside the project root unless told to, and says so', async () => {
    const rootDir = await repoWithCommits(1)
    const options = resolveReporterOptions({ outputDir: '../outside', history: '../history' }, 'test')
    const outcome = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)], { options }), { ...quiet, env: {} })
    expect(outcome.written).toEqual([])
    expect(outcome.failures.map((f) => f.message.split('\n')[0])).toEqual([
      `outputDir "../outside" is outside the project root ${rootDir}, so perf-sentinel wrote nothing there`,
      `history "../history" is outside the project root ${rootDir}, so perf-sentinel wrote nothing there`,
    ])
    const allowed = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)], { options }), {
      ...quiet,
      env: { PERF_SENTINEL_ALLOW_OUTSIDE_ROOT: '1' },
    })
    expect(allowed.written).toContain('../outside/report.json')
  })

  it("leaves a report.md of the user's alone when pointed at its folder", async () => {
    const rootDir = await repoWithCommits(1)
    await writeFile(join(rootDir, 'report.md'), '# My own notes\n')
    const options = resolveReporterOptions({ outputDir: '.' }, 'test')
    const outcome = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)], { options }), { ...quiet, env: {} })
    expect(await readFile(join(rootDir, 'report.md'), 'utf8')).toBe('# My own notes\n')
    expect(outcome.written).toEqual(['report.json', 'report.html'])
    expect(outcome.failures[0]?.message).toContain('report.md exists and was not written by perf-sentinel, so it was left alone')
  })

  it('leaves out what the config excludes, and gates a measurement by its own threshold override', async () => {
    const rootDir = await repoWithCommits(1)
    const records = (parseMs: number, otherMs: number) => [
      record(FILE, 'suite > case', 'parse', parseMs),
      record(FILE, 'suite > case', 'other', otherMs),
      record(FILE, 'suite > case', 'skip me', 1),
    ]
    const options = {
      ...resolveReporterOptions({}, 'test'),
      include: [],
      exclude: ['skip*'],
      thresholds: { 'parse*': { failThresholdPercent: 500 } },
    }
    await finishRun(input(rootDir, records(2, 2), { options }), { ...quiet, env: {} })
    expect(Object.keys((await readBaselineFile(rootDir)).entries).sort()).toEqual([`${FILE} > suite > case > other`, ID])
    // Both 3x slower: "other" fails at the default +10%, "parse" passes under its own +500% gate.
    const outcome = await finishRun(input(rootDir, records(6, 6), { options }), { ...quiet, env: { CI: 'true' } })
    expect(outcome.report.measurements.map((m) => [m.name, m.comparison?.verdict])).toEqual([
      ['other', 'regressed'],
      ['parse', 'unchanged'],
    ])
  })

  it('sends an alert for a confirmed regression to the file notifier, once per key across runs', async () => {
    const rootDir = await repoWithCommits(1)
    await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 2)]), { ...quiet, env: {} })
    const env = { CI: 'true', PERF_SENTINEL_ALERT_DIR: 'alerts' }
    const first = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 6)]), { ...quiet, env })
    expect(first.report.run.notes.join('\n')).toMatch(/Alerts: 1 raised, 1 sent/)
    expect((await readdir(join(rootDir, 'alerts'))).filter((f) => f.endsWith('.md'))).toHaveLength(1)
    const second = await finishRun(input(rootDir, [record(FILE, 'suite > case', 'parse', 6)]), { ...quiet, env })
    expect(second.report.run.notes.join('\n')).toMatch(/Alerts: 1 raised, 0 sent, 1 already alerted within the window/)
    expect((await readdir(join(rootDir, 'alerts'))).filter((f) => f.endsWith('.md'))).toHaveLength(1)
  })
})
