import { mkdir, open } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { renderers } from '../../reporters/render/index.js'
import type { ResolvedReporterOptions } from '../config/reporterOptions.js'
import { errorMessage, isMissingFile, isPerfSentinelError, PerfSentinelError } from '../errors.js'
import type { PerfReport } from '../model/report.js'
import { writeFileAtomic } from '../stores/atomicWrite.js'

/** Every report format names perf-sentinel near its start (JSON `tool.name`, the Markdown title, HTML `generator`). */
const OWN_MARK = 'perf-sentinel'

/** True when `path` does not exist or starts like a report perf-sentinel wrote. */
async function ownedOrAbsent(path: string): Promise<boolean> {
  let head: string
  try {
    const handle = await open(path, 'r')
    try {
      const buffer = Buffer.alloc(4096)
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
      head = buffer.subarray(0, bytesRead).toString('utf8')
    } finally {
      await handle.close()
    }
  } catch (error) {
    return isMissingFile(error)
  }
  return head.includes(OWN_MARK)
}

/** The files written (relative to the root) and one error per file that could not be. */
export interface WriteReportsResult {
  written: string[]
  failures: Error[]
}

/** Renders each configured format into `outputDir` atomically. Never throws. */
export async function writeReports(report: PerfReport, rootDir: string, options: ResolvedReporterOptions): Promise<WriteReportsResult> {
  const dir = resolve(rootDir, options.outputDir)
  const written: string[] = []
  const failures: Error[] = []
  const fix = 'choose a writable outputDir (reporter option) or --outputFile.perf=<dir>'
  try {
    await mkdir(dir, { recursive: true })
  } catch (error) {
    // One error for the directory, not one per report format.
    const problem = `perf-sentinel could not create the report directory ${dir}: ${errorMessage(error)}`
    return { written, failures: [new PerfSentinelError('E_WRITE', problem, { fix, cause: error })] }
  }
  const htmlName = options.formats.includes('html') ? renderers.html.fileName : undefined
  const context = { htmlReportPath: htmlName ? join(options.outputDir, htmlName) : undefined, reportDir: options.outputDir }
  const failed = (path: string, error: unknown): Error =>
    isPerfSentinelError(error)
      ? error
      : new PerfSentinelError('E_WRITE', `perf-sentinel could not write ${path}: ${errorMessage(error)}`, { fix, cause: error })
  // Ownership checks at once, then each format rendered while the previous ones are still being written and synced.
  const targets = options.formats.map((format) => ({ ...renderers[format], path: join(dir, renderers[format].fileName) }))
  const owned = await Promise.all(targets.map((target) => ownedOrAbsent(target.path)))
  // Per format, in the order of `formats`: the path written (relative to the root) or why not.
  const outcomes = targets.map(({ path, render, parts }, index): Promise<string | Error> => {
    if (!owned[index]) {
      const problem = `${path} exists and was not written by perf-sentinel, so it was left alone`
      const foreignFix = 'choose an outputDir of its own for the reports (reporter option outputDir, or --outputFile.perf=<dir>)'
      return Promise.resolve(new PerfSentinelError('E_WRITE', problem, { fix: foreignFix }))
    }
    let text: string | string[]
    try {
      text = parts === undefined ? render(report, context) : parts(report, context)
    } catch (error) {
      return Promise.resolve(failed(path, error))
    }
    return writeFileAtomic(path, text).then(
      () => relative(rootDir, path) || path,
      (error: unknown) => failed(path, error),
    )
  })
  for (const outcome of await Promise.all(outcomes)) {
    if (typeof outcome === 'string') written.push(outcome)
    else failures.push(outcome)
  }
  return { written, failures }
}
