import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/**
 * What requiring the built Jest reporter loads: it is required before the first test file runs, so every module it
 * pulls in is start-up time of every run. Dependencies needed only by some configurations stay out until used.
 */
describe('modules loaded with the Jest reporter (built)', () => {
  it('leaves picomatch out until a glob is configured', () => {
    const reporter = join(REPO_ROOT, 'dist', 'jest', 'reporter.cjs')
    if (!existsSync(reporter)) throw new Error('Build first: npx tsup')
    const script = `
      require(${JSON.stringify(reporter)})
      const loaded = Object.keys(require.cache).map((path) => path.split(/node_modules[\\\\/]/).at(-1).split(/[\\\\/]/)[0])
      console.log(JSON.stringify([...new Set(loaded)]))`
    const packages = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' })) as string[]
    expect(packages).not.toContain('picomatch')
    // The check sees dependencies at all: the configuration schema's library is loaded at start (fail fast).
    expect(packages).toContain('valibot')
  })
})
