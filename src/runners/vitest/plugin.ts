import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import PerfReporter, { pluginOptionsSource } from '../../../reporters/vitest.js'
import type { PerfSentinelConfig } from '../../config/configSchema.js'
import { checkInlineConfig } from '../../config/runConfig.js'
import type { ProjectLike } from '../../record/setupCoverage.js'
import { leaveBrowserProjects, perfRunnerFile, perfSetupFile, warnProjectsWithoutSetup } from '../../record/setupCoverage.js'
import { withPluginInProjects } from './projectEntries.js'

/** A Vitest config as the plugin's `config` hook sees it (only the keys it reads or changes). */
export interface ConfigLike {
  root?: string
  test?: { setupFiles?: string | string[]; projects?: unknown; runner?: string; browser?: { enabled?: boolean } }
}

/** What the plugin adds to a config's `test`. */
export interface TestAdditions {
  setupFiles?: string[]
  runner?: string
}

/** What `configureVitest` receives (structural: Vitest 3.2, 4 and 5). */
export interface ConfigureVitestContext {
  vitest: {
    config: { root: string; reporters: unknown[] }
    projects?: readonly ProjectLike[]
    logger?: { warn?(message: string): void }
  }
}

/** The slice of a Vite plugin that perf-sentinel implements (typed structurally: one build for Vitest 3, 4, 5). */
export interface PerfSentinelPlugin {
  name: string
  config(config: ConfigLike): { test: TestAdditions } | undefined
  resolveId(id: string, importer?: string): string | undefined
  load(id: string): string | undefined
  configureVitest(context: ConfigureVitestContext): void
}

const here = dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url))

/** `dist/vitest/reporter.js` when built (bundling may move this code one level up), `reporters/vitest.ts` in the repository. */
function reporterFile(): string {
  const candidates = ['reporter.js', 'vitest/reporter.js', '../../../reporters/vitest.ts'].map((name) => join(here, name))
  return candidates.find((path) => existsSync(path)) ?? (candidates[0] as string)
}

// Options of each plugin instance, for the reporter module Vitest imports by name (`--reporter perf`): that module
// is evaluated by Vitest's module runner, in this process, and may carry options JSON cannot (functions).
const OPTIONS_KEY = Symbol.for('perf-sentinel.vitest-plugin-options')
const VIRTUAL_PREFIX = '\0perf-sentinel-reporter:'

function optionsRegistry(): Map<number, PerfSentinelConfig | undefined> {
  const holder = globalThis as Record<symbol, unknown>
  return (holder[OPTIONS_KEY] ??= new Map()) as Map<number, PerfSentinelConfig | undefined>
}

/**
 * True when perf-sentinel's runner can extend the project's Vitest: the `vitest` package the project resolves is the
 * very package the runner's own `import 'vitest'` resolves (the runner is loaded by Node from where perf-sentinel is
 * installed; in a monorepo that can be another Vitest, or another copy of the same one), and it exports
 * `TestRunner` (4.1 and later). False when either lookup fails (Vitest 3 does not export its package.json): the
 * project then runs without the runner, as before.
 */
export function runnerSupported(root: string = process.cwd(), runnerFile: string = perfRunnerFile()): boolean {
  try {
    const fromProject = createRequire(join(resolve(root), 'package.json')).resolve('vitest/package.json')
    const fromRunner = createRequire(runnerFile).resolve('vitest/package.json')
    if (realpathSync(fromProject) !== realpathSync(fromRunner)) return false
    return vitestHasTestRunner((JSON.parse(readFileSync(fromProject, 'utf8')) as { version?: unknown }).version)
  } catch {
    return false
  }
}

/** Vitest versions from 4.1 on export `TestRunner` from 'vitest'. */
export function vitestHasTestRunner(version: unknown): boolean {
  const match = /^(\d+)\.(\d+)\./.exec(String(version))
  if (match === null) return false
  const major = Number(match[1])
  return major > 4 || (major === 4 && Number(match[2]) >= 1)
}

/**
 * The Vitest plugin: registers the matchers and the recorder in every test file — of the root project and of every
 * inline `test.projects` entry, with or without `extends: true` — and makes `--reporter perf` (or
 * `reporters: ['perf']`, `['perf', { …options }]`) load the perf reporter with these options. Projects with their own
 * config files get the setup file from the perf reporter; without one, they need the plugin in their own config, and
 * the run says so in one line at start-up when one lacks it. The options take the shape of
 * `perf-sentinel.config.*` (include / exclude / thresholds / alerts too); the perf reporter layers them over that
 * file and under the PERF_SENTINEL_* variables, as `perf-sentinel config` shows.
 * @example export default defineConfig({ plugins: [perfSentinel({ exclude: ['**\/slow*'] })] })
 */
export function perfSentinel(options?: PerfSentinelConfig): PerfSentinelPlugin {
  // Validate at config time: a wrong option fails before any test runs.
  checkInlineConfig(options, 'perfSentinel()')
  const registry = optionsRegistry()
  const id = registry.size
  registry.set(id, options)
  const setup = perfSetupFile()
  return {
    name: 'perf-sentinel',
    config(config) {
      // Inline projects without `extends: true` do not get the root's plugins: hand each one its own instance.
      const test = config.test
      if (test && Array.isArray(test.projects)) test.projects = withPluginInProjects(test.projects, () => perfSentinel(options))
      const listed = test?.setupFiles === undefined ? [] : Array.isArray(test.setupFiles) ? test.setupFiles : [test.setupFiles]
      const additions: TestAdditions = {}
      // Once per config, even when two instances apply (a project's own plugin and an injected one).
      if (!listed.includes(setup) && !listed.includes('perf-sentinel/vitest/setup')) additions.setupFiles = [setup]
      // The runner that loads the setup file once per worker with Node's import() (runner.ts): only where the project
      // names no runner of its own, outside browser mode, and on a Vitest whose TestRunner it extends.
      if (test?.runner === undefined && test?.browser?.enabled !== true && runnerSupported(config.root)) additions.runner = perfRunnerFile()
      return additions.setupFiles === undefined && additions.runner === undefined ? undefined : { test: additions }
    },
    // `--reporter perf` is imported by name from the root's module runner. Vitest calls configureVitest only for the
    // projects, so with inline projects this hook is the only way the root plugin can answer that import.
    resolveId(source, importer) {
      // Vitest imports reporters without an importer; Vite 5/6 (Vitest 3.2) fills in `<root>/index.html` then.
      const fromRunner = importer === undefined || /[\\/]index\.html$/.test(importer)
      return source === 'perf' && fromRunner ? `${VIRTUAL_PREFIX}${id}` : undefined
    },
    load(moduleId) {
      if (!moduleId.startsWith(VIRTUAL_PREFIX)) return undefined
      const key = Number(moduleId.slice(VIRTUAL_PREFIX.length))
      return [
        `import PerfReporter, { pluginOptionsSource } from ${JSON.stringify(reporterFile())}`,
        `const options = globalThis[Symbol.for(${JSON.stringify(OPTIONS_KEY.description)})]?.get(${key})`,
        'export default class PerfPluginReporter extends PerfReporter {',
        '  constructor(inline) { super({ ...options, ...inline }, pluginOptionsSource(inline)) }',
        '}',
      ].join('\n')
    },
    configureVitest({ vitest }) {
      // Browser mode may come from the command line, after `config` added the setup file and the runner.
      leaveBrowserProjects(vitest, [setup], perfRunnerFile())
      // Called once per project that uses the plugin; the reporter list is the root's, so replace only once.
      const reporters = vitest.config.reporters
      for (let i = 0; i < reporters.length; i++) {
        const entry = reporters[i]
        const [name, inline] = Array.isArray(entry) ? entry : [entry, undefined]
        if (name !== 'perf') continue
        reporters[i] = new PerfReporter({ ...options, ...(inline as PerfSentinelConfig | undefined) }, pluginOptionsSource(inline))
      }
      // With a perf reporter, the reporter adds the setup file to the projects that lack it; without one, say so.
      const reporting = reporters.some(
        (entry) => entry instanceof PerfReporter || String(Array.isArray(entry) ? entry[0] : entry).includes('perf-sentinel'),
      )
      if (!reporting) warnProjectsWithoutSetup(vitest, [setup])
    },
  }
}
export type { PerfSentinelConfig } from '../../config/configSchema.js'
