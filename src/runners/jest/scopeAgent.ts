/**
 * The Jest setup file's scan for where the perf matchers are registered (mentionScanner.ts), loaded once per worker by
 * Node's own loader (`loadOnce` in setup.ts), apart from the resource sampler's agent, which a worker loads only when
 * it samples. One scanner per worker: a helper module shared by many test files is read once (again when it
 * changes). Nothing of a sandbox is kept: it takes paths and a resolver call, and returns a boolean.
 */
import type { ResolveBare } from './mentionScanner.js'
import { createMentionScanner } from './mentionScanner.js'

/** Whether a test file or a module it imports names a perf matcher or perf-sentinel (mentionScanner.ts). */
export const mentionsPerf: (testPath: string, resolveBare?: ResolveBare) => boolean = createMentionScanner()
