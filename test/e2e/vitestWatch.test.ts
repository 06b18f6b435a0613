// `vitest watch` while a regression stands: the first run confirms it in fresh processes (five re-runs); a save
// afterwards re-ran all five again (~15 s per save in a review). Now the confirmation from earlier in the session is
// reused while the baseline is the same. And the banner after each run says FAIL, not PASS, while the gate fails.
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFixtureProject, toolchainNodeModules } from './fixtureProject.js'
import { baselineMedian, WATCH_ENV, watchProcess } from './watchProcess.js'

describe('vitest watch with a standing regression', () => {
  it('confirms it once, then reuses that confirmation on the next save', async () => {
    const project = createFixtureProject('vitest-regression')
    const baseline = await project.vitest(['run'], WATCH_ENV)
    expect(baseline.exitCode, baseline.output).toBe(0)
    const vitestBin = join(toolchainNodeModules('main'), 'vitest', 'vitest.mjs')
    // Through `script`: Vitest reads its watch prompt's keys (`u`) only from a terminal.
    const command = `'${process.execPath}' '${vitestBin}' watch`
    const vitest = watchProcess('script', ['-qfec', command, '/dev/null'], project.dir, { ...WATCH_ENV, PERF_FIXTURE_FACTOR: '10' })
    const banner = 'for file changes'
    try {
      await vitest.waitFor(banner, 1)
      expect(vitest.output()).toContain('Confirmation: 1 of 1 regression(s) confirmed by up to 5 re-runs')
      // The banner counts the gate's failure: before, it said PASS under a confirmed regression.
      expect(vitest.output()).toMatch(/FAIL\s+Tests failed\. Watching for file changes/)
      expect(vitest.output()).not.toContain('Waiting for file changes')
      const first = vitest.output().length
      appendFileSync(join(project.dir, 'test/parser.test.ts'), '\n// saved\n')
      await vitest.waitFor(banner, 2)
      const second = vitest.output().slice(first)
      expect(second, vitest.output()).toMatch(/FAIL\s+Tests failed\. Watching for file changes/)
      expect(second).toContain('regressed')
      expect(project.readJson<{ run: { notes: string[] } }>('perf-report/report.json').run.notes).toContain(
        '1 regression(s) confirmed earlier in this watch session: not re-run for this change.',
      )
      expect(second).not.toContain('Confirmation: 1 of 1')
      // `u` re-runs only files with failed tests (none here), yet accepts the standing perf regression as the baseline.
      const before = baselineMedian(project)
      vitest.type('u')
      await vitest.waitFor(banner, 3)
      const third = vitest.output().slice(first + second.length)
      expect(third, vitest.output()).toContain('updating the perf baseline also for 1 file(s) that regressed earlier in this watch session')
      expect(third).toMatch(/PASS\s+Waiting for file changes/)
      expect(baselineMedian(project) / before).toBeGreaterThan(4)
    } finally {
      vitest.kill()
    }
  }, 150_000)
})
