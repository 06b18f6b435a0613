import { createRequire } from 'node:module'
import { PerfSentinelError } from '../errors.js'
import type * as EngineModule from './engine.js'

/** What a setup file gets from the engine bundle. */
export type Engine = typeof EngineModule

/** Where the built engine lies relative to a setup file: `dist/engine.cjs` next to `dist/{vitest,jest}/setup.*`. */
const CANDIDATES = ['../engine.cjs', './engine.cjs']

/**
 * A loader that requires the engine synchronously on its first call and caches it. Synchronous because a sync
 * matcher must return its result synchronously (an un-awaited sync matcher must still fail its test). `localRequire`
 * is the caller's own `require` when it has one (Jest: its per-test-file module registry, so the engine lives in the
 * test's sandbox); otherwise a Node `require` next to `moduleUrl`.
 */
export function createEngineLoader(moduleUrl: string, localRequire?: (id: string) => unknown): () => Engine {
  let engine: Engine | undefined
  return () => {
    if (engine !== undefined) return engine
    const loaders = localRequire ? [localRequire, createRequire(moduleUrl)] : [createRequire(moduleUrl)]
    const errors: unknown[] = []
    for (const load of loaders) {
      for (const candidate of CANDIDATES) {
        try {
          engine = load(candidate) as Engine
          return engine
        } catch (error) {
          // Not there, or a bundler's `require` stand-in in an ES module build: try the next place / loader.
          const notFound = (error as NodeJS.ErrnoException | undefined)?.code === 'MODULE_NOT_FOUND'
          if (!notFound && !/Dynamic require/.test(String(error))) throw error
          errors.push(error)
        }
      }
    }
    throw new PerfSentinelError(
      'E_CONFIG',
      `perf-sentinel could not load its engine next to ${moduleUrl} (tried ${CANDIDATES.join(', ')})`,
      {
        fix: 'reinstall perf-sentinel: its dist/ folder is incomplete',
        cause: errors[0],
      },
    )
  }
}
