// `vitest watch` while a regression stands: the first run confirms it in fresh processes (five re-runs); a save
// afterwards re-ran all five again (~15 s per save in a review). Now the confirmation from earlier in the session is
// reused while the baseline is the same. And the banner after each run says FAIL, not PASS, while the gate fails.
import { spawn } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { createFixtureProject, toolchainNodeModules } from './fixtureProject.js'

describe('vitest watch with a standing regression', () => {
  it('confirms it once, then reuses that confirmation on the next save', async () => {
    const project = createFixtureProject('vitest-regression')
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      NO_COLOR: '1',
      PERF_SENTINEL_BASELINE_RUNS: '1',
    }
    const baseline = await project.vitest(['run'], env)
    expect(baseline.exitCode, baseline.output).toBe(0)
    const child = spawn(process.execPath, [join(toolchainNodeModules('main'), 'vitest', 'vitest.mjs'), 'watch'], {
      cwd: project.dir,
      env: { ...env, PERF_FIXTURE_FACTOR: '10' },
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const waitFor = async (count: number): Promise<void> => {
      for (let waited = 0; output.split('for file changes').length - 1 < count && waited < 90_000; waited += 200) await sleep(200)
    }
    try {
      await waitFor(1)
      expect(output).toContain('Confirmation: 1 of 1 regression(s) confirmed by up to 5 re-runs')
      // The banner counts the gate's failure: before, it said PASS under a confirmed regression.
      expect(output).toMatch(/FAIL\s+Tests failed\. Watching for file changes/)
      expect(output).not.toContain('Waiting for file changes')
      const first = output.length
      appendFileSync(join(project.dir, 'test/parser.test.ts'), '\n// saved\n')
      await waitFor(2)
      const second = output.slice(first)
      expect(second, output).toMatch(/FAIL\s+Tests failed\. Watching for file changes/)
      expect(second).toContain('regressed')
      expect(project.readJson<{ run: { notes: string[] } }>('perf-report/report.json').run.notes).toContain(
        '1 regression(s) confirmed earlier in this watch session: not re-run for this change.',
      )
      expect(second).not.toContain('Confirmation: 1 of 1')
    } finally {
      child.kill('SIGKILL')
    }
  }, 150_000)
})
