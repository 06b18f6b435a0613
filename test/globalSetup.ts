/**
 * One temp folder per test run. Every temp file the tests make — fixture projects with a copy of dist, stores, alert
 * folders, browser profiles: ~300 folders and ~500 MB a run — goes under it through TMPDIR, and it is removed when the
 * run ends, so a developer's /tmp does not fill up run after run. Set in Vitest's main process before any test file
 * runs: the test workers, and every process a test starts with TMPDIR passed on (fixtureProject.ts), inherit it.
 * `PERF_SENTINEL_KEEP_TEST_TMP=1` keeps the folder to look into after a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  const previous = process.env.TMPDIR
  const root = mkdtempSync(join(tmpdir(), 'perf-sentinel-tests-'))
  process.env.TMPDIR = root
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    if (process.env.PERF_SENTINEL_KEEP_TEST_TMP === '1') console.log(`Test temp files kept in ${root}`)
    else rmSync(root, { recursive: true, force: true })
  }
}
