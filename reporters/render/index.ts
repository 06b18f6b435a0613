import type { PerfReport } from '../../src/report.js'
import { renderHtml } from './html.js'
import { renderJson } from './json.js'
import { renderMarkdown } from './markdown.js'

/** What a file renderer may know besides the report. */
export interface RenderContext {
  /** Path of the HTML report, for the Markdown pointer. */
  htmlReportPath?: string | undefined
}

/** A pure report → text function and the file it is written to in the output directory. */
export interface Renderer {
  fileName: string
  render(report: PerfReport, context: RenderContext): string
}

/** The file renderers, by format name (the terminal table is printed, see `renderTerminal`). */
export const renderers: { json: Renderer; markdown: Renderer; html: Renderer } = {
  json: { fileName: 'report.json', render: (report) => renderJson(report) },
  markdown: {
    fileName: 'report.md',
    render: (report, context) => renderMarkdown(report, context.htmlReportPath ? { htmlReportPath: context.htmlReportPath } : {}),
  },
  html: { fileName: 'report.html', render: (report) => renderHtml(report) },
}
