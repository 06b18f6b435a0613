/**
 * The Vitest `runner` the `perfSentinel()` plugin sets when a project names none (Vitest ≥ 4.1): Vitest's own
 * `TestRunner`, with one difference. Vitest evaluates every setup file again before each test file — under
 * `isolate: false` too, where nothing else is re-evaluated — and always through its module runner: a round trip to
 * Vitest's main process, which transforms the file with Vite first (~2 ms per test file for an empty setup file,
 * BENCHMARKS.md part 2). This runner imports perf-sentinel's built setup file with Node's own `import()` instead,
 * once per worker (a worker is fresh for each file when isolation is on), and for each later test file calls the
 * setup file's per-file part (`perFileSetup`: its hooks and resource mark) in its place. Everything else — other
 * setup files, vm and custom pools, benchmark mode — goes to Vitest's runner unchanged. The setup file stays listed in
 * `setupFiles`, so a project with a runner of its own keeps working the way it did (the setup file then runs for
 * every file, through Vitest).
 */
import * as vitest from 'vitest'

/** What Vitest passes to a runner's constructor, as far as this runner reads it. */
interface RunnerConfig {
  mode?: string
  pool?: string
}

interface VitestRunner {
  importFile(filepath: string, source: 'collect' | 'setup'): unknown
}

type RunnerClass = new (config: RunnerConfig) => VitestRunner

interface SetupModule {
  perFileSetup?: () => void
}

// The setup file sits beside this file: dist/vitest/{runner,setup}.js when built, src/runners/vitest/ in the
// repository. URL arithmetic, not node:path: nothing here may stop the module from loading where Node is absent.
const here = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/(?=[A-Za-z]:)/, '')
const SETUP_NAME = /^setup\.(?:js|ts)$/
/** The built setup file, beside the built runner. */
const SETUP_BUILT = './setup.js'

/** True for perf-sentinel's setup file (Vitest hands setup files over as absolute paths with forward slashes). */
export function isOwnSetupFile(filepath: string, dir: string = here): boolean {
  const normalized = withLowerDrive(filepath.split('\\').join('/'))
  const slash = normalized.lastIndexOf('/')
  return normalized.slice(0, slash + 1) === withLowerDrive(dir) && SETUP_NAME.test(normalized.slice(slash + 1))
}

/** Windows drive letters come in either case (Vitest follows the working directory's, pathe upper-cases). */
function withLowerDrive(path: string): string {
  return /^[A-Za-z]:/.test(path) ? `${path.charAt(0).toLowerCase()}${path.slice(1)}` : path
}

/** The setup module once this worker has evaluated it (a runner is created per batch of files; the module stays). */
let setupModule: SetupModule | undefined

function withSetupOnce(Base: RunnerClass): RunnerClass {
  return class PerfSentinelRunner extends Base {
    private readonly evaluateOnce: boolean

    constructor(config: RunnerConfig) {
      super(config)
      // Node's own pools only: vm pools evaluate each file in a fresh context (there the setup file must run in each
      // one, through Vitest), and a custom pool may not run on Node at all.
      this.evaluateOnce = config.pool === 'forks' || config.pool === 'threads'
    }

    override importFile(filepath: string, source: 'collect' | 'setup'): unknown {
      if (source !== 'setup' || !this.evaluateOnce || !isOwnSetupFile(filepath)) return super.importFile(filepath, source)
      const loaded = setupModule
      if (loaded?.perFileSetup !== undefined) {
        loaded.perFileSetup()
        return Promise.resolve(loaded)
      }
      // The built file is plain ESM whose `vitest` resolves to this worker's (the plugin checked that), so Node loads
      // it: no transform in the main process, no round trip. The repository's TypeScript source goes through Vitest.
      const loading = filepath.endsWith('.js') ? import(new URL(SETUP_BUILT, import.meta.url).href) : super.importFile(filepath, source)
      return Promise.resolve(loading).then((module) => {
        setupModule = module as SetupModule
        return module
      })
    }
  }
}

/** The subclass of this Vitest's `TestRunner`, made on first use. */
let Runner: RunnerClass | undefined

/**
 * Vitest constructs the default export with `new`; a constructor that returns an object makes that object the
 * instance, so the base class can follow the mode (tests, or benchmarks where this Vitest has them).
 */
export default function PerfSentinelVitestRunner(config: RunnerConfig): VitestRunner {
  const exports = vitest as unknown as { TestRunner?: RunnerClass; BenchmarkRunner?: RunnerClass }
  if (config.mode === 'benchmark' && exports.BenchmarkRunner !== undefined) return new exports.BenchmarkRunner(config)
  const Base = exports.TestRunner
  if (Base === undefined)
    throw new Error('perf-sentinel: this Vitest does not export TestRunner (needs Vitest ≥ 4.1); remove test.runner or update Vitest')
  Runner ??= withSetupOnce(Base)
  return new Runner(config)
}
