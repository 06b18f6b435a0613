import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AbReport } from '../../src/ab/abReport.js'
import type { FixtureProject, RunResult } from './fixtureProject.js'
import { commitAll, createFixtureProject, toolchainNodeModules } from './fixtureProject.js'

/**
 * `perf-sentinel compare` end to end: temp git repositories with real commits, the real CLI, real Vitest and Jest
 * processes in the head and in the base worktree. Budgets are small; the 1.5× slowdown is far past the 3% gate.
 */

interface AbProject {
  project: FixtureProject
  /** Temp folder the CLI uses (TMPDIR): the worktree and round folders live here and must be gone afterwards. */
  tempDir: string
  compare(args: string[]): Promise<RunResult>
  worktrees(): Promise<string[]>
}

/**
 * A fixture with the runner installed in its own node_modules (as npm leaves it), committed on main (after
 * `atBase` changed it), then a `feature` branch.
 */
async function abProject(fixture: string, atBase?: (project: FixtureProject) => void): Promise<AbProject> {
  const project = createFixtureProject(fixture)
  for (const runner of ['vitest', 'jest'])
    symlinkSync(join(toolchainNodeModules('main'), runner), join(project.dir, 'node_modules', runner), 'dir')
  atBase?.(project)
  await commitAll(project, 'base')
  await project.git(['checkout', '-q', '-b', 'feature'])
  const tempDir = mkdtempSync(join(tmpdir(), 'perf-sentinel-e2e-ab-'))
  const cli = join(project.dir, 'node_modules/perf-sentinel/dist/cli.js')
  return {
    project,
    tempDir,
    compare: (args) => project.run(process.execPath, [cli, 'compare', ...args], { TMPDIR: tempDir }),
    worktrees: async () =>
      (await project.git(['worktree', 'list', '--porcelain'])).stdout.split('\n').filter((l) => l.startsWith('worktree ')),
  }
}

/** What compare left in its temp folder (Jest keeps its own cache there, which is not ours to remove). */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('perf-sentinel'))
}

async function commitChange(p: AbProject, path: string, from: string | RegExp, to: string, message: string): Promise<void> {
  const text = p.project.read(path)
  const changed = text.replace(from, to)
  expect(changed).not.toBe(text)
  p.project.write(path, changed)
  await commitAll(p.project, message)
}

const runners = [
  { fixture: 'vitest-ab', work: 'src/work.js', id: 'test/work.test.ts > work > work', steady: 'test/work.test.ts > steady > steady' },
  { fixture: 'jest-ab', work: 'src/work.js', id: 'test/work.test.js > work > work', steady: 'test/work.test.js > steady > steady' },
]

for (const runner of runners) {
  describe(`${runner.fixture}: perf-sentinel compare`, () => {
    it('exits 1 naming the measurement when the head is 1.5× slower, confirmed, and removes the worktree', async () => {
      const p = await abProject(runner.fixture)
      await commitChange(p, runner.work, /FACTOR = 1$/m, 'FACTOR = 1.5', 'slower work')
      // A 120 s budget: rounds slow down on a loaded machine, and a budget spent before confirmation says inconclusive.
      const run = await p.compare(['--budget', '120s', '--max-rounds', '6'])
      expect(run.exitCode, run.output).toBe(1)
      expect(run.stderr).toContain(`Performance regression: ${runner.id} is +`)
      expect(run.stderr).toMatch(/compare: sampling round \d+ \((base|head|control), [\d.]+ s\) · \d\/2 decided · \d+:\d\d of budget left/)
      const report = p.project.readJson<AbReport>('perf-report/report.json')
      const row = report.ab.rows.find((r) => r.id === runner.id)
      expect(row?.verdict).toBe('regressed')
      expect(row?.confirmation?.confirmed).toBe(true)
      expect(row?.changePercent).toBeGreaterThan(15)
      expect(report.ab.exitCode).toBe(1)
      expect(report.ab.prepare.reuseNodeModules).toBe(true)
      // Both sides echoed the default time factor, so every round ran at it.
      expect(report.run.notes.join('\n')).toContain('Each round ran every measurement for 0.25 × its time (--time-scale)')
      expect(report.summary.failed).toBe(true)
      expect(report.measurements.find((m) => m.id === runner.id)?.comparison?.verdict).toBe('regressed')
      // The unchanged measurement never fails; a measurement-free test is not in the report.
      expect(report.ab.rows.find((r) => r.id === runner.steady)?.verdict).not.toBe('regressed')
      expect(report.ab.rows).toHaveLength(2)
      expect(p.project.read('perf-report/report.md')).toContain('### ⚖️ Same-job A/B')
      expect(p.project.read('perf-report/report.html')).toContain('id="ab-title"')
      expect(await p.worktrees()).toHaveLength(1)
      expect(leftovers(p.tempDir)).toEqual([])
    }, 300_000)

    it('exits 0 when the head changes nothing that is measured, with the base as a positional ref', async () => {
      const p = await abProject(runner.fixture)
      await commitChange(p, runner.work, 'The code under comparison', 'The (unchanged) code under comparison', 'comment only')
      const run = await p.compare(['main', '--budget', '30s'])
      expect(run.exitCode, run.output).toBe(0)
      const report = p.project.readJson<AbReport>('perf-report/report.json')
      expect(report.ab.base.ref).toBe('main')
      expect(report.ab.rows.map((r) => r.verdict)).not.toContain('regressed')
      expect(report.ab.rows.map((r) => r.id).sort()).toEqual([runner.steady, runner.id].sort())
      // The A/A control is reported; when enough rounds fit the budget it may itself call the machine unstable.
      expect(report.ab.control.kind).toMatch(/^(stable|not-judged|unstable)$/)
      expect(run.stderr).toContain('perf-sentinel compare: no confirmed regression')
      expect(await p.worktrees()).toHaveLength(1)
    }, 300_000)
  })
}

describe('perf-sentinel compare: setup errors and interruptions', () => {
  it('exits 2 with the reason in one line when the base cannot be installed', async () => {
    // The base's lockfile is a merge conflict that npm ci refuses; the head's differs, so the base needs an install.
    const p = await abProject('vitest-ab', (project) =>
      project.write('package-lock.json', '<<<<<<< HEAD\n{"name": "x"}\n=======\n>>>>>>> other\n'),
    )
    p.project.write('package-lock.json', '{"name": "fixture-vitest-ab", "lockfileVersion": 3, "packages": {}}\n')
    await commitAll(p.project, 'fixed lockfile')
    const run = await p.compare(['--base', 'main'])
    expect(run.exitCode, run.output).toBe(2)
    const reason = run.stderr.split('\n').find((line) => line.startsWith('perf-sentinel: '))
    expect(reason).toMatch(
      /^perf-sentinel: preparing the base failed: the install command `npm ci --no-audit --no-fund` exited with code \d+: .+/,
    )
    expect(run.stderr).toContain('Fix: ')
    expect(await p.worktrees()).toHaveLength(1)
    expect(leftovers(p.tempDir)).toEqual([])
  }, 120_000)

  it('reports every measurement as new when the base has no perf reporter yet (exit 0)', async () => {
    let adopted = ''
    const p = await abProject('vitest-ab', (project) => {
      adopted = project.read('vitest.config.ts')
      project.write('vitest.config.ts', "import { defineConfig } from 'vitest/config'\nexport default defineConfig({})\n")
    })
    p.project.write('vitest.config.ts', adopted)
    await commitAll(p.project, 'adopt perf-sentinel')
    const run = await p.compare(['--base', 'main'])
    expect(run.exitCode, run.output).toBe(0)
    const report = p.project.readJson<AbReport>('perf-report/report.json')
    expect(report.ab.stop).toBe('base-without-reporter')
    expect(report.ab.rows.map((r) => r.verdict)).toEqual(['new', 'new'])
    // Counted as measurements, not as single calls: two head processes each.
    expect(report.summary).toMatchObject({ total: 2, byVerdict: { new: 2 } })
    expect(run.output).toMatch(/2 measurement\(s\): 2 new/)
    expect(report.run.notes.join('\n')).toContain('perf-sentinel is not set up there')
    expect(await p.worktrees()).toHaveLength(1)
  }, 120_000)

  it('removes the worktree when interrupted with SIGINT mid-run (exit 130)', async () => {
    const p = await abProject('vitest-ab')
    await commitChange(p, 'src/work.js', 'The code under comparison', 'The (unchanged) code under comparison', 'comment only')
    const cli = join(p.project.dir, 'node_modules/perf-sentinel/dist/cli.js')
    const child = spawn(process.execPath, [cli, 'compare', '--budget', '5m'], {
      cwd: p.project.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: p.tempDir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no sampling round within 90 s:\n${stderr}`)), 90_000)
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        if (/sampling round/.test(stderr)) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
    expect(await p.worktrees()).toHaveLength(2)
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stderr).toContain('interrupted by SIGINT; the base worktree was removed')
    expect(await p.worktrees()).toHaveLength(1)
    expect(leftovers(p.tempDir)).toEqual([])
  }, 180_000)
})
