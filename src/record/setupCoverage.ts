/**
 * Which Vitest projects run without perf-sentinel's worker side (the setup file that registers the matchers and
 * records measurements). A root `perfSentinel()` reaches inline projects, but not projects that load their own config
 * files. The perf reporter adds the setup file to such projects before the run starts (so the reporter alone, even
 * without a config file, gives matchers and reports); without it, the run says so at start-up, once, instead of
 * letting `toCompleteWithin` fail later as an unknown assertion.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The parts of a Vitest `TestProject` this check reads (structural: Vitest 3.2, 4 and 5). */
export interface ProjectLike {
  name: string
  config: {
    setupFiles?: readonly string[]
    typecheck?: { enabled?: boolean; only?: boolean }
    browser?: { enabled?: boolean }
    runner?: string
    /** 'forks', 'threads', 'vmThreads', 'vmForks' or a custom pool's name. */
    pool?: string
  }
  vite?: { config?: { configFile?: string | false } }
}

/**
 * True for perf-sentinel's own Vitest setup file: one of `known` (the path the plugin adds), or the installed
 * package's file however it was listed (`perf-sentinel/vitest/setup` resolves to it).
 */
export function isPerfSetupFile(path: string, known: readonly string[] = []): boolean {
  const normalized = path.split('\\').join('/')
  return known.includes(path) || /\/perf-sentinel\/dist\/vitest\/setup\.c?js$/.test(normalized)
}

const here = dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url))

/**
 * One of perf-sentinel's Vitest worker modules (`setup`, `runner`): `dist/vitest/<name>.js` when built (this code
 * may sit in `dist/`, in a shared chunk, or in `dist/vitest/`), `src/runners/vitest/<name>.ts` in the repository.
 */
function vitestWorkerModule(name: 'setup' | 'runner' | 'browserSetup'): string {
  const candidates = [`vitest/${name}.js`, `${name}.js`, `../vitest/${name}.js`, `../runners/vitest/${name}.ts`].map((file) =>
    join(here, file),
  )
  return candidates.find((path) => existsSync(path)) ?? (candidates[0] as string)
}

/** perf-sentinel's Vitest setup file (src/runners/vitest/setup.ts). */
export function perfSetupFile(): string {
  return vitestWorkerModule('setup')
}

/** perf-sentinel's Vitest runner (src/runners/vitest/runner.ts), beside the setup file, where it looks for it. */
export function perfRunnerFile(): string {
  return vitestWorkerModule('runner')
}

/** The setup file for browser-mode projects: the perf matchers as stand-ins that say they need Node. */
export function perfBrowserSetupFile(): string {
  return vitestWorkerModule('browserSetup')
}

/** A project whose test files run in a browser (Vitest browser mode), where perf-sentinel's Node modules cannot load. */
export function isBrowserProject(project: ProjectLike): boolean {
  return project.config.browser?.enabled === true
}

/**
 * Projects whose test files run without perf-sentinel's setup file. Type-check-only projects run no test code;
 * browser-mode projects are counted apart (`leaveBrowserProjects`).
 */
export function projectsWithoutSetup(projects: readonly ProjectLike[], known: readonly string[] = []): ProjectLike[] {
  return projects.filter((project) => {
    if (isBrowserProject(project)) return false
    const typecheck = project.config.typecheck
    if (typecheck?.enabled === true && typecheck.only === true) return false
    return !(project.config.setupFiles ?? []).some((file) => isPerfSetupFile(file, known))
  })
}

/**
 * The one start-up line for projects the matchers cannot reach, naming each project and its config file, and what
 * to add there; undefined when every project is covered.
 */
export function setupCoverageWarning(projects: readonly ProjectLike[], root: string, known: readonly string[] = []): string | undefined {
  const missing = projectsWithoutSetup(projects, known)
  if (missing.length === 0) return undefined
  const where = missing.map((project) => {
    const file = project.vite?.config?.configFile
    const relative = typeof file === 'string' && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file
    return `"${project.name || '(unnamed)'}"${typeof relative === 'string' ? ` (${relative})` : ''}`
  })
  return (
    `perf-sentinel: the perf matchers and measure() are not set up in project ${where.join(', ')}: ` +
    "add perfSentinel() to that config's plugins (or test.setupFiles: ['perf-sentinel/vitest/setup'], or extends: true)."
  )
}

/** The Vitest instance as far as the warning needs it. */
export interface VitestLikeForCoverage {
  config: { root: string }
  projects?: readonly ProjectLike[]
  logger?: { warn?(message: string): void }
}

// Marks a Vitest instance already checked: the plugin (once per project) and the reporter may all try.
const CHECKED = Symbol.for('perf-sentinel.setup-coverage-checked')
// Marks a Vitest instance whose browser projects were already named (`leaveBrowserProjects`), for the same reason.
const BROWSER_NAMED = Symbol.for('perf-sentinel.browser-projects-named')

/** True the first time it is asked for this Vitest instance and mark, false afterwards. */
function firstTime(vitest: VitestLikeForCoverage, mark: symbol): boolean {
  const marked = vitest as unknown as Record<symbol, unknown>
  if (marked[mark] === true) return false
  marked[mark] = true
  return true
}

/** A start-up line through Vitest's logger (stderr without one). */
function warn(vitest: VitestLikeForCoverage, line: string): void {
  if (vitest.logger?.warn) vitest.logger.warn(line)
  else console.warn(line)
}

/** Prints `setupCoverageWarning` once per Vitest instance (through Vitest's logger), if any project lacks the setup. */
export function warnProjectsWithoutSetup(vitest: VitestLikeForCoverage, known: readonly string[] = []): void {
  if (vitest.projects === undefined || vitest.projects.length === 0 || !firstTime(vitest, CHECKED)) return
  const warning = setupCoverageWarning(vitest.projects, vitest.config.root, known)
  if (warning !== undefined) warn(vitest, warning)
}

/**
 * Adds perf-sentinel's setup file to every project that runs test code without it (Vitest reads `setupFiles` when
 * it starts each test file, so this works up to the run's start). Returns the names of the projects it changed.
 */
export function addSetupToProjects(projects: readonly ProjectLike[], setupFile: string): string[] {
  const changed: string[] = []
  for (const project of projectsWithoutSetup(projects, [setupFile])) {
    const list = project.config.setupFiles
    if (!Array.isArray(list)) continue
    ;(list as string[]).push(setupFile)
    changed.push(project.name)
  }
  return changed
}

/**
 * Takes perf-sentinel's setup file and runner out of browser-mode projects (the plugin adds them from the config it
 * sees; `--browser.enabled` on the command line turns browser mode on after that): both import Node modules, so every
 * test file of such a project would fail to load. Their tests still run and count as test durations; measure() and
 * the perf matchers work in Node projects only. Says so once per Vitest instance, naming the projects.
 */
export function leaveBrowserProjects(vitest: VitestLikeForCoverage, known: readonly string[], runnerFile: string): void {
  const names: string[] = []
  for (const project of vitest.projects ?? []) {
    if (!isBrowserProject(project)) continue
    const list = project.config.setupFiles
    if (Array.isArray(list)) {
      for (let i = list.length - 1; i >= 0; i--) if (isPerfSetupFile(list[i] as string, known)) (list as string[]).splice(i, 1)
      // In its place, matchers that fail saying why (not Vitest's "Invalid Chai property").
      const browserSetup = perfBrowserSetupFile()
      if (!list.includes(browserSetup)) (list as string[]).push(browserSetup)
    }
    if (project.config.runner === runnerFile) project.config.runner = undefined
    names.push(`"${project.name || '(unnamed)'}"`)
  }
  if (names.length === 0 || !firstTime(vitest, BROWSER_NAMED)) return
  warn(
    vitest,
    `perf-sentinel: project ${names.join(', ')} runs in browser mode: its tests count as test durations, but measure() and ` +
      'the perf matchers work in Node projects only (keep perf tests in a project without browser mode; there they fail saying so).',
  )
}
