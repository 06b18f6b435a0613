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
  const verdict = e(row.verdict)
  const concurrent = row.concurrent === true
  const file = fileCell(row.fileParts)
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

/** Mustache's escaping, without its replace call for the values that hold nothing to escape (most of a row's). */
function e(value: string): string {
  return ESCAPED.test(value) ? Mustache.escape(value) : value
}

/** The characters `Mustache.escape` replaces. */
const ESCAPED = /[&<>"'`=/]/

// Rows of one test file follow each other: its escaped path is built once for them, not once per row.
let lastFileParts: readonly string[] = []
let lastFileHtml = ''

function fileCell(parts: readonly string[]): string {
  if (parts.length !== lastFileParts.length || parts.some((part, i) => part !== lastFileParts[i])) {
    let html = ''
    for (const part of parts) html += `${e(part)}<wbr>`
    lastFileParts = parts
    lastFileHtml = html
  }
  return lastFileHtml
}

const CONCURRENT_TAG =
  ' <span class="tag tag-concurrent" title="Measured in a concurrent test: other tests shared the CPU, so this timing is less reliable">concurrent</span>'
const WARN_TAG = ' <span class="tag tag-warn" title="Change above the warning threshold, below the fail gate">warn</span>'
