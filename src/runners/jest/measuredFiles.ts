import { readdirSync } from 'node:fs'
import type { RunPrefetch } from '../../pipeline/prefetch.js'

/**
 * Starts the read of the full history once a test file has left a sidecar in `sidecarDir` (it measured something,
 * src/runners/jest/setup.ts): gated measurements read it (noise floors, trends), and started now it is read behind
 * the tests still running. Returns whether it was started; a run that measures nothing reads only the newest runs.
 */
export function startFullHistoryOnceMeasured(sidecarDir: string, prefetch: Promise<RunPrefetch | undefined> | undefined): boolean {
  if (prefetch === undefined) return false
  let names: string[]
  try {
    names = readdirSync(sidecarDir)
  } catch {
    return false
  }
  if (!names.some((name) => name.endsWith('.json'))) return false
  void prefetch.then((ready) => ready?.history())
  return true
}
