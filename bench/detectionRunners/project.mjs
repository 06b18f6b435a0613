/**
 * One benchmark project of part `detection-runners` in a temp git repository, and the runner processes run in it:
 * recording a baseline (a first run outside CI, or `perf-sentinel baseline update --runs N`) and a CI run against
 * a committed baseline. Every run gets a clean environment (no CI or update flags leak in from this machine) and a
 * fresh `.perf-sentinel/` (a CI job starts from a checkout, where the git-ignored history store does not exist).
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../lib/paths.mjs'
import { runProcess } from '../lib/runProcess.mjs'
import { planSource, writeSuite } from './suite.mjs'

const RUNNER_BIN = {
  vitest: [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run'],
  jest: [join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js')],
}
/** Fixed dates make the commits, hence the baselines' commit SHAs, the same in every re-created project. */
const GIT_DATES = { GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' }

/** Creates (or reopens, when `root` still exists) the project of `runner` with the base plan committed. */
export function openProject({ root, runner, kinds, sizes, plan, timeMs, absoluteFloorMs }) {
  if (!root || !existsSync(join(root, 'project', '.git'))) {
    root = mkdtempSync(join(tmpdir(), `bench-detection-${runner}-`))
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
    mkdirSync(join(root, 'baselines'))
    writeSuite(join(root, 'project'), { runner, kinds, sizes, plan, timeMs, absoluteFloorMs })
  }
  const dir = join(root, 'project')
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR ?? tmpdir(), NO_COLOR: '1' }
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...env, ...GIT_DATES },
    }).trim()
  if (!existsSync(join(dir, '.git'))) git('init', '-q', '-b', 'main')
  const runnerArgs = RUNNER_BIN[runner]
  const cli = join(dir, 'node_modules', 'perf-sentinel', 'dist', 'cli.js')
  const clean = () => {
    rmSync(join(dir, '.perf-sentinel'), { recursive: true, force: true })
    rmSync(join(dir, 'perf-report'), { recursive: true, force: true })
  }
  /** Checks out a branch from the base commit with `plan` (and optionally a baseline file) committed on it. */
  const commitHead = (branch, headPlan, tag, baselineFile) => {
    git('checkout', '-q', '-f', '-B', branch, 'main')
    writeFileSync(join(dir, 'src', 'plan.js'), planSource(runner, headPlan, tag))
    if (baselineFile) copyFileSync(baselineFile, join(dir, 'perf-baseline.json'))
    git('add', '-A')
    git('commit', '-q', '--allow-empty', '-m', tag)
  }
  const readReport = () => {
    const path = join(dir, 'perf-report', 'report.json')
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined
  }
  return {
    root,
    dir,
    git,
    /** Commits the base plan on main (once) and returns its SHA. */
    commitBase() {
      if (git('rev-list', '--all', '--count') === '0') {
        git('add', '-A')
        git('commit', '-q', '-m', 'base')
      }
      return git('rev-parse', 'main')
    },
    /** One runner process, CI or not, with extra env; returns wall time, exit code, load average and the report. */
    async run({ ci, extraEnv = {} }) {
      clean()
      const load1m = loadavg()[0]
      const result = await runProcess(process.execPath, runnerArgs, {
        cwd: dir,
        env: { ...env, ...(ci ? { CI: 'true' } : {}), ...extraEnv },
        timeoutMs: 15 * 60_000,
      })
      return { exitCode: result.exitCode, wallMs: result.wallMs, load1m, report: readReport(), stderrTail: result.stderr.slice(-1500) }
    },
    /**
     * Records a baseline at the base commit into `target`: `processes` = 1 is a user's default (the first run
     * outside CI writes it, from `baselineRuns` processes: the run and re-runs of its measured files); more is `perf-sentinel baseline update --runs N -- <runner command>`.
     */
    async recordBaseline(processes, target) {
      git('checkout', '-q', '-f', 'main')
      rmSync(join(dir, 'perf-baseline.json'), { force: true })
      clean()
      const load1m = loadavg()[0]
      const args =
        processes === 1 ? runnerArgs : [cli, 'baseline', 'update', '--runs', String(processes), '--', process.execPath, ...runnerArgs]
      const result = await runProcess(process.execPath, args, { cwd: dir, env, timeoutMs: 30 * 60_000 })
      const written = join(dir, 'perf-baseline.json')
      if (!existsSync(written))
        throw new Error(
          `baseline (${processes} process(es)) not written, exit ${result.exitCode}:\n${result.stderr.slice(-2000)}\n${result.stdout.slice(-2000)}`,
        )
      copyFileSync(written, target)
      rmSync(written, { force: true })
      return { exitCode: result.exitCode, wallMs: result.wallMs, load1m }
    },
    commitHead,
  }
}
