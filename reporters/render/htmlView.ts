import type { PerfReport, ReportMeasurement } from '../../src/model/report.js'
import type { BudgetOutcome, Verdict } from '../../src/model/types.js'
import { formatMs, formatOps, formatPercent } from '../../src/format.js'
import { formatCount, formatDate, formatDuration, formatNumber, shortCommit } from './htmlFormat.js'
import type { RowVerdict } from './verdicts.js'
import { rowVerdictOf } from './verdicts.js'
import { VERDICT_ORDER } from '../../src/model/comparison.js'

/** The mustache view of the report page: every value is display text, escaped by mustache's `{{…}}`. */
export interface HtmlView {
  title: string
  failed: boolean
  status: string
  verdicts: Array<{ verdict: Verdict; count: number }>
  filterVerdicts: Array<{ verdict: RowVerdict; count: number }>
  meta: Array<{ label: string; value: string }>
  environment: Array<{ label: string; value: string }>
  notes: string[]
  /** The rows parsed with the page: enough to fill a screen several times over. */
  rows: HtmlRowView[]
  /**
   * The other rows, written inside `<noscript>`: a plain table without JavaScript, one string for the page script,
   * which attaches them in chunks once the page is usable (parsing 5,000 rows up front took over a second).
   */
  moreRows: HtmlRowView[]
  /**
   * Rows the page script builds from its data instead (`clientRowsFrom`): the plain test durations at the end of
   * the table, past the first rows. Not in the markup, so a reader without JavaScript is told where they are.
   */
  clientRows: number
  /** True when anything follows the first rows (`moreRows` or `clientRows`). */
  hasMore: boolean
  total: number
  removed: Array<{ name: string; file: string; test: string; kind: string; baselineMedian: string }>
}

export interface HtmlRowView {
  index: number
  verdict: RowVerdict
  warning: boolean
  name: string
  /** The file split after each `/`, so the template can offer line breaks there (`<wbr>`) instead of mid-name. */
  fileParts: string[]
  test: string
  kind: string
  concurrent: boolean
  median: string
  change: string
  /** `slower` / `faster` for regressions and improvements. */
  changeClass: string
  interval: string
  intervalTitle: string
  p95: string
  n: string
  hasTrend: boolean
  budget?: { ok: boolean; text: string; title: string }
}

/** Rows rendered as markup the browser parses before the page is usable; see `HtmlView.moreRows`. */
export const FIRST_ROWS = 100

/**
 * Where the rows the page script builds from its data begin: past the first rows, the run of plain test durations
 * that ends the table (buildReport puts test durations last). Such a row holds nothing but names and three numbers,
 * which the data block has anyway; a 2,000-test suite's page is ~1.4 MB smaller and written ~25 ms sooner without
 * their markup. Rows with a comparison, a budget or the concurrent tag stay markup.
 */
export function clientRowsFrom(measurements: readonly ReportMeasurement[]): number {
  let from = measurements.length
  while (from > FIRST_ROWS && isPlainDuration(measurements[from - 1] as ReportMeasurement)) from--
  return from
}

/**
 * A test duration the page script can render from its data (htmlDurations.ts `HtmlPayloadDurations`): one sample and
 * nothing beyond names and figures — no comparison, budget, concurrent tag, distribution, per-yield figures or profile.
 */
function isPlainDuration(m: ReportMeasurement): boolean {
  return (
    m.kind === 'test-duration' &&
    m.comparison === undefined &&
    m.budget === undefined &&
    !m.concurrent &&
    m.stats.n === 1 &&
    m.samplesMs.length <= 1 &&
    m.baselineSamplesMs === undefined &&
    m.perYield === undefined &&
    m.profilePath === undefined
  )
}

/** A row's figures as displayed: for `rowView` and for the rows the page script builds (htmlPayload.ts `durations`). */
export function rowFigures(m: ReportMeasurement): Pick<HtmlRowView, 'median' | 'p95' | 'n' | 'hasTrend'> {
  return {
    median: formatMs(m.stats.medianMs),
    p95: formatMs(m.stats.p95Ms),
    n: formatCount(m.stats.n),
    hasTrend: m.trend !== undefined && m.trend.runs.length > 1,
  }
}

/** Builds the page's mustache view from a report. Pure. */
export function buildHtmlView(report: PerfReport): HtmlView {
  const { run, summary } = report
  const clientFrom = clientRowsFrom(report.measurements)
  const rows = report.measurements.slice(0, clientFrom).map(rowView)
  const tableCounts = new Map<RowVerdict, number>()
  for (const m of report.measurements) {
    const verdict = rowVerdictOf(m)
    tableCounts.set(verdict, (tableCounts.get(verdict) ?? 0) + 1)
  }
  const commit = run.git.shortCommit ?? (run.git.commit === undefined ? undefined : shortCommit(run.git.commit))
  const regressions = summary.byVerdict.regressed
  return {
    title: `perf-sentinel report${commit === undefined ? '' : ` · ${commit}`}${run.git.branch === undefined ? '' : ` · ${run.git.branch}`}`,
    failed: summary.failed,
    status: summary.failed
      ? `${regressions} regression${regressions === 1 ? '' : 's'}`
      : (summary.accepted ?? 0) > 0
        ? `${summary.accepted} regression${summary.accepted === 1 ? '' : 's'} accepted as the new baseline`
        : 'No regressions',
    verdicts: VERDICT_ORDER.map((verdict) => ({ verdict, count: summary.byVerdict[verdict] })),
    filterVerdicts: [...VERDICT_ORDER, 'duration' as const].flatMap((verdict) => {
      const count = tableCounts.get(verdict) ?? 0
      return count > 0 ? [{ verdict, count }] : []
    }),
    meta: [
      { label: 'Commit', value: `${commit ?? 'unknown'}${run.git.dirty === true ? ' (dirty)' : ''}` },
      { label: 'Branch', value: run.git.branch ?? (run.git.detached === true ? 'detached HEAD' : 'unknown') },
      { label: 'Date', value: formatDate(run.startedAt) },
      { label: 'Duration', value: formatDuration(run.durationMs) },
      { label: 'Runner', value: `${run.runner.name} ${run.runner.version}` },
      { label: 'Tool', value: `${report.tool.name} ${report.tool.version}` },
      { label: 'CI', value: run.ci ? 'yes' : 'no' },
      { label: 'Baseline', value: baselineText(report) },
      { label: 'Budgets failed', value: formatCount(summary.budgetsFailed) },
    ],
    environment: environmentView(report),
    // Git notes are usually in run.notes already (the pipeline copies them); show each once.
    notes: [...new Set([...run.notes, ...run.git.notes])],
    rows: rows.slice(0, FIRST_ROWS),
    moreRows: rows.slice(FIRST_ROWS),
    clientRows: report.measurements.length - clientFrom,
    hasMore: report.measurements.length > FIRST_ROWS,
    total: report.measurements.length,
    removed: report.removed.map((m) => ({
      name: m.name,
      file: m.file,
      test: m.testName,
      kind: m.kind,
      baselineMedian: formatMs(m.baselineMedianMs),
    })),
  }
}

/** One measurement's table row at position `index`. */
export function rowView(m: ReportMeasurement, index: number): HtmlRowView {
  const c = m.comparison
  const change = c?.changePercent
  const interval = c?.intervalPercent
  const row: HtmlRowView = {
    index,
    verdict: rowVerdictOf(m),
    warning: c?.warning === true,
    name: m.name,
    fileParts: m.file.split(/(?<=\/)/),
    test: m.testName,
    kind: m.kind,
    concurrent: m.concurrent,
    ...rowFigures(m),
    change: change === undefined ? '—' : formatPercent(change),
    // Coloured only when the verdict says so: a red +0.3% on an unchanged row would cry wolf.
    changeClass: c?.verdict === 'regressed' ? 'slower' : c?.verdict === 'improved' ? 'faster' : '',
    interval: interval === undefined ? '' : `[${formatPercent(interval[0])}, ${formatPercent(interval[1])}]`,
    intervalTitle:
      c?.confidenceLevel === undefined
        ? 'interval of the change'
        : `${Number((c.confidenceLevel * 100).toFixed(1))}% interval of the change`,
  }
  if (m.budget !== undefined) row.budget = budgetView(m.budget)
  return row
}

const STATISTIC_LABELS: Record<BudgetOutcome['statistic'], string> = {
  minMs: 'min',
  maxMs: 'max',
  meanMs: 'mean',
  medianMs: 'median',
  p75Ms: 'p75',
  p90Ms: 'p90',
  p95Ms: 'p95',
  p99Ms: 'p99',
  opsPerSecond: 'throughput',
}

function budgetView(budget: BudgetOutcome): NonNullable<HtmlRowView['budget']> {
  const ok = budget.withinBudget !== budget.negated
  const throughput = budget.statistic === 'opsPerSecond'
  // Throughput budgets are floors, time budgets are ceilings.
  const relation = budget.withinBudget ? (throughput ? '≥' : '≤') : throughput ? '<' : '>'
  const format = throughput ? formatOps : formatMs
  const label = STATISTIC_LABELS[budget.statistic]
  return {
    ok,
    // The relation states the measured fact; ✓/✗ says whether the matcher passed. A `.not` budget is marked after
    // it, never as a "not" in front (which read as a double negative: "✓ not median 3.27 ms > 100 ns").
    text: `${label} ${format(budget.actual)} ${relation} ${format(budget.limit)}${budget.negated ? ' (.not)' : ''}`,
    title: `${budget.negated ? '.not.' : ''}${budget.matcher}: ${ok ? 'passed' : 'failed'}`,
  }
}

function baselineText(report: PerfReport): string {
  const baseline = report.run.baseline
  if (baseline === undefined) return 'none'
  const where = [baseline.ref, baseline.commit === undefined ? undefined : shortCommit(baseline.commit)].filter((x) => x !== undefined)
  return [baseline.source, baseline.path, where.join(' @ ')].filter((x) => x !== undefined && x !== '').join(' · ')
}

function environmentView(report: PerfReport): HtmlView['environment'] {
  const { hard, soft } = report.run.environment
  return [
    { label: 'OS', value: `${hard.os} ${hard.arch}` },
    { label: 'CPU', value: `${hard.cpuModel} × ${hard.cores}` },
    { label: 'Memory', value: `${formatNumber(hard.totalMemoryGiB)} GiB` },
    { label: 'Node', value: hard.node },
    { label: 'V8', value: hard.v8 },
    { label: 'Runner', value: `${hard.runner} ${hard.runnerVersion}` },
    { label: 'Plugin', value: hard.pluginVersion },
    { label: 'Flags', value: hard.flags.length === 0 ? 'none' : hard.flags.join(' ') },
    // Soft fields do not have to match for a comparison to gate, but they tell how noisy this run's machine was.
    { label: 'Load (1 min)', value: formatNumber(soft.loadAverage1m) },
    ...(soft.cpuSpeedMHz > 0 ? [{ label: 'CPU clock', value: `${formatNumber(soft.cpuSpeedMHz)} MHz` }] : []),
  ]
}
