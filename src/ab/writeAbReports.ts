/**
 * Writes a compare report with the pipeline's own writer (JSON, Markdown, HTML into the output directory) and,
 * under GitHub Actions, its annotations and step summary. While the Markdown and HTML renderers do not yet render
 * the `ab` section themselves, it is added to their files here (a no-op once they do).
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { renderers } from '../../reporters/render/index.js'
import { AB_SECTION_TITLE, renderAbHtml, renderAbMarkdown } from '../../reporters/render/sections/abSection.js'
import type { ReportFormat } from '../config/reporterOptions.js'
import { resolveReporterOptions } from '../config/reporterOptions.js'
import { githubOutputs } from '../pipeline/githubOutputs.js'
import { writeReports } from '../pipeline/writeReports.js'
import { writeFileAtomic } from '../stores/atomicWrite.js'
import type { AbReport } from './abReport.js'

/** What was written, and the problems (each would be a tool error). */
export interface WrittenAbReports {
  written: string[]
  failures: Error[]
}

/** Writes the report files into `outputDir` (relative to `rootDir`) and the GitHub outputs. Never throws. */
export async function writeAbReports(
  report: AbReport,
  rootDir: string,
  outputDir: string,
  io: { env: NodeJS.ProcessEnv; annotate(line: string): void },
): Promise<WrittenAbReports> {
  const formats: ReportFormat[] = ['json', 'markdown', 'html']
  const options = resolveReporterOptions({ outputDir, formats }, 'perf-sentinel compare')
  const { written, failures } = await writeReports(report, rootDir, options)
  const dir = resolve(rootDir, outputDir)
  for (const [format, add] of [
    ['markdown', addMarkdownSection],
    ['html', addHtmlSection],
  ] as const) {
    if (!written.some((path) => path.endsWith(renderers[format].fileName))) continue
    const path = join(dir, renderers[format].fileName)
    try {
      const text = readFileSync(path, 'utf8')
      const withSection = add(text, report)
      if (withSection !== text) await writeFileAtomic(path, withSection)
    } catch (error) {
      failures.push(error instanceof Error ? error : new Error(String(error)))
    }
  }
  const htmlPath = written.some((path) => path.endsWith(renderers.html.fileName)) ? join(outputDir, renderers.html.fileName) : undefined
  const github = await githubOutputs(report, rootDir, io.env, io.annotate, htmlPath)
  if (github !== undefined) failures.push(github)
  return { written, failures }
}

/** The Markdown report with the A/B section after the summary line, unless the renderer put it there already. */
export function addMarkdownSection(markdown: string, report: AbReport): string {
  if (markdown.includes(AB_SECTION_TITLE)) return markdown
  const lines = markdown.split('\n')
  // After the heading, the counts line and the run line (`> commit …`): the A/B context belongs to the summary.
  const at = lines.findIndex((line, i) => i > 0 && line.startsWith('> '))
  const insertAt = at < 0 ? lines.length : at + 2
  return [...lines.slice(0, insertAt), ...renderAbMarkdown(report.ab).split('\n'), ...lines.slice(insertAt)].join('\n')
}

/** The HTML report with the A/B section first in `<main>`, unless the renderer put it there already. */
export function addHtmlSection(html: string, report: AbReport): string {
  if (html.includes('id="ab-title"')) return html
  const at = html.indexOf('<main>')
  if (at < 0) return html
  const end = at + '<main>'.length
  return `${html.slice(0, end)}\n${renderAbHtml(report.ab)}\n${html.slice(end)}`
}
