import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
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

  it('reads the version of the vitest package the project resolves', () => {
    expect(runnerSupported(projectWithVitest('4.1.3'))).toBe(true)
    expect(runnerSupported(projectWithVitest('4.0.9'))).toBe(false)
  })

  it('is set beside the setup file when the project names no runner', () => {
    const root = projectWithVitest('5.0.0')
    expect(perfSentinel().config({ root, test: {} })).toEqual({ test: { setupFiles: [perfSetupFile()], runner: perfRunnerFile() } })
    // The setup file already listed: only the runner is added.
    expect(perfSentinel().config({ root, test: { setupFiles: ['perf-sentinel/vitest/setup'] } })).toEqual({
      test: { runner: perfRunnerFile() },
    })
  })

  it('is not set over a runner of the project, in browser mode, or on a Vitest before 4.1', () => {
    const setupOnly = { test: { setupFiles: [perfSetupFile()] } }
    expect(perfSentinel().config({ root: projectWithVitest('4.1.0'), test: { runner: './my-runner.ts' } })).toEqual(setupOnly)
    expect(perfSentinel().config({ root: projectWithVitest('4.1.0'), test: { browser: { enabled: true } } })).toEqual(setupOnly)
    expect(perfSentinel().config({ root: projectWithVitest('4.0.5'), test: {} })).toEqual(setupOnly)
  })

  it('recognises its own setup file beside it, and no other', () => {
    const dir = '/app/node_modules/perf-sentinel/dist/vitest/'
    expect(isOwnSetupFile(`${dir}setup.js`, dir)).toBe(true)
    expect(
      isOwnSetupFile('C:\\app\\node_modules\\perf-sentinel\\dist\\vitest\\setup.js', 'C:/app/node_modules/perf-sentinel/dist/vitest/'),
    ).toBe(true)
    expect(isOwnSetupFile('/app/test/setup.js', dir)).toBe(false)
    expect(isOwnSetupFile(`${dir}setup.cjs`, dir)).toBe(false)
    expect(isOwnSetupFile(perfSetupFile())).toBe(true)
  })
})
