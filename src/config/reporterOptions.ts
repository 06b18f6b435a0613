import { describeValue } from '../errors.js'
import type { CompareOptionsInput } from '../compare/index.js'
import { resolveCompareOptions } from '../compare/index.js'
import { isPerfSentinelError, PerfSentinelError } from '../errors.js'

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
  /** Fail the run when a measurement has no baseline (only in CI, where the baseline is never written). @default false */
  failOnNew?: boolean
  /** Append the Markdown report to `$GITHUB_STEP_SUMMARY` and emit `::error` / `::warning` annotations. @default true */
  github?: boolean
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
  failOnNew: false,
  github: true,
}

const FORMATS: readonly ReportFormat[] = ['json', 'markdown', 'html']
const isBool = (v: unknown): boolean => typeof v === 'boolean'
const isPath = (v: unknown): boolean => typeof v === 'string' && v.trim() !== ''

const CHECKS: Record<keyof PerfReporterOptions, [(v: unknown) => boolean, string]> = {
  outputDir: [isPath, 'a non-empty directory path'],
  formats: [
    (v) => Array.isArray(v) && v.length > 0 && new Set(v).size === v.length && v.every((f) => FORMATS.includes(f as ReportFormat)),
    `a non-empty array of distinct formats among ${FORMATS.map((f) => `'${f}'`).join(', ')}`,
  ],
  terminal: [isBool, 'true or false'],
  testDurations: [isBool, 'true or false'],
  baselinePath: [isPath, 'a non-empty file path'],
  updateBaseline: [(v) => isBool(v) || v === 'auto', "true, false or 'auto'"],
  history: [(v) => v === false || isPath(v), 'a directory path or false'],
  gitNotes: [isBool, 'true or false'],
  base: [isPath, 'a git ref such as main or origin/main'],
  failOnRegression: [isBool, 'true or false'],
  failOnNew: [isBool, 'true or false'],
  github: [isBool, 'true or false'],
  compare: [(v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object of comparison options'],
}

/**
 * Validates reporter options once, when the reporter is created: a wrong key or value fails the run at start-up
 * with the key, the value and what is accepted, instead of surfacing after a long test run.
 */
export function resolveReporterOptions(raw: unknown, source: string): ResolvedReporterOptions {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new PerfSentinelError('E_CONFIG', `${source}: reporter options must be an object, received ${describeValue(raw)}`, {
      fix: "pass an object such as { outputDir: 'perf-report' }",
    })
  }
  const given = (raw ?? {}) as Record<string, unknown>
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue
    const check = Object.hasOwn(CHECKS, key) ? CHECKS[key as keyof PerfReporterOptions] : undefined
    if (!check) {
      throw new PerfSentinelError('E_CONFIG', `${source}: unknown reporter option "${key}" (value ${describeValue(value)})`, {
        fix: `use one of: ${Object.keys(CHECKS).join(', ')}`,
      })
    }
    if (!check[0](value)) {
      const shown = key === 'formats' && Array.isArray(value) ? `[${value.map((f) => describeValue(f)).join(', ')}]` : describeValue(value)
      throw new PerfSentinelError('E_CONFIG', `${source}: reporter option "${key}" is ${shown}`, {
        fix: `"${key}" must be ${check[1]}`,
      })
    }
  }
  const o = given as PerfReporterOptions
  if (o.compare !== undefined) {
    // The comparison's own checks (ranges, unknown keys), now rather than after the whole suite has run.
    try {
      resolveCompareOptions(o.compare)
    } catch (error) {
      if (!isPerfSentinelError(error)) throw error
      const message = error.message.slice(0, error.message.length - `\nFix: ${error.fix}`.length)
      throw new PerfSentinelError('E_CONFIG', `${source}: reporter option "compare": ${message}`, { fix: error.fix })
    }
  }
  return {
    ...REPORTER_DEFAULTS,
    ...(Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as PerfReporterOptions),
    base: o.base,
    compare: o.compare ?? {},
  } as ResolvedReporterOptions
}
