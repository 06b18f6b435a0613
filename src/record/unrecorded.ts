/**
 * Measurements taken in a Jest test file that did not load perf-sentinel's setup file (so no recorder): the stand-in
 * recorder writes their names into the reporter's folder and warns once per file, and the reporter fails the run
 * with the fix instead of passing without them.
 */
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { JEST_DIR_ENV } from './jestSidecar.js'

/** Where the Jest reporter looks for them: `<dir>/UNRECORDED_PREFIX<pid>.tsv`, a `testPath\tname` line each. */
export const UNRECORDED_PREFIX = 'unrecorded-'

/** The fix, as a phrase: "Add …" in a message, "add …" in a `Fix:`. */
export const JEST_SETUP_FIX = "setupFilesAfterEnv: ['perf-sentinel/jest/setup'] to the Jest config (to each project's, with projects)"

let warnedFile: string | undefined

/** What the stand-in recorder (recorder.ts) does with a measurement of a test file that loaded no setup file. */
export function reportUnrecorded(name: string): void {
  const dir = process.env[JEST_DIR_ENV]
  if (dir === undefined) return
  const expectGlobal = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect
  const testPath = expectGlobal?.getState?.().testPath ?? ''
  try {
    appendFileSync(join(dir, `${UNRECORDED_PREFIX}${process.pid}.tsv`), `${testPath}\t${name.replace(/[\t\n]/g, ' ')}\n`)
  } catch {
    // The folder is gone (the run ended): nothing is listening any more.
  }
  if (warnedFile === testPath) return
  warnedFile = testPath
  console.warn(
    `perf-sentinel: "${name}" was measured but not recorded: this test file did not load perf-sentinel/jest/setup. Add ${JEST_SETUP_FIX}.`,
  )
}
