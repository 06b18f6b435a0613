/**
 * Jest in watch mode re-runs when a watched file changes — `.json` files included — so without
 * `watchPathIgnorePatterns` for perf-sentinel's own outputs, each run's report.json, history file or baseline started
 * the next run, forever (`--watchAll`; `--watch` once per write). The reporter then writes nothing and says what to
 * add, in one line.
 */
import { join, relative, resolve } from 'node:path'
import type { ResolvedConfig } from '../../config/configSchema.js'
import type { JestTestContext } from './reporterApi.js'

/** A file of each place perf-sentinel writes to, with the pattern that keeps it out of Jest's watch. */
function outputs(
  rootDir: string,
  options: Pick<ResolvedConfig, 'outputDir' | 'history' | 'baselinePath'>,
): { file: string; pattern: string }[] {
  const dir = (path: string): { file: string; pattern: string } => ({
    file: join(resolve(rootDir, path), 'report.json'),
    pattern: `<rootDir>/${relative(rootDir, resolve(rootDir, path)).split('\\').join('/')}/`,
  })
  const listed = [dir(options.outputDir), dir('.perf-sentinel')]
  if (options.history !== false && !relative(rootDir, resolve(rootDir, options.history)).startsWith('.perf-sentinel'))
    listed.push(dir(options.history))
  const baseline = resolve(rootDir, options.baselinePath)
  listed.push({ file: baseline, pattern: `<rootDir>/${relative(rootDir, baseline).split('\\').join('/')}` })
  return listed
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
