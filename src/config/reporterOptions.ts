import * as v from 'valibot'
import type { CompareOptionsInput } from '../compare/index.js'
import { compareOptionSet, resolveCompareOptions } from '../compare/index.js'
import type { OptionSet } from '../model/optionSet.js'
import { checkOptions, option, optionSet, values } from '../model/optionSet.js'
import { DEFAULT_SESSION_FLOOR_PERCENT } from '../pipeline/sessionFloor.js'

/** Where the Jest setup file registers the perf matchers (`jestMatchers`; src/runners/jest/matcherScope.ts). */
export type JestMatcherScope = 'auto' | 'always'
const JEST_MATCHER_SCOPES: readonly JestMatcherScope[] = ['auto', 'always']

/** Report formats written to `outputDir`. */
export type ReportFormat = 'json' | 'markdown' | 'html'

/** Options of the `perf` reporter (Vitest) and `perf-sentinel/jest/reporter` (Jest). */
export interface PerfReporterOptions {
  /** Directory of report.json / report.md / report.html, relative to the project root. @default 'perf-report' */
  outputDir?: string
  /** @default ['json', 'markdown', 'html'] */
  formats?: ReportFormat[]
  /** Print the concise table to the terminal. @default true */
  terminal?: boolean
  /** Record every test's own duration (trend data, never gated). @default true */
  testDurations?: boolean
  /** Baseline file, relative to the project root. @default 'perf-baseline.json' */
  baselinePath?: string
  /**
   * `'auto'`: outside CI, write the baseline when it does not exist yet and add new entries; rewrite it (pruning
   * removed entries) only on `-u`, `PERF_SENTINEL_UPDATE=1` or `perf-sentinel baseline update`. In CI never write.
   * `true`: always rewrite. `false`: never write. @default 'auto'
   */
  updateBaseline?: boolean | 'auto'
  /** History directory (one file per run), relative to the project root; `false` disables it. @default '.perf-sentinel/history' */
  history?: string | false
  /** Also append each run to git notes (`refs/notes/perf-sentinel`) so CI can push and fetch history. @default false */
  gitNotes?: boolean
  /** Compare with the recorded runs of this git ref (e.g. the merge-base of a PR) instead of the baseline file. */
  base?: string
  /** Fail the run when a measurement regressed. @default true */
  failOnRegression?: boolean
  /**
   * Re-runs that must all find a regression again before it fails the run: each re-runs the affected test files in
   * a fresh runner process, and a candidate that one of them does not reproduce stops there (`inconclusive`). A run
   * with no candidate runs none. `0` fails on the first finding. @default 5
   */
  confirm?: number
  /**
   * Runner processes a baseline is recorded from when this run writes one (its first run outside CI, `-u`,
   * `PERF_SENTINEL_UPDATE=1`): this run plus `baselineRuns − 1` re-runs of the test files holding the measurements it
   * writes, each in a fresh runner process. Each process's median is kept, and their spread becomes part of every later
   * comparison's noise floor: a whole process can land in a slower mode for a measurement, and a baseline from one
   * process cannot tell. `1` records from this run alone; `perf-sentinel baseline update --runs N` runs the whole
   * command N times instead. @default 5
   */
  baselineRuns?: number
  /**
   * Against the baseline file, a regression fails the run only when its confirmed change exceeds this (percent),
   * unless the history holds at least 3 runs of the baseline's code (then the floor they show applies): whole runs on
   * a shared machine drift by up to 2× between sessions, which a baseline recorded in one session cannot see. `0`
   * turns it off (a steady, dedicated machine). @default 75
   */
  sessionFloorPercent?: number
  /** Fail the run when a measurement has no baseline (only in CI, where the baseline is never written). @default false */
  failOnNew?: boolean
  /** Append the Markdown report to `$GITHUB_STEP_SUMMARY` and emit `::error` / `::warning` annotations. @default true */
  github?: boolean
  /**
   * Sample each worker's CPU, RSS, heap and event loop during the run (every 250 ms and at each test file's start and
   * end) for the report's resource timeline. `false` (or `PERF_SENTINEL_RESOURCES=0`) switches the sampler off. @default true
   */
  resources?: boolean
  /**
   * Jest only: where the setup file registers the perf matchers. `'auto'`: in test files that name a perf matcher
   * or perf-sentinel, in their text or in a project module they import (relative path or alias, two levels deep) —
   * Jest builds every registered matcher into each `expect()` call, so the other files' assertions do not pay for
   * them; `'always'`: in every test file (matchers called from modules reached otherwise: a package, a deeper import).
   * @default 'auto'
   */
  jestMatchers?: JestMatcherScope
  /** Thresholds of the regression verdict (percent, confidence, absolute floor…). */
  compare?: CompareOptionsInput
}

export type ResolvedReporterOptions = Required<Omit<PerfReporterOptions, 'base' | 'compare'>> & {
  base: string | undefined
  compare: CompareOptionsInput
}

export const REPORTER_DEFAULTS: Readonly<Omit<ResolvedReporterOptions, 'base' | 'compare'>> = {
  outputDir: 'perf-report',
  formats: ['json', 'markdown', 'html'],
  terminal: true,
  testDurations: true,
  baselinePath: 'perf-baseline.json',
  updateBaseline: 'auto',
  history: '.perf-sentinel/history',
  gitNotes: false,
  failOnRegression: true,
  confirm: 5,
  baselineRuns: 5,
  sessionFloorPercent: DEFAULT_SESSION_FLOOR_PERCENT,
  failOnNew: false,
  github: true,
  resources: true,
  jestMatchers: 'auto',
}

const FORMATS: readonly ReportFormat[] = ['json', 'markdown', 'html']
const path = (accepted: string): ReturnType<typeof option> => option(values.text, accepted)
const bool = option(values.boolean, 'true or false')

/** The reporter option set; `compare` nests the comparison's own set (shared error shape: model/optionSet.ts). */
export const reporterOptionSet: OptionSet = optionSet('reporter option', 'an object of reporter options', "{ outputDir: 'perf-report' }", {
  outputDir: path('a non-empty directory path'),
  formats: option(
    v.pipe(
      v.array(v.picklist(FORMATS)),
      v.minLength(1),
      v.check((list) => new Set(list).size === list.length),
    ),
    `a non-empty array of distinct formats among ${FORMATS.map((f) => `'${f}'`).join(', ')}`,
  ),
  terminal: bool,
  testDurations: bool,
  baselinePath: path('a non-empty file path'),
  updateBaseline: option(v.union([v.boolean(), v.literal('auto')]), "true, false or 'auto'"),
  history: option(v.union([v.literal(false), values.text]), 'a directory path or false'),
  gitNotes: bool,
  base: path('a git ref such as main or origin/main'),
  failOnRegression: bool,
  confirm: option(values.nonNegativeInteger, 'a whole number of confirmation re-runs ≥ 0 (0 turns confirmation off)'),
  baselineRuns: option(values.count, 'a whole number of runner processes ≥ 1 (1 records the baseline from this run alone)'),
  sessionFloorPercent: option(values.nonNegative, 'a percentage ≥ 0 (0 turns the session floor off)'),
  failOnNew: bool,
  github: bool,
  resources: bool,
  jestMatchers: option(v.picklist(JEST_MATCHER_SCOPES), JEST_MATCHER_SCOPES.map((scope) => `'${scope}'`).join(' or ')),
  compare: compareOptionSet,
})

/**
 * Validates reporter options once, when the reporter is created: a wrong key or value fails the run at start-up
 * with the key, the value and what is accepted, instead of surfacing after a long test run. `source` names where
 * the options came from (`vitest.config.ts`, `perf-sentinel.config.json`, an environment variable).
 */
export function resolveReporterOptions(raw: unknown, source: string): ResolvedReporterOptions {
  const given = checkOptions(reporterOptionSet, raw, { code: 'E_CONFIG', where: source }) as PerfReporterOptions
  // The comparison's cross-field rules (warn ≤ fail), now rather than after the whole suite has run.
  if (given.compare !== undefined) resolveCompareOptions(given.compare, `${source}: reporter option "compare"`)
  return { ...REPORTER_DEFAULTS, ...given, base: given.base, compare: given.compare ?? {} } as ResolvedReporterOptions
}
