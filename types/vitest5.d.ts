/**
 * Matcher types for Vitest 5. Add to a file your tests' tsconfig includes (e.g. `vitest.d.ts`):
 *   /// <reference types="perf-sentinel/types/vitest5" />
 */
import type { PerfMatchers } from '../dist/index.js'

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends PerfMatchers<R> {}
}
