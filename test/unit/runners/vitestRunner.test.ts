import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../e2e/fixtureProject.js'
import { perfRunnerFile, perfSetupFile } from '../../../src/record/setupCoverage.js'
import { perfSentinel, runnerSupported, vitestHasTestRunner } from '../../../src/runners/vitest/plugin.js'
import { isOwnSetupFile } from '../../../src/runners/vitest/runner.js'

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A folder whose node_modules holds a `vitest` package of the given version (and whether it exports package.json). */
function projectWithVitest(version: string, exportsManifest = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-runner-'))
  made.push(dir)
  const pkg = join(dir, 'node_modules', 'vitest')
  mkdirSync(pkg, { recursive: true })
  const exportsMap = exportsManifest ? { '.': './index.js', './package.json': './package.json' } : { '.': './index.js' }
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'vitest', version, exports: exportsMap }))
  writeFileSync(join(pkg, 'index.js'), '')
  writeFileSync(join(dir, 'package.json'), '{}')
  return dir
}

describe('the Vitest runner the plugin sets', () => {
  it('knows which Vitest versions export TestRunner', () => {
    expect(['4.1.0', '4.1.12', '4.2.0-beta.1', '5.1.2', '10.0.0'].map(vitestHasTestRunner)).toEqual([true, true, true, true, true])
    expect(['3.2.7', '4.0.18', 'x', undefined].map(vitestHasTestRunner)).toEqual([false, false, false, false])
  })

  it('needs the project and the runner to resolve one and the same vitest package, of a version with TestRunner', () => {
    const inside = (dir: string): string => join(dir, 'node_modules', 'perf-sentinel', 'dist', 'vitest', 'runner.js')
    const v41 = projectWithVitest('4.1.3')
    expect(runnerSupported(v41, inside(v41))).toBe(true)
    const v40 = projectWithVitest('4.0.9')
    expect(runnerSupported(v40, inside(v40))).toBe(false)
    // A monorepo where perf-sentinel's folder sees another Vitest than the project (or another copy of it): no runner.
    expect(runnerSupported(v41, inside(projectWithVitest('4.1.3')))).toBe(false)
    // Vitest 3 exports no package.json: unknown, so no runner.
    const v32 = projectWithVitest('3.2.7', false)
    expect(runnerSupported(v32, inside(v32))).toBe(false)
  })

  it('is set beside the setup file when the project names no runner', () => {
    // The repository itself: the project and the runner's source resolve the same Vitest (4.1).
    const root = REPO_ROOT
    expect(perfSentinel().config({ root, test: {} })).toEqual({ test: { setupFiles: [perfSetupFile()], runner: perfRunnerFile() } })
    // The setup file already listed: only the runner is added.
    expect(perfSentinel().config({ root, test: { setupFiles: ['perf-sentinel/vitest/setup'] } })).toEqual({
      test: { runner: perfRunnerFile() },
    })
  })

  it('is not set over a runner of the project, in browser mode, or where the runner would import another Vitest', () => {
    const setupOnly = { test: { setupFiles: [perfSetupFile()] } }
    expect(perfSentinel().config({ root: REPO_ROOT, test: { runner: './my-runner.ts' } })).toEqual(setupOnly)
    expect(perfSentinel().config({ root: REPO_ROOT, test: { browser: { enabled: true } } })).toEqual(setupOnly)
    expect(perfSentinel().config({ root: projectWithVitest('4.1.0'), test: {} })).toEqual(setupOnly)
  })

  it('recognises its own setup file beside it, and no other', () => {
    const dir = '/app/node_modules/perf-sentinel/dist/vitest/'
    expect(isOwnSetupFile(`${dir}setup.js`, dir)).toBe(true)
    expect(
      isOwnSetupFile('C:\\app\\node_modules\\perf-sentinel\\dist\\vitest\\setup.js', 'C:/app/node_modules/perf-sentinel/dist/vitest/'),
    ).toBe(true)
    expect(isOwnSetupFile('C:/app/node_modules/perf-sentinel/dist/vitest/setup.js', 'c:/app/node_modules/perf-sentinel/dist/vitest/')).toBe(
      true,
    )
    expect(isOwnSetupFile('/app/test/setup.js', dir)).toBe(false)
    expect(isOwnSetupFile(`${dir}setup.cjs`, dir)).toBe(false)
    expect(isOwnSetupFile(perfSetupFile())).toBe(true)
  })
})
