import { describe, expect, it } from 'vitest'
import type { ProjectLike } from '../../../src/record/setupCoverage.js'
import { addSetupToProjects, isPerfSetupFile, projectsWithoutSetup, setupCoverageWarning } from '../../../src/record/setupCoverage.js'

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
})
