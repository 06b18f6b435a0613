/**
 * Per-glob budget overrides (`thresholds: { '<glob>': { budgetMs } }` in the configuration) where the matcher
 * decides pass or fail: in the test worker. The reporter resolves the configuration once at start-up and hands the
 * globs to its workers through one environment variable (workers inherit the environment when they start, in both
 * Vitest and Jest); a timing matcher with a millisecond budget then judges against the override that matches it.
 */
import { relative } from 'node:path'
import type { MeasurementKey } from '../src/model/measurementGlob.js'
import { compileGlob } from '../src/model/measurementGlob.js'

/** What an override reads and replaces of a timing matcher's judgement (structurally its `Judgement`). */
interface BudgetJudgement {
  statistic: string
  limit: number
  direction: 'at-most' | 'at-least'
  expectedHint: string
}

/** The variable the reporter sets for its workers: JSON of `BudgetOverrides`. */
export const BUDGET_OVERRIDES_ENV = 'PERF_SENTINEL_BUDGET_OVERRIDES'

/** What crosses to the workers: the project root (ids hold paths relative to it) and every threshold glob in order. */
export interface BudgetOverrides {
  rootDir: string
  /** `null` where a glob sets other thresholds but no budget: it still wins over later globs, as at the run end. */
  globs: Array<[glob: string, budgetMs: number | null]>
}

/** The variable's value for a configuration's `thresholds`, or `undefined` when none of them sets `budgetMs`. */
export function encodeBudgetOverrides(rootDir: string, thresholds: Readonly<Record<string, { budgetMs?: number }>>): string | undefined {
  const globs = Object.entries(thresholds).map(([glob, t]): [string, number | null] => [glob, t.budgetMs ?? null])
  if (!globs.some(([, budgetMs]) => budgetMs !== null)) return undefined
  return JSON.stringify({ rootDir, globs } satisfies BudgetOverrides)
}

/** The matcher context fields that locate the running test (both runners set them). */
interface TestLocation {
  testPath?: string
  currentTestName?: string
}

interface Rules {
  rootDir: string
  rules: Array<{ glob: string; test: (key: MeasurementKey) => boolean; budgetMs: number | null }>
}

// Compiled once per worker (the variable does not change during a run): a matcher call pays a lookup, no parse.
let cache: { text: string; compiled: Rules } | undefined

function rulesOf(text: string): Rules {
  if (cache?.text === text) return cache.compiled
  const parsed = JSON.parse(text) as BudgetOverrides
  const compiled = { rootDir: parsed.rootDir, rules: parsed.globs.map(([glob, budgetMs]) => ({ glob, test: compileGlob(glob), budgetMs })) }
  cache = { text, compiled }
  return compiled
}

/**
 * The judgement with the configured budget in place of the test's own, when a `thresholds` glob with `budgetMs`
 * matches this measurement (its file, its name, or `file > test name > name`; Jest names tests with spaces
 * between the describe titles). Only millisecond budgets are replaced; throughput and the rest keep theirs.
 */
export function withBudgetOverride<J extends BudgetJudgement>(
  judgement: J,
  name: string,
  context: unknown,
  env: Readonly<Record<string, string | undefined>> = process.env,
): J {
  const text = env[BUDGET_OVERRIDES_ENV]
  if (!text || judgement.direction !== 'at-most' || judgement.statistic === 'opsPerSecond') return judgement
  let compiled: Rules
  try {
    compiled = rulesOf(text)
  } catch {
    // Written by our own reporter: unreadable only if someone set it by hand; the test's own budget stands.
    return judgement
  }
  const { testPath, currentTestName } = context as TestLocation
  const file = testPath ? relative(compiled.rootDir, testPath).split('\\').join('/') : ''
  const key: MeasurementKey = { file, name, id: `${file} > ${currentTestName ?? ''} > ${name}` }
  const rule = compiled.rules.find((r) => r.test(key))
  if (rule === undefined || rule.budgetMs === null) return judgement
  return {
    ...judgement,
    limit: rule.budgetMs,
    expectedHint: `${judgement.expectedHint} → ${rule.budgetMs} (thresholds[${JSON.stringify(rule.glob)}].budgetMs)`,
  }
}
