import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JestSidecar, SetupWindow } from '../../record/jestSidecar.js'
import { pickSidecar, sidecarPrefix } from '../../record/jestSidecar.js'
import { UNRECORDED_PREFIX } from '../../record/unrecorded.js'
import { parseResourceLog, RESOURCE_LOG_SUFFIX } from './resourceLog.js'

/** What the Jest reporter needs of a finished test file run to find its sidecar. */
export interface SidecarOwner {
  testFilePath: string
  /** When the file's setup ran (Jest's `perfStats`): tells apart the sidecars of one file run by several projects. */
  window: SetupWindow
  /**
   * False when the run's project does not list perf-sentinel's setup file: it wrote no sidecar, and the sidecar of
   * the same file run by another project is never its own. @default true
   */
  setupListed?: boolean
}

/** The sidecars matched to their file runs, and every resource reading the workers left in the folder. */
export interface SidecarReading<R> {
  sidecars: Map<R, JestSidecar>
  /** Each worker thread's resource log lines, then the readings kept in sidecars (unchecked: the pipeline checks). */
  resources: unknown[]
  /** Measurements taken in test files that did not load the setup file (unrecorded.ts): test path → names. */
  unrecorded: Map<string, string[]>
}

/**
 * Reads every sidecar in `dir` once and matches it to the file run it belongs to (by the test path's hash, and by
 * setup time when one file ran more than once); takes the workers' resource logs too. A missing folder is no sidecar.
 */
export function readSidecars<R extends SidecarOwner>(dir: string, runs: readonly R[]): SidecarReading<R> {
  const sidecars = new Map<R, JestSidecar>()
  const resources: unknown[] = []
  const unrecorded = new Map<string, string[]>()
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sidecars, resources, unrecorded }
    throw error
  }
  // Each worker thread's resource timelines, a line per test file (resourceLog.ts).
  for (const name of entries.filter((entry) => entry.endsWith(RESOURCE_LOG_SUFFIX)))
    resources.push(...parseResourceLog(readFileSync(join(dir, name), 'utf8')))
  for (const name of entries.filter((entry) => entry.startsWith(UNRECORDED_PREFIX))) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      const tab = line.indexOf('\t')
      if (tab < 0) continue
      const testPath = line.slice(0, tab)
      unrecorded.set(testPath, [...(unrecorded.get(testPath) ?? []), line.slice(tab + 1)])
    }
  }
  const names = entries.filter((name) => name.endsWith('.json'))
  if (names.length === 0) return { sidecars, resources, unrecorded }
  const byPrefix = new Map<string, Array<{ sidecar: JestSidecar }>>()
  for (const name of names) {
    const sidecar = JSON.parse(readFileSync(join(dir, name), 'utf8')) as JestSidecar
    if (sidecar.resources !== undefined) resources.push(sidecar.resources)
    const prefix = name.slice(0, name.indexOf('-'))
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), { sidecar }])
  }
  for (const run of runs) {
    if (run.setupListed === false) continue
    const candidates = byPrefix.get(sidecarPrefix(run.testFilePath))
    const picked = candidates && pickSidecar(candidates, run.window)
    if (!picked || !candidates) continue
    candidates.splice(candidates.indexOf(picked), 1)
    sidecars.set(run, picked.sidecar)
  }
  return { sidecars, resources, unrecorded }
}
