/**
 * The test command of an A/B round: given after `--`, or detected from the project, and — when its runner is
 * known — narrowed to the test files and tests that hold the measurements still being decided, one file at a time.
 *
 * Detection, in order: the `test` script of package.json when it starts with `vitest` or `jest` (its flags kept,
 * `vitest` made `vitest run`); else the runner among the package's dependencies (or a vitest.config.* /
 * jest.config.* file). The runner's binary is resolved from each checkout's own node_modules and run with Node,
 * without a shell.
 */
import { PerfSentinelError } from '../errors.js'

/** Runners whose command line compare knows how to narrow. */
export type RunnerName = 'vitest' | 'jest'

/** A test command: the runner it starts (when known) and its arguments after the runner's binary. */
export interface TestCommand {
  /** `undefined` for a command given after `--` that is not a direct vitest/jest call: it runs as given. */
  runner: RunnerName | undefined
  /** The whole command, program first (used as is when `runner` is undefined). */
  argv: string[]
  /** Arguments after the runner's binary (when `runner` is set). */
  runnerArgs: string[]
  /** How it was found, for the report: `package.json "test": vitest run`, `after --`, … */
  source: string
}

/** What one round runs: every test (`undefined`) or only these files and tests. */
export interface RoundScope {
  /** Test files relative to the project root, forward slashes. */
  files?: readonly string[]
  /** Full test names (suite names joined with " > ") to run inside those files. */
  testNames?: readonly string[]
}

/** The project files detection reads, injected so detection stays pure. */
export interface ProjectFiles {
  /** package.json's text, or undefined when absent. */
  packageJson: string | undefined
  /** Names of the files at the project root (to spot vitest.config.ts, jest.config.js …). */
  rootFiles: readonly string[]
}

const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]{}~]/

/** Finds the project's test command; throws `PerfSentinelError('E_USAGE')` when it cannot tell. */
export function detectTestCommand(files: ProjectFiles): TestCommand {
  const fix = 'pass the test command after --, e.g. perf-sentinel compare -- npx vitest run'
  if (files.packageJson === undefined)
    throw new PerfSentinelError('E_USAGE', 'no package.json in the project directory, so the test command cannot be detected', { fix })
  let manifest: { scripts?: Record<string, unknown>; dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> }
  try {
    manifest = JSON.parse(files.packageJson) as typeof manifest
  } catch (error) {
    throw new PerfSentinelError('E_USAGE', `package.json is not valid JSON: ${(error as Error).message}`, { fix, cause: error })
  }
  const script = typeof manifest.scripts?.test === 'string' ? manifest.scripts.test.trim() : undefined
  if (script !== undefined && !SHELL_SYNTAX.test(script)) {
    const words = script.split(/\s+/)
    if (words[0] === 'npx') words.shift()
    const [first, ...args] = words
    if (first === 'vitest' || first === 'jest') return fromRunner(first, args, `package.json "test": ${script}`)
  }
  const deps = { ...manifest.dependencies, ...manifest.devDependencies }
  const has = (runner: RunnerName): boolean => runner in deps || files.rootFiles.some((name) => name.startsWith(`${runner}.config.`))
  const found = (['vitest', 'jest'] as const).filter(has)
  if (found.length === 1) return fromRunner(found[0] as RunnerName, [], `${found[0]} in package.json`)
  const why = found.length === 0 ? 'neither vitest nor jest is a dependency' : 'both vitest and jest are dependencies'
  throw new PerfSentinelError('E_USAGE', `cannot tell which test runner to use: ${why}, and the "test" script does not start with one`, {
    fix,
  })
}

/** A command given after `--`: narrowed only when it calls vitest or jest directly (`npx vitest run`, a path to jest.js). */
export function givenTestCommand(argv: readonly string[]): TestCommand {
  const source = `after --: ${argv.join(' ')}`
  const at = argv.findIndex((word) => runnerOfWord(word) !== undefined)
  const runner = at < 0 ? undefined : runnerOfWord(argv[at] as string)
  return { runner, argv: [...argv], runnerArgs: at < 0 ? [] : argv.slice(at + 1), source }
}

/**
 * The argv of one round for `dir`'s checkout: the detected runner's binary (resolved there by `resolveBin`) or the
 * given command, plus what narrows it to `scope` and runs test files one at a time. `outputDir` also goes to
 * Vitest's `--outputFile.perf`, which every perf reporter version reads.
 */
export function roundArgv(command: TestCommand, scope: RoundScope, outputDir: string, bin: string | undefined): string[] {
  // Files named by the discovery round are the shard's already: sharding them again leaves a shard without files
  // (Vitest: "--shard <count> must be a smaller than count of test files"; Jest: no tests found).
  const narrowed = command.runner !== undefined && scope.files !== undefined && scope.files.length > 0
  const runnerArgs = narrowed ? withoutShard(command.runnerArgs) : command.runnerArgs
  const argv = narrowed ? withoutShard(command.argv) : command.argv
  const base = command.runner !== undefined && bin !== undefined ? [process.execPath, bin, ...runnerArgs] : [...argv]
  if (command.runner === 'vitest') {
    const args = ['--no-file-parallelism', `--outputFile.perf=${outputDir}`]
    if (scope.testNames !== undefined && scope.testNames.length > 0) args.push('-t', testNamePattern(scope.testNames))
    return [...base, ...args, ...(scope.files ?? [])]
  }
  if (command.runner === 'jest') {
    const args = ['--runInBand']
    if (scope.testNames !== undefined && scope.testNames.length > 0) args.push('--testNamePattern', testNamePattern(scope.testNames))
    // Jest's positional arguments are regular expressions over absolute paths.
    return [...base, ...args, ...(scope.files ?? []).map((file) => `(^|/)${escapeRegExp(file)}$`)]
  }
  return base
}

/**
 * A pattern matching exactly these tests' full names. Both runners match `-t` against the suite and test names
 * joined with spaces, ours join them with " > "; anchored at the end, and at a word start so `parse` does not
 * also select `reparse`.
 */
export function testNamePattern(testNames: readonly string[]): string {
  const names = [...new Set(testNames)].map((name) => escapeRegExp(name.split(' > ').join(' ')))
  return `(^| )(${names.join('|')})$`
}

/** `args` without `--shard=i/n` / `--shard i/n`. */
function withoutShard(args: readonly string[]): string[] {
  const kept: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--shard') i++
    else if (!arg.startsWith('--shard=')) kept.push(arg)
  }
  return kept
}

function fromRunner(runner: RunnerName, args: string[], source: string): TestCommand {
  // `vitest` alone watches outside CI; a round must end.
  const runnerArgs = runner === 'vitest' && args[0] !== 'run' ? ['run', ...args.filter((a) => a !== 'watch' && a !== 'dev')] : args
  return { runner, argv: [runner, ...runnerArgs], runnerArgs, source }
}

function runnerOfWord(word: string): RunnerName | undefined {
  const name = word.split(/[\\/]/).at(-1) ?? word
  if (name === 'vitest' || name === 'vitest.mjs') return 'vitest'
  if (name === 'jest' || name === 'jest.js') return 'jest'
  return undefined
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
