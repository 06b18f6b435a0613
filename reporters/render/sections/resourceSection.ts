/**
 * The process-resource section of a report (`report.resources`): each worker's CPU, RSS, heap and event loop over
 * the run with the test files on it (chart drawn by report.resources.js from the `perf-resources` block), and the
 * files that made RSS climb most. An HTML fragment and a short Markdown section; pure, each '' when the report has no
 * timeline.
 */
import { formatBytes, formatMs } from '../../../src/format.js'
import type { PerfReport } from '../../../src/model/report.js'
import type { ResourceTimeline } from '../../../src/model/resourceTimeline.js'
import { escapeMarkdown } from '../escapeText.js'
import { formatDuration } from '../htmlFormat.js'
import { escapeHtml } from './htmlEscape.js'
import type { ResourceFileRow } from './resourceRows.js'
import { resourceFileRows, samplingCostPercent } from './resourceRows.js'

/** Rows of the "which file made RSS climb" table: the rest is in report.json. */
export const RESOURCE_TABLE_ROWS = 20
/** Rows of the Markdown summary. */
const SHORT_ROWS = 5

/** Metrics the chart can show: data key, button label, axis title. The first is shown first. */
export const RESOURCE_METRICS: ReadonlyArray<readonly [key: string, label: string, axis: string]> = [
  ['rssMiB', 'RSS', 'resident set size (MiB)'],
  ['heapMiB', 'JS heap', 'JS heap used (MiB)'],
  ['cpuPercent', 'CPU', 'CPU (% of one core)'],
  ['eluPercent', 'Event loop busy', 'event-loop utilisation (%)'],
  ['delayMs', 'Event-loop delay', 'worst event-loop delay (ms)'],
]

/** The section's note; `code` marks up option names (Markdown backticks, nothing in HTML text). */
function summaryText(report: PerfReport, code: (text: string) => string): string {
  const timelines = report.resources ?? []
  const interval = Math.min(...timelines.map((t) => t.intervalMs))
  const workers = `${timelines.length} worker${timelines.length === 1 ? '' : 's'}`
  return (
    `${workers}, read every ${formatMs(interval)} and at each test file's start and end (a file's start may be the ` +
    `previous file's end); the sampler's own cost was ` +
    `${samplingCostPercent(timelines).toFixed(2)}% of the time sampled. ${cpuScopeText(timelines)} ` +
    `Switch it off with ${code('resources: false')} or ${code('PERF_SENTINEL_RESOURCES=0')}.`
  )
}

/** Whose CPU the timelines count: the whole process's, or (Jest's workers on Linux) the JS thread's. */
function cpuScopeText(timelines: readonly ResourceTimeline[]): string {
  const thread = timelines.filter((t) => t.cpuScope === 'thread').length
  if (thread === 0) return "RSS and CPU are the whole worker process's (all its threads)."
  if (thread === timelines.length)
    return "RSS is the whole worker process's, CPU its JS thread's (the garbage collector's helper threads are not counted)."
  return `RSS is the whole worker process's; CPU is the JS thread's in ${thread} of ${timelines.length} timelines, the whole process's in the others.`
}

function cells(row: ResourceFileRow): string[] {
  return [
    row.worker,
    formatDuration(row.startMs),
    formatDuration(row.durationMs),
    formatBytes(row.rssStartBytes),
    formatBytes(row.rssPeakBytes),
    `${row.rssGrowthBytes >= 0 ? '+' : ''}${formatBytes(row.rssGrowthBytes)}`,
    `${row.heapGrowthBytes >= 0 ? '+' : ''}${formatBytes(row.heapGrowthBytes)}`,
    row.cpuPercent === undefined ? '—' : `${row.cpuPercent.toFixed(0)}%`,
    row.eventLoopDelayMaxMs === undefined ? '—' : row.eventLoopDelayMaxMs < 1 ? '< 1 ms' : formatMs(row.eventLoopDelayMaxMs),
  ]
}

const HEADERS = [
  'Test file',
  'Worker',
  'Started',
  'Ran',
  'RSS at start',
  'RSS peak',
  'RSS growth',
  'Heap change',
  'CPU',
  'Worst loop delay',
]

/** The section as an HTML fragment (every name escaped), or '' when the report has no resource timeline. */
export function renderResourcesHtml(report: PerfReport): string {
  const timelines = report.resources ?? []
  if (timelines.length === 0) return ''
  const rows = resourceFileRows(timelines)
  const shown = rows.slice(0, RESOURCE_TABLE_ROWS)
  const body = shown.map(
    (row) =>
      `<tr><td class="text">${escapeHtml(row.file)}</td>${cells(row)
        .map((cell, i) => `<td${i >= 1 ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`)
        .join('')}</tr>`,
  )
  const metricButtons = RESOURCE_METRICS.map(
    ([key, label], i) =>
      `<label><input type="radio" name="resource-metric" value="${key}"${i === 0 ? ' checked' : ''}> ${escapeHtml(label)}</label>`,
  ).join(' ')
  const caption =
    rows.length > shown.length
      ? `The ${shown.length} test file runs (of ${rows.length}) that made RSS climb most`
      : 'Test file runs, biggest RSS growth first'
  return [
    '<section aria-labelledby="resources-title" class="resources">',
    '<h2 id="resources-title">Process resources</h2>',
    `<p class="note">${escapeHtml(summaryText(report, (text) => text))}</p>`,
    `<fieldset class="resource-metric"><legend class="visually-hidden">Metric</legend>${metricButtons}</fieldset>`,
    '<div class="resource-chart"><canvas id="resource-chart" role="img" aria-label="Resources of each worker over the run, test files marked"></canvas></div>',
    '<noscript><p class="hint">The chart needs JavaScript; the table below does not.</p></noscript>',
    `<table class="resource-files"><caption>${escapeHtml(caption)}</caption><thead><tr>${HEADERS.map((h, i) => `<th scope="col"${i >= 2 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${body.join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n')
}

/** A short Markdown section (`### Process resources`): per worker peaks and the files that made RSS climb most. */
export function renderResourcesMarkdown(report: PerfReport): string {
  const timelines = report.resources ?? []
  if (timelines.length === 0) return ''
  const out = ['### Process resources', '', `> ${summaryText(report, (text) => `\`${text}\``)}`, '']
  out.push('| Test file | Worker | RSS at start | RSS peak | RSS growth | CPU |', '|---|---|--:|--:|--:|--:|')
  for (const row of resourceFileRows(timelines).slice(0, SHORT_ROWS)) {
    const c = cells(row)
    out.push(`| ${escapeMarkdown(row.file)} | ${escapeMarkdown(row.worker)} | ${c[3]} | ${c[4]} | ${c[5]} | ${c[7]} |`)
  }
  return `${out.join('\n')}\n`
}
