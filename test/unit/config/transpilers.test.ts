import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { transpilerFrom } from '../../../src/config/configFile.js'

const real = createRequire(import.meta.url)
const SOURCE =
  "import type { A } from './a'\nconst budget: number = 5\nexport default { thresholds: { '**/*': budget as number } } satisfies object\n"

/** A `require` that finds only `allowed` (and resolves only `resolvable`), as a project without them would. */
function requireOnly(allowed: string[], resolvable: string[] = [], modules: Record<string, unknown> = {}): NodeJS.Require {
  const fake = ((id: string) => {
    if (id in modules) return modules[id]
    if (!allowed.includes(id)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' })
    return real(id)
  }) as NodeJS.Require
  fake.resolve = ((id: string) => {
    if (!resolvable.includes(id)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' })
    return real.resolve(id)
  }) as NodeJS.RequireResolve
  return fake
}

describe('perf-sentinel.config.ts transpilers', () => {
  it('uses Vite 8’s Rolldown when neither typescript nor esbuild is installed', () => {
    const transpile = transpilerFrom(requireOnly(['rolldown/experimental']))
    expect(transpile).toBeDefined()
    const code = transpile?.(SOURCE, 'perf-sentinel.config.ts') ?? ''
    expect(code).not.toContain('number')
    expect(code).not.toContain('import type')
    expect(code).toContain('export default')
  })

  it('finds Rolldown beside Vite when the package manager does not hoist it', () => {
    const transpile = transpilerFrom(requireOnly([], ['vite/package.json']))
    expect(transpile?.(SOURCE, 'perf-sentinel.config.ts')).toContain('const budget = 5')
  })

  it('reports Rolldown’s syntax errors instead of importing broken code', () => {
    const transpile = transpilerFrom(requireOnly(['rolldown/experimental']))
    expect(() => transpile?.('export default {', 'perf-sentinel.config.ts')).toThrow()
  })

  it('passes over TypeScript 7, which has no compiler API, to the next transform', () => {
    // What require('typescript') gives with typescript@7 installed.
    const ts7 = { version: '7.0.2', versionMajorMinor: '7.0' }
    const withEsbuild = transpilerFrom(requireOnly(['esbuild'], [], { typescript: ts7 }))
    expect(withEsbuild?.(SOURCE, 'perf-sentinel.config.ts')).toContain('const budget = 5')
    expect(transpilerFrom(requireOnly([], [], { typescript: ts7 }))).toBeUndefined()
  })

  it('finds nothing in a project with none of them', () => {
    expect(transpilerFrom(requireOnly([]))).toBeUndefined()
  })
})
