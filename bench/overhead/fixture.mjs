import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../lib/paths.mjs'
import { runProcess } from '../lib/runProcess.mjs'
import { JEST_TRANSFORMER, librarySource, testFileSource } from './suiteSource.mjs'

/** The Jest options both configurations share: the TypeScript transform and where the tests are. */
export const JEST_BASE =
  `testEnvironment: 'node',\n  transform: { '\\\\.ts$': '<rootDir>/jest.transform.cjs' },\n` +
  `  moduleFileExtensions: ['ts', 'js', 'json'],\n  testMatch: ['<rootDir>/test/**/*.test.ts'],\n`

/**
 * The two configurations timed against each other, per runner. `plain` is the project without perf-sentinel;
 * `perf` adds exactly what the README asks a user to add (the plugin/setup file and the reporter), keeping the
 * default reporter so both print the same terminal output.
 */
const CONFIGS = {
  vitest: {
    'vitest.plain.config.mjs': `import { defineConfig } from 'vitest/config'\nexport default defineConfig({})\n`,
    'vitest.perf.config.mjs':
      `import { defineConfig } from 'vitest/config'\nimport { perfSentinel } from 'perf-sentinel/vitest'\n` +
      `export default defineConfig({ plugins: [perfSentinel()] })\n`,
  },
  jest: {
    'jest.transform.cjs': JEST_TRANSFORMER,
    'jest.plain.config.cjs': `module.exports = {\n  ${JEST_BASE}}\n`,
    'jest.perf.config.cjs':
      `module.exports = {\n  ${JEST_BASE}  setupFilesAfterEnv: ['perf-sentinel/jest/setup'],\n` +
      `  reporters: ['default', 'perf-sentinel/jest/reporter'],\n}\n`,
  },
}

/**
 * The peer configuration (`--peer`): a setup file that registers nine no-op matchers and nothing else — what any
 * matcher library of that size costs (Jest builds every registered matcher into each `expect()` call's objects), so
 * perf-sentinel's own share can be told from the share every such library pays.
 */
const PEER_MATCHERS = Array.from(
  { length: 9 },
  (_, i) => `toBePeer${i}(received) { return { pass: received !== Symbol.for('never'), message: () => 'peer' } },`,
).join('\n  ')
const PEER_CONFIGS = {
  vitest: {
    'vitest.matchers.config.mjs': `import { defineConfig } from 'vitest/config'\nexport default defineConfig({ test: { setupFiles: ['./matchers.setup.mjs'] } })\n`,
    'matchers.setup.mjs': `import { expect } from 'vitest'\nexpect.extend({\n  ${PEER_MATCHERS}\n})\n`,
  },
  jest: {
    'jest.matchers.config.cjs': `module.exports = {\n  ${JEST_BASE}  setupFilesAfterEnv: ['<rootDir>/matchers.setup.cjs'],\n}\n`,
    'matchers.setup.cjs': `expect.extend({\n  ${PEER_MATCHERS}\n})\n`,
  },
}

/** The runner's CLI script, run with this Node. */
const RUNNER_CLI = {
  vitest: join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
  jest: join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
}

/**
 * Execution modes of each runner, as command-line flags: Vitest's isolation on (its default: a fresh module graph
 * per test file) and off, in the forks (default) and threads pools; Jest in one process and with 2 workers.
 */
export const MODES = {
  vitest: {
    'isolate, forks': ['--pool=forks'],
    'no isolate, forks': ['--pool=forks', '--no-isolate'],
    'isolate, threads': ['--pool=threads'],
    'no isolate, threads': ['--pool=threads', '--no-isolate'],
  },
  jest: {
    'in-band': ['--runInBand'],
    '2 workers': ['--maxWorkers=2'],
  },
}

/** Runner arguments of one configuration ('plain', 'perf' or the peer 'matchers') in one mode. */
export function variantArgs(runner, variant, mode) {
  const modeArgs = MODES[runner][mode] ?? []
  if (runner === 'vitest') {
    const reporters = variant === 'perf' ? ['--reporter=default', '--reporter=perf'] : []
    return ['run', `--config=vitest.${variant}.config.mjs`, ...reporters, ...modeArgs]
  }
  return [`--config=jest.${variant}.config.cjs`, ...modeArgs]
}

/**
 * Generates the suite into a temp dir and installs perf-sentinel the way test/e2e/fixtureProject.ts does: a copy of
 * package.json + dist in node_modules/perf-sentinel, and the runners reachable through a node_modules symlink one
 * level up. The project is a git repository with one commit, as real projects are (the reporter reads git state).
 * `dist` defaults to the repository's build (`npm run bench` builds it first).
 */
export function createOverheadProject(runner, { files = 10, testsPerFile = 30, dist = join(REPO_ROOT, 'dist') } = {}) {
  const root = mkdtempSync(join(tmpdir(), `perf-sentinel-overhead-${runner}-`))
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
  const dir = join(root, 'project')
  const write = (path, text) => {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  const type = runner === 'vitest' ? ', "type": "module"' : ''
  write('package.json', `{ "name": "overhead-${runner}", "private": true${type} }\n`)
  write('.gitignore', 'node_modules/\nperf-report/\n.perf-sentinel/\n')
  for (const [name, text] of Object.entries({ ...CONFIGS[runner], ...PEER_CONFIGS[runner] })) write(name, text)
  for (let f = 0; f < files; f++) {
    write(`src/lib${f}.ts`, librarySource())
    write(`test/suite${f}.test.ts`, testFileSource(runner, f, testsPerFile))
  }
  const installed = join(dir, 'node_modules', 'perf-sentinel')
  mkdirSync(installed, { recursive: true })
  cpSync(join(REPO_ROOT, 'package.json'), join(installed, 'package.json'))
  cpSync(dist, join(installed, 'dist'), { recursive: true })
  const identity = ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com']
  const git = (...args) => execFileSync('git', [...identity, ...args], { cwd: dir })
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-q', '-m', 'fixture')

  // A clean environment: no CI variables or GitHub step summary leak in from the machine running the benchmark.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR ?? tmpdir(), NO_COLOR: '1' }
  const exec = (args, options = {}) =>
    runProcess(options.command ?? process.execPath, [...(options.prefix ?? []), RUNNER_CLI[runner], ...args], {
      cwd: dir,
      env: { ...env, ...options.env },
    })
  return {
    dir,
    tests: files * testsPerFile,
    files,
    write,
    /** Runs git in the project as the bench's identity (e.g. a commit between stored runs). */
    git,
    /** Runs the runner with any arguments; resolves with its exit code, output and wall time. */
    exec,
    /** Runs one configuration ('plain', 'perf' or 'matchers') in one mode to completion. */
    run: (variant, mode, options) => exec(variantArgs(runner, variant, mode), options),
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}
