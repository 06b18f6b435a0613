import { appendFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderGitHubAnnotations } from '../../reporters/render/github.js'
import { renderers } from '../../reporters/render/index.js'
import { isGitHubActions } from '../env/ci.js'
import { errorMessage, PerfSentinelError } from '../errors.js'
import type { PerfReport, ReportMeasurement } from '../model/report.js'

/**
 * The line of each annotated measurement's test in its file: the first line holding the test's own title as a
 * string literal (`it('parses a row', …)`). Runners do not report locations by default; a miss leaves `line=` out.
 */
async function testLines(report: PerfReport, rootDir: string): Promise<(m: ReportMeasurement) => number | undefined> {
  const sources = new Map<string, string[] | undefined>()
  for (const m of report.measurements) {
    if (m.comparison?.verdict !== 'regressed' && !m.comparison?.warning) continue
    if (!sources.has(m.file))
      sources.set(
        m.file,
        await readFile(join(rootDir, m.file), 'utf8').then(
          (t) => t.split('\n'),
          () => undefined,
        ),
      )
  }
  return (m) => {
    const title = m.testName.split(' > ').at(-1)
    const lines = sources.get(m.file)
    if (!title || !lines) return undefined
    const quoted = [`'${title}'`, `"${title}"`, `\`${title}\``]
    const index = lines.findIndex((line) => quoted.some((q) => line.includes(q)))
    return index >= 0 ? index + 1 : undefined
  }
}

/**
 * Under GitHub Actions, prints the annotations; with `GITHUB_STEP_SUMMARY`, appends the Markdown report to it.
 * Returns the error of a failed append (never throws).
 */
export async function githubOutputs(
  report: PerfReport,
  rootDir: string,
  env: NodeJS.ProcessEnv,
  annotate: (line: string) => void,
  htmlReportPath: string | undefined,
): Promise<Error | undefined> {
  if (isGitHubActions(env)) for (const line of renderGitHubAnnotations(report, await testLines(report, rootDir))) annotate(line)
  if (!env.GITHUB_STEP_SUMMARY) return undefined
  try {
    await appendFile(env.GITHUB_STEP_SUMMARY, renderers.markdown.render(report, { htmlReportPath }))
    return undefined
  } catch (error) {
    const problem = `perf-sentinel could not append to GITHUB_STEP_SUMMARY (${env.GITHUB_STEP_SUMMARY}): ${errorMessage(error)}`
    return new PerfSentinelError('E_WRITE', problem, {
      fix: 'set github: false in the reporter options if the step summary is not wanted',
      cause: error,
    })
  }
}
