import { readdirSync, statSync } from 'node:fs'
import type { RunPrefetch } from '../../pipeline/prefetch.js'

/**
 * Starts the read of the full history once a test file has left a sidecar in the sidecar folder (it measured
 * something, src/runners/jest/setup.ts): gated measurements read it (noise floors, trends), and started then it is read
 * behind the tests still running. A run that measures nothing reads only the newest runs (prefetch.ts). Asked after
 * each test file, on the reporter's thread: it looks at the folder after the first file and every `EVERY` files
 * after that (a `stat` and a listing after each of 147 files were ~4 ms of the thread), and lists it only when its
 * time moved.
 */
export class FullHistoryTrigger {
  /** Files between two looks at the folder. */
  static readonly EVERY = 8
  private started = false
  private listedAtMs = Number.NaN
  private files = 0

  constructor(private readonly sidecarDir: string) {}

  /** A new run (watch mode): nothing started yet. */
  reset(): void {
    this.started = false
    this.listedAtMs = Number.NaN
    this.files = 0
  }

  /** After a test file: starts the full read (once) if a sidecar is there; returns whether it has been started. */
  check(prefetch: Promise<RunPrefetch | undefined> | undefined): boolean {
    if (this.started || prefetch === undefined || this.files++ % FullHistoryTrigger.EVERY !== 0) return this.started
    let names: string[]
    try {
      const changedAtMs = statSync(this.sidecarDir).mtimeMs
      if (changedAtMs === this.listedAtMs) return false
      this.listedAtMs = changedAtMs
      names = readdirSync(this.sidecarDir)
    } catch {
      return false
    }
    if (!names.some((name) => name.endsWith('.json'))) return false
    this.started = true
    void prefetch.then((ready) => ready?.history())
    return true
  }
}
