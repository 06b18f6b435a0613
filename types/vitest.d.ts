/**
 * Matcher types for Vitest 3.2 and 4. Add to a file your tests' tsconfig includes (e.g. `vitest.d.ts`):
 *   /// <reference types="perf-sentinel/types/vitest" />
 * Vitest 5 changed the shape of `Matchers`: use `perf-sentinel/types/vitest5` there.
 */
import type { PerfMatchers } from '../dist/index.js'

declare module 'vitest' {
  interface Matchers<T = any> extends PerfMatchers<T> {}
}
