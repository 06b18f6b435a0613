import { createHash, randomBytes } from 'node:crypto'
import Mustache from 'mustache'
import type { PerfReport } from '../../src/model/report.js'
import { defaultHtmlAssets, type HtmlAssets, isPackagedRowPartial } from './htmlAssets.js'
import { renderRowHtml } from './htmlRow.js'
import type { HtmlPayload } from './htmlPayload.js'
import { buildHtmlPayload } from './htmlPayload.js'
import type { HtmlRowView } from './htmlView.js'
import { buildHtmlView } from './htmlView.js'
import { renderDiagnosticsHtml } from './sections/diagnostics.js'
import { renderLoadHtml } from './sections/loadSection.js'
import { renderMemoryHtml } from './sections/memorySection.js'
import { resourceChartData } from './sections/resourceRows.js'
import { renderResourcesHtml } from './sections/resourceSection.js'

export interface RenderHtmlOptions {
  /**
   * Templates, styles, page scripts and chart.js. Pass `loadHtmlAssets({ … })` to render from other files, or
   * fixed strings in tests.
   * @default defaultHtmlAssets() (read once from the package's templates directory and chart.js)
   */
  assets?: HtmlAssets
  /** The report directory relative to the project root, for links to `.cpuprofile` files. */
  reportDir?: string
}

/** The page's Mustache writer: a template cache of its own, apart from the application's `Mustache.render` calls. */
const PAGE_WRITER = new Mustache.Writer()

/**
 * Renders a report as one self-contained HTML page: no network access, opens from `file://`. The table is
 * rendered here (mustache escapes every value); the page script adds sorting, filtering, sparklines and charts
 * drawn from a JSON block when a row is opened.
 *
 * Pure given `options.assets`; without it the packaged assets are read from disk on the first call only.
 * @example writeFileSync('perf-report/index.html', renderHtml(report))
 */
export function renderHtml(report: PerfReport, options: RenderHtmlOptions = {}): string {
  return renderHtmlParts(report, options).join('')
}

/**
 * `renderHtml` in the parts it is made of, in order: the page, cut where its data block goes, with the block's JSON
 * in between in one part per measurement. The report files are written part by part (atomicWrite.ts
 * `writeTextSync`): a page of a few MB is never one string, nor is its data block.
 */
export function renderHtmlParts(report: PerfReport, options: RenderHtmlOptions = {}): string[] {
  const assets = options.assets ?? defaultHtmlAssets()
  const chartJs = inlineScript(assets.chartJs)
  // One IIFE so the two page scripts share helpers without globals.
  const pageJs = inlineScript(`(function () {\n'use strict';\n${assets.scripts.join('\n')}\n})();\n`)
  const page = buildHtmlView(report)
  const dataMark = `\u0000perf-data-${randomBytes(8).toString('hex')}\u0000`
  // The packaged row template's rows are rendered here, ~10× faster than by Mustache; the partial then inserts them.
  const ownRows = isPackagedRowPartial(assets.partials.row)
  if (ownRows) for (const row of [...page.rows, ...page.moreRows]) (row as HtmlRowView & { html?: string }).html = renderRowHtml(row)
  const view = {
    ...page,
    css: assets.css.replace(/<\/style/gi, '<\\/style'),
    // Replaced by the data block's parts below. Random, so that no name in the rows before it can be taken for it.
    dataJson: dataMark,
    chartJs,
    pageJs,
    csp: contentSecurityPolicy([chartJs, pageJs]),
    // Escaped fragments (sections/*.ts), inserted raw by the template: load runs, memory, process resources.
    sectionsHtml: [renderLoadHtml(report), renderMemoryHtml(report), renderResourcesHtml(report)].filter((h) => h !== '').join('\n'),
    // The resource chart's series (report.resources.js), in a block of its own: the measurements' block is read lazily.
    resourcesJson: report.resources && report.resources.length > 0 ? serializeJsonForHtml(resourceChartData(report.resources)) : '',
    diagnosticsHtml: renderDiagnosticsHtml(report, options.reportDir === undefined ? {} : { reportDir: options.reportDir }),
  }
  // Mustache's default tags are fine here: values are never re-parsed as templates, so `{{` in a name is just text.
  const partials = ownRows ? { ...assets.partials, row: '{{{html}}}' } : assets.partials
  const html =
    assets.templateTokens === undefined
      ? PAGE_WRITER.render(assets.template, view, partials)
      : PAGE_WRITER.renderTokens(assets.templateTokens as string[][], new Mustache.Context(view), partials, assets.template)
  const pieces = html.split(dataMark)
  // A template of the user's own without the data block has no use for its data; one using it twice gets it twice.
  if (pieces.length === 1) return pieces
  const data = payloadParts(buildHtmlPayload(report))
  return pieces.flatMap((piece, i) => (i === 0 ? [piece] : [...data, piece]))
}

/** The page's data block as `serializeJsonForHtml` writes it, in parts: the fields, then one part per measurement. */
function payloadParts(payload: HtmlPayload): string[] {
  const { measurements, ...fields } = payload
  const head = serializeJsonForHtml(fields)
  const parts = [head.slice(0, -1), head === '{}' ? '"measurements":[' : ',"measurements":[']
  measurements.forEach((m, i) => {
    if (i > 0) parts.push(',')
    parts.push(serializeJsonForHtml(m))
  })
  parts.push(']}')
  return parts
}

/**
 * JSON that is safe inside a `<script type="application/json">` block: `<`, `>` and `&` become `\u003c`… so no
 * value can close the element or open a comment, and U+2028/U+2029 are escaped for older JS parsers.
 * `JSON.parse(element.textContent)` returns the original value.
 */
export function serializeJsonForHtml(value: unknown): string {
  // Five plain-string passes, not one regex pass with a callback: every id holds " > ", so a 2,000-test report has
  // thousands of matches and the callback was most of the escaping time.
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029')
}

/** Script text that cannot end its `<script>` element early (`</script` is only valid inside strings anyway). */
function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--')
}

/**
 * Only the page's own scripts may run (by hash: injected markup such as `<img onerror>` cannot), and nothing may be
 * fetched: the report stays offline even if a value slipped through escaping.
 */
function contentSecurityPolicy(scripts: string[]): string {
  const hashes = scripts.map((script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`)
  return [
    "default-src 'none'",
    `script-src ${hashes.join(' ')}`,
    // chart.js sizes its canvases through inline styles.
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}
