import type { SetupWindow } from '../../record/jestSidecar.js'
import { titlesByFullName } from '../../record/jestSidecar.js'
import type { JestTestResult } from './reporterApi.js'

/** A finished test file run, kept until the run ends, when its sidecar (if any) is matched to it. */
export interface FileRun {
  testFilePath: string
  file: string
  /** The project's `displayName`: names the tests apart when several projects run the same file. */
  project: string | undefined
  /** The file could not run (an import error, a failing file-level hook): it covered none of its tests. */
  broken: boolean
  window: SetupWindow
  /** Whether the project lists perf-sentinel's setup file: a run without it wrote no sidecar, so it takes none. */
  setupListed: boolean
  /** Jest's space-joined full names → the suite path joined with " > ". */
  pathByFullName: Map<string, string>
  /** Jest's full names → title lists (undefined where two tests share a full name). */
  titles: Map<string, string[] | undefined>
  durations: Array<[testName: string, ms: number, testPath: string[]]>
  skipped: string[]
  failed: string[]
}

/**
 * One test file's result as the reporter keeps it (pure): `file` is its path relative to the root; durations only
 * with `testDurations`. Jest's recorded names are space-joined; report names use the suite path joined with " > ".
 */
export function fileRunOf(result: JestTestResult, file: string, setupListed: boolean, testDurations: boolean): FileRun {
  const run: FileRun = {
    testFilePath: result.testFilePath,
    file,
    project: typeof result.displayName === 'string' ? result.displayName : result.displayName?.name,
    broken: Boolean(result.testExecError),
    window: result.perfStats ?? {},
    setupListed,
    pathByFullName: new Map(),
    titles: titlesByFullName(result.testResults),
    durations: [],
    skipped: [],
    failed: [],
  }
  for (const a of result.testResults) {
    const testName = a.ancestorTitles.length === 0 ? a.title : `${a.ancestorTitles.join(' > ')} > ${a.title}`
    run.pathByFullName.set(a.fullName, testName)
    const ran = a.status === 'passed' || a.status === 'failed'
    if (!ran) run.skipped.push(testName)
    if (a.status === 'failed') run.failed.push(testName)
    if (ran && testDurations && typeof a.duration === 'number') run.durations.push([testName, a.duration, [...a.ancestorTitles, a.title]])
  }
  return run
}
