/**
 * Jest in watch mode re-runs when a watched file changes — `.json` files included — so without
 * `watchPathIgnorePatterns` for perf-sentinel's own outputs, each run's report.json, history file or baseline started
 * the next run, forever (`--watchAll`; `--watch` once per write). The reporter then writes nothing and says what to
 * add, in one line.
 */
import { isAbsolute, join, relative, resolve } from 'node:path'
import type { ResolvedConfig } from '../../config/configSchema.js'
import type { JestTestContext } from './reporterApi.js'

/** perf-sentinel's state folder by default: history, alert de-duplication state, schedule state. */
const STATE_DIR = '.perf-sentinel'

/** A file of each place perf-sentinel writes to, with the pattern that keeps it out of Jest's watch. */
function outputs(
  rootDir: string,
  options: Pick<ResolvedConfig, 'outputDir' | 'history' | 'baselinePath'>,
): { file: string; pattern: string }[] {
  const place = (path: string, folder: boolean): { file: string; pattern: string } => {
    const absolute = resolve(rootDir, path)
    const pattern = `<rootDir>/${relative(rootDir, absolute).split('\\').join('/')}${folder ? '/' : ''}`
    return { file: folder ? join(absolute, 'report.json') : absolute, pattern }
  }
  const listed = [place(options.outputDir, true), place(STATE_DIR, true)]
  const historyInState = options.history !== false && isInside(resolve(rootDir, STATE_DIR), resolve(rootDir, options.history))
  if (options.history !== false && !historyInState) listed.push(place(options.history, true))
  listed.push(place(options.baselinePath, false))
  return listed
}

function isInside(folder: string, path: string): boolean {
  const rest = relative(folder, path)
  return rest !== '' && !rest.startsWith('..') && !isAbsolute(rest)
}

/**
 * The one line for a watch run whose projects would re-run on perf-sentinel's outputs (each project's resolved
 * `watchPathIgnorePatterns`, `<rootDir>` already replaced), or undefined when every output is ignored in every project.
 */
export function watchLoopLine(
  rootDir: string,
  options: Pick<ResolvedConfig, 'outputDir' | 'history' | 'baselinePath'>,
  contexts: Iterable<JestTestContext>,
): string | undefined {
  const patterns = [...contexts].map((context) => (context.config.watchPathIgnorePatterns ?? []).map((source) => new RegExp(source)))
  const missing = outputs(rootDir, options).filter(({ file }) => patterns.some((list) => !list.some((regex) => regex.test(file))))
  if (missing.length === 0) return undefined
  return (
    'perf-sentinel: skipped in this watch run (no report, history or baseline written): Jest re-runs when a watched ' +
    `file changes, so each write would start the next run. Add to jest.config: watchPathIgnorePatterns: [${missing.map(({ pattern }) => `'${pattern}'`).join(', ')}]`
  )
}
