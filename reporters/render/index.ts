import type { PerfReport } from '../../src/model/report.js'
import { renderHtml, renderHtmlParts } from './html.js'
import { renderJson, renderJsonParts } from './json.js'
import { renderMarkdown } from './markdown.js'
import { renderTerminal } from './terminal.js'

/** What a renderer may know besides the report. */
export interface RenderContext {
  /** Path of the HTML report, for the Markdown pointer. */
  htmlReportPath?: string | undefined
  /** Files written by this run, listed under the terminal table. */
  written?: readonly string[]
  /** ANSI colours in the terminal table. */
  color?: boolean
  /** The report directory relative to the project root (links to `.cpuprofile` files). */
  reportDir?: string | undefined
}

/** A pure report → text function; file renderers name the file they are written to in the output directory. */
export interface Renderer {
  fileName?: string
  render(report: PerfReport, context: RenderContext): string
  /** `render`'s text in parts, for the large formats: written part by part, never joined (writeReports.ts). */
  parts?(report: PerfReport, context: RenderContext): string[]
}

/** The HTML renderer's options from the context: profile links relative to the report directory. */
function htmlOptions(context: RenderContext): { reportDir?: string } {
  return context.reportDir === undefined ? {} : { reportDir: context.reportDir }
}

/** Every renderer, by format name: the three file formats and the terminal table (printed, not written). */
export const renderers: {
  json: Renderer & { fileName: string }
  markdown: Renderer & { fileName: string }
  html: Renderer & { fileName: string }
  terminal: Renderer
} = {
  json: { fileName: 'report.json', render: (report) => renderJson(report), parts: (report) => renderJsonParts(report) },
  markdown: {
    fileName: 'report.md',
    render: (report, context) => renderMarkdown(report, context.htmlReportPath ? { htmlReportPath: context.htmlReportPath } : {}),
  },
  html: {
    fileName: 'report.html',
    render: (report, context) => renderHtml(report, htmlOptions(context)),
    parts: (report, context) => renderHtmlParts(report, htmlOptions(context)),
  },
  terminal: { render: (report, context) => renderTerminal(report, context.written ?? [], { color: context.color ?? false }) },
}
