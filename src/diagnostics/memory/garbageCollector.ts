import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** A full garbage collection on demand, and how it was obtained. */
export interface GarbageCollector {
  collect(): void
  /** `exposed`: the process runs with `--expose-gc`; `flag-free`: exposed at run time (see below). */
  mode: 'exposed' | 'flag-free'
}

let flagFree: (() => void) | undefined

/**
 * `global.gc` when the process has `--expose-gc`; otherwise the flag-free route (runners.md): set the V8 flag at run
 * time, then fetch `gc` from a new context. Both run the same full, synchronous mark-compact, so the memory figures do
 * not change; the flag-free route changes a V8 flag after start-up, which Node documents as unsupported, so
 * `--expose-gc` stays the clean way (`pool: 'forks'` + `execArgv` in Vitest, `node --expose-gc` for Jest).
 */
export function garbageCollector(): GarbageCollector {
  const exposed = (globalThis as { gc?: unknown }).gc
  if (typeof exposed === 'function') return { collect: () => (exposed as () => void)(), mode: 'exposed' }
  if (flagFree === undefined) {
    setFlagsFromString('--expose-gc')
    flagFree = runInNewContext('gc') as () => void
  }
  const collect = flagFree
  return { collect, mode: 'flag-free' }
}
