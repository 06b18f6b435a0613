import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/**
 * What requiring the built Jest reporter loads: it is required before the first test file runs, so every module it
 * pulls in is start-up time of every run. Dependencies needed only by some configurations stay out until used.
 */
describe('modules loaded with the Jest reporter (built)', () => {
  it('leaves picomatch out until a glob is configured, and loads no copy of valibot', () => {
    const dist = join(REPO_ROOT, 'dist')
    const reporter = join(dist, 'jest', 'reporter.cjs')
    if (!existsSync(reporter)) throw new Error('Build first: npx tsup')
    // What onRunStart loads next (the run end's pipeline), so the check sees a dependency that is loaded: mustache.
    const pipeline = readdirSync(dist).find((name) => /^finishRun-.*\.cjs$/.test(name))
    if (pipeline === undefined) throw new Error(`No finishRun chunk in ${dist}`)
    const script = `
      require(${JSON.stringify(reporter)})
      const packagesLoaded = () => [...new Set(Object.keys(require.cache).flatMap((path) => {
        const parts = path.split(/node_modules[\\\\/]/)
        return parts.length > 1 ? [parts.at(-1).split(/[\\\\/]/)[0]] : []
      }))]
      const atStart = packagesLoaded()
      require(${JSON.stringify(join(dist, pipeline))})
      console.log(JSON.stringify({ atStart, withPipeline: packagesLoaded() }))`
    const { atStart, withPipeline } = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' })) as {
      atStart: string[]
      withPipeline: string[]
    }
    expect(atStart).not.toContain('picomatch')
    expect(withPipeline).not.toContain('picomatch')
    // valibot is bundled, only the functions used (tsup.config.ts): its whole 213 kB build cost ~8 ms per process.
    expect(withPipeline).not.toContain('valibot')
    expect(withPipeline).toContain('mustache')
  })
})
