import { describe, expect, it } from 'vitest'
import type { ProjectLike } from '../../../src/record/setupCoverage.js'
import {
  perfBrowserSetupFile,
  addSetupToProjects,
  isPerfSetupFile,
  leaveBrowserProjects,
  projectsWithoutSetup,
  setupCoverageWarning,
} from '../../../src/record/setupCoverage.js'

const SETUP = '/repo/node_modules/perf-sentinel/dist/vitest/setup.js'
const project = (name: string, setupFiles: string[], extra: Partial<ProjectLike['config']> = {}, configFile?: string): ProjectLike => ({
  name,
  config: { setupFiles, ...extra },
  ...(configFile ? { vite: { config: { configFile } } } : {}),
})

describe('setup coverage of Vitest projects', () => {
  it('recognises the setup file by the plugin path or as the installed package', () => {
    expect(isPerfSetupFile('/elsewhere/setup.js', ['/elsewhere/setup.js'])).toBe(true)
    expect(isPerfSetupFile(SETUP)).toBe(true)
    expect(isPerfSetupFile('/repo/test/setup.js')).toBe(false)
  })

  it('lists projects that run tests without it, leaving type-check-only projects out', () => {
    const projects = [
      project('unit', [SETUP]),
      project('e2e', ['/repo/e2e/setup.ts']),
      project('types', [], { typecheck: { enabled: true, only: true } }),
    ]
    expect(projectsWithoutSetup(projects).map((p) => p.name)).toEqual(['e2e'])
  })

  it('says in one line which project, in which config file, and what to add there', () => {
    const projects = [project('unit', [SETUP]), project('api', [], {}, '/repo/packages/api/vitest.config.ts')]
    expect(setupCoverageWarning(projects, '/repo')).toBe(
      'perf-sentinel: the perf matchers and measure() are not set up in project "api" (packages/api/vitest.config.ts): ' +
        "add perfSentinel() to that config's plugins (or test.setupFiles: ['perf-sentinel/vitest/setup'], or extends: true).",
    )
    expect(setupCoverageWarning([project('unit', [SETUP])], '/repo')).toBeUndefined()
  })

  it('adds the setup file to the projects without it, once', () => {
    const projects = [project('unit', [SETUP]), project('api', ['/repo/api/setup.ts'])]
    expect(addSetupToProjects(projects, SETUP)).toEqual(['api'])
    expect(projects[1]?.config.setupFiles).toEqual(['/repo/api/setup.ts', SETUP])
    expect(addSetupToProjects(projects, SETUP)).toEqual([])
  })

  it('takes its setup file and runner out of browser-mode projects and says so once per Vitest instance', () => {
    const RUNNER = '/repo/node_modules/perf-sentinel/dist/vitest/runner.js'
    const browser = project('browser (chromium)', ['/repo/setup-dom.ts', SETUP], { browser: { enabled: true }, runner: RUNNER })
    const unit = project('unit', [SETUP], { runner: RUNNER })
    const lines: string[] = []
    const vitest = { config: { root: '/repo' }, projects: [browser, unit], logger: { warn: (line: string) => lines.push(line) } }
    leaveBrowserProjects(vitest, [SETUP], RUNNER)
    // In place of the Node setup: the browser one (the matchers as stand-ins that say they need Node).
    expect(browser.config.setupFiles).toEqual(['/repo/setup-dom.ts', perfBrowserSetupFile()])
    expect(perfBrowserSetupFile()).toMatch(/browserSetup\.(js|ts)$/)
    expect(browser.config.runner).toBeUndefined()
    expect(unit.config).toEqual({ setupFiles: [SETUP], runner: RUNNER })
    expect(lines).toEqual([
      'perf-sentinel: project "browser (chromium)" runs in browser mode: its tests count as test durations, but measure() and ' +
        'the perf matchers work in Node projects only (keep perf tests in a project without browser mode; there they fail saying so).',
    ])
    // The reporter and each project's plugin all call it: one line; neither adds the file back nor warns about it.
    leaveBrowserProjects(vitest, [SETUP], RUNNER)
    expect(lines).toHaveLength(1)
    expect(browser.config.setupFiles).toEqual(['/repo/setup-dom.ts', perfBrowserSetupFile()])
    expect(addSetupToProjects([browser], SETUP)).toEqual([])
    expect(setupCoverageWarning([browser], '/repo')).toBeUndefined()
  })
})
