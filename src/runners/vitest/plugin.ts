import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import PerfReporter from '../../../reporters/vitest.js'
import type { PerfReporterOptions } from '../../config/reporterOptions.js'
import { resolveReporterOptions } from '../../config/reporterOptions.js'

/** The slice of a Vite plugin that perf-sentinel implements (typed structurally: one build for Vitest 3, 4, 5). */
export interface PerfSentinelPlugin {
  name: string
  config(): { test: { setupFiles: string[] } }
  configureVitest(context: { vitest: { config: { reporters: unknown[] } } }): void
}

/** The setup file next to this module: `dist/vitest/setup.js` when built, `src/runners/vitest/setup.ts` in the repository. */
function setupFilePath(): string {
  const here = dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url))
  // Bundling may move this code into a shared chunk one level up, hence both places.
  const candidates = [join(here, 'setup.js'), join(here, 'vitest', 'setup.js'), join(here, 'setup.ts')]
  return candidates.find((path) => existsSync(path)) ?? (candidates[0] as string)
}

/**
 * The Vitest plugin: registers the matchers and the recorder in every test file, and makes `--reporter perf`
 * (or `reporters: ['perf']`, `['perf', { …options }]`) resolve to the perf reporter.
 * @example export default defineConfig({ plugins: [perfSentinel()] })
 */
export function perfSentinel(options?: PerfReporterOptions): PerfSentinelPlugin {
  // Validate at config time: a wrong option fails before any test runs.
  resolveReporterOptions(options, 'perfSentinel()')
  return {
    name: 'perf-sentinel',
    config() {
      return { test: { setupFiles: [setupFilePath()] } }
    },
    configureVitest({ vitest }) {
      // Called once per project that uses the plugin; the reporter list is the root's, so replace only once.
      const reporters = vitest.config.reporters
      for (let i = 0; i < reporters.length; i++) {
        const entry = reporters[i]
        const [name, inline] = Array.isArray(entry) ? entry : [entry, undefined]
        if (name !== 'perf') continue
        const merged = { ...options, ...(inline as PerfReporterOptions | undefined) }
        reporters[i] = new PerfReporter(merged)
      }
    },
  }
}
