import Mustache from 'mustache'
import type { HtmlRowView } from './htmlView.js'

/**
 * One table row as `templates/row.mustache` renders it, byte for byte (test/unit/htmlRow.test.ts renders both), in
 * ~1/10 of Mustache's time: a 2,000-test suite's report has 2,000 rows, and Mustache's per-value context lookups were
 * the largest part of writing the page (~50 ms of ~100). Used only while the row partial is the packaged one; a
 * custom partial (`loadHtmlAssets({ templatesDir })`) is rendered by Mustache. Every value is escaped the way
 * Mustache's `{{…}}` escapes it.
 */
export function renderRowHtml(row: HtmlRowView): string {
  const e = Mustache.escape
  const verdict = e(row.verdict)
  const concurrent = row.concurrent === true
  let file = ''
  for (const part of row.fileParts) file += `${e(part)}<wbr>`
  let budget = ''
  if (row.budget !== undefined) {
    const b = row.budget
    budget = `<span class="${b.ok ? 'budget-ok' : 'budget-fail'}" title="${e(b.title)}">${b.ok ? '✓' : '✗'} ${e(b.text)}</span>`
  }
  return (
    `<tr class="m v-${verdict}${concurrent ? ' concurrent' : ''}" data-i="${e(String(row.index))}">\n` +
    '<td class="expand"><button type="button" class="toggle" aria-expanded="false" aria-label="Show charts and statistics">▸</button></td>\n' +
    `<td class="text"><span class="name">${e(row.name)}</span>${concurrent ? CONCURRENT_TAG : ''}</td>\n` +
    `<td class="text test">${e(row.test)}</td>\n` +
    `<td class="text file">${file}</td>\n` +
    `<td class="kind">${e(row.kind)}</td>\n` +
    `<td class="num">${e(row.median)}</td>\n` +
    `<td class="num change ${e(row.changeClass)}">${e(row.change)}</td>\n` +
    `<td class="num interval" title="${e(row.intervalTitle)}">${e(row.interval)}</td>\n` +
    `<td class="num">${e(row.p95)}</td>\n` +
    `<td class="num">${e(row.n)}</td>\n` +
    `<td class="spark${row.hasTrend ? ' has-trend' : ''}"></td>\n` +
    `<td><span class="badge v-${verdict}">${verdict}</span>${row.warning ? WARN_TAG : ''}</td>\n` +
    `<td class="budget">${budget}</td>\n` +
    '</tr>\n'
  )
}

const CONCURRENT_TAG =
  ' <span class="tag tag-concurrent" title="Measured in a concurrent test: other tests shared the CPU, so this timing is less reliable">concurrent</span>'
const WARN_TAG = ' <span class="tag tag-warn" title="Change above the warning threshold, below the fail gate">warn</span>'
