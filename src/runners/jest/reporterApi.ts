/**
 * The structural types of the Jest 29/30 reporter API that perf-sentinel's Jest reporter reads, and the Jest version
 * of a project: the reporter's side of Jest, as `src/runners/vitest/runnerApi.ts` is Vitest's.
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { SetupWindow } from '../../record/jestSidecar.js'

export interface JestGlobalConfig {
  rootDir: string
  updateSnapshot?: string
  /** `--ci`, or Jest's own CI detection. */
  ci?: boolean
  /** The configured reporters: names or [name, options]. */
  reporters?: readonly unknown[]
  /** `--coverage` / `collectCoverage`. */
  collectCoverage?: boolean
  /** `--watch` / `--watchAll`: Jest re-runs when a watched file changes. */
  watch?: boolean
  watchAll?: boolean
}

/** A project's context as `onRunComplete` receives it (only what perf-sentinel reads). */
export interface JestTestContext {
  config: { watchPathIgnorePatterns?: readonly string[] }
}
export interface JestAssertion {
  ancestorTitles: string[]
  title: string
  fullName: string
  status: string
  duration?: number | null
  failureMessages?: string[]
}
export interface JestTestResult {
  testFilePath: string
  testResults: JestAssertion[]
  /** Set when the file itself failed (syntax error, failing import, hook outside a test). */
  testExecError?: { message?: string }
  perfStats?: SetupWindow
  displayName?: string | { name?: string }
}

/** The Jest version installed for the project at `rootDir`, or `unknown`. */
export function jestVersion(rootDir: string): string {
  try {
    return (createRequire(join(rootDir, 'package.json'))('jest/package.json') as { version: string }).version
  } catch {
    return 'unknown'
  }
}
