/**
 * Matcher types for Jest 29 and 30, for both `import { expect } from '@jest/globals'` and the global `expect` of
 * @types/jest. Add to a file your tests' tsconfig includes:
 *   /// <reference types="perf-sentinel/types/jest" />
 */
import type { PerfMatchers } from '../dist/index.js'

declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends PerfMatchers<R> {}
}

declare global {
  namespace jest {
    interface Matchers<R, T = {}> extends PerfMatchers<R> {}
  }
}
