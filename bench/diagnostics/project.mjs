import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { REPO_ROOT } from '../lib/paths.mjs'
import { runProcess } from '../lib/runProcess.mjs'

const RUNNER_CLI = {
  vitest: join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
  jest: join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
}

/** Minimal configs: the plugin (Vitest) or setup file + reporter (Jest), as the README asks users to add them. */
const CONFIGS = {
  vitest: {
    'package.json': '{ "name": "bench-diagnostics", "private": true, "type": "module" }\n',
    'vitest.config.mjs':
      "import { defineConfig } from 'vitest/config'\nimport { perfSentinel } from 'perf-sentinel/vitest'\nexport default defineConfig({ plugins: [perfSentinel({ history: false, updateBaseline: false, formats: ['json'] })], test: { testTimeout: 600000 } })\n",
  },
  jest: {
    'package.json': '{ "name": "bench-diagnostics", "private": true }\n',
    'jest.config.js':
      "module.exports = { testEnvironment: 'node', testTimeout: 600000, setupFilesAfterEnv: ['perf-sentinel/jest/setup'], reporters: ['default', ['perf-sentinel/jest/reporter', { history: false, updateBaseline: false, formats: ['json'] }]] }\n",
  },
}

/**
 * A throwaway project for one runner with perf-sentinel installed the way npm would (package.json + dist), the
 * runners reachable through a node_modules link one level up; `files` maps relative paths to contents.
 */
export function createProject(runner, files) {
  const root = mkdtempSync(join(tmpdir(), `perf-sentinel-bench-${runner}-`))
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
  const dir = join(root, 'project')
  const installed = join(dir, 'node_modules', 'perf-sentinel')
  mkdirSync(installed, { recursive: true })
  cpSync(join(REPO_ROOT, 'package.json'), join(installed, 'package.json'))
  cpSync(join(REPO_ROOT, 'dist'), join(installed, 'dist'), { recursive: true })
  for (const [path, text] of Object.entries({ ...CONFIGS[runner], ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

/** Runs the runner in the project (Node of this process, clean environment); never rejects on a failing test. */
export function runRunner(runner, dir, args = [], env = {}) {
  const cli = RUNNER_CLI[runner]
  const runArgs = runner === 'vitest' ? [cli, 'run', ...args] : [cli, ...args]
  return runProcess(process.execPath, runArgs, {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, NO_COLOR: '1', ...env },
  })
}
