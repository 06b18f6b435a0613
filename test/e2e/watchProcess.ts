// A runner in watch mode for the e2e tests: its output as it comes, a wait for the n-th occurrence of a text, a kill.
import { spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import type { BaselineFile } from '../../src/stores/baseline/index.js'
import type { FixtureProject } from './fixtureProject.js'

/** The environment the watch tests give a runner: no CI, no colour, one-process baselines. */
export const WATCH_ENV = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TMPDIR: process.env.TMPDIR,
  NO_COLOR: '1',
  PERF_SENTINEL_BASELINE_RUNS: '1',
}

export interface WatchProcess {
  output(): string
  /** Resolves once `text` occurred `count` times in the output, or after `timeoutMs`. */
  waitFor(text: string | RegExp, count: number, timeoutMs?: number): Promise<void>
  /** Types into the runner's input (a key of the watch prompt, when it reads a terminal). */
  type(keys: string): void
  kill(): void
}

/** Starts `command args` in `cwd`; its stdout and stderr are read together. */
export function watchProcess(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): WatchProcess {
  const child = spawn(command, args, { cwd, env })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const occurrences = (text: string | RegExp): number => output.split(text).length - 1
  return {
    output: () => output,
    async waitFor(text, count, timeoutMs = 90_000) {
      for (let waited = 0; occurrences(text) < count && waited < timeoutMs; waited += 200) await sleep(200)
    },
    type: (keys) => child.stdin.write(keys),
    kill: () => child.kill('SIGKILL'),
  }
}

/** The median of the fixture's one baseline entry (the watch tests' fixtures measure one thing). */
export function baselineMedian(project: FixtureProject): number {
  const entries = Object.values(project.readJson<BaselineFile>('perf-baseline.json').entries)
  return entries[0]?.stats.medianMs ?? Number.NaN
}
