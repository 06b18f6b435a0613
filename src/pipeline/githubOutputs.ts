import { appendFile } from 'node:fs/promises'
import { renderGitHubAnnotations } from '../../reporters/render/github.js'
import { renderers } from '../../reporters/render/index.js'
import { isGitHubActions } from '../env/ci.js'
import { errorMessage, PerfSentinelError } from '../errors.js'
import type { PerfReport } from '../model/report.js'

/**
 * Under GitHub Actions, prints the annotations; with `GITHUB_STEP_SUMMARY`, appends the Markdown report to it.
 * Returns the error of a failed append (never throws).
 */
export async function githubOutputs(
  report: PerfReport,
  env: NodeJS.ProcessEnv,
  annotate: (line: string) => void,
  htmlReportPath: string | undefined,
): Promise<Error | undefined> {
  if (isGitHubActions(env)) for (const line of renderGitHubAnnotations(report)) annotate(line)
  if (!env.GITHUB_STEP_SUMMARY) return undefined
  try {
    await appendFile(env.GITHUB_STEP_SUMMARY, renderers.markdown.render(report, { htmlReportPath }))
    return undefined
  } catch (error) {
    const problem = `perf-sentinel could not append to GITHUB_STEP_SUMMARY (${env.GITHUB_STEP_SUMMARY}): ${errorMessage(error)}`
    return new PerfSentinelError('E_WRITE', problem, { fix: 'set github: false in the reporter options if the step summary is not wanted', cause: error })
  }
}
