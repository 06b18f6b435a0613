import { createRequire } from 'node:module'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { CallStatsStore } from '../../../src/diagnostics/callStats.js'
import { perfTiming } from '../../../src/diagnostics/perfTiming.js'
import { timedFunctionInfo } from '../../../src/diagnostics/timedFunctionInfo.js'

/** A class using the decorator, compiled by TypeScript itself in the given decorator mode. */
const SOURCE = `
export function build(perfTiming, store) {
  class Repo {
    factor = 3
    @perfTiming({ store, detectBlocking: false })
    scale(x) { return x * this.factor }
    @perfTiming({ store, name: 'Repo.fetchAll', detectBlocking: false })
    async fetchAll() { return [1, 2] }
    @perfTiming
    *ids() { yield 1; yield 2 }
    @perfTiming({ store, detectBlocking: false })
    static create() { return new Repo() }
  }
  return Repo
}
`

function compile(
  experimentalDecorators: boolean,
): (timing: typeof perfTiming, store: CallStatsStore) => new () => Record<string, (...args: unknown[]) => unknown> {
  const { outputText } = ts.transpileModule(SOURCE, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, experimentalDecorators },
  })
  const module = { exports: {} as Record<string, unknown> }
  new Function('module', 'exports', 'require', outputText)(module, module.exports, createRequire(import.meta.url))
  return module.exports.build as never
}

for (const [mode, legacy] of [
  ['TC39 decorators (TypeScript 5 default)', false],
  ['legacy experimentalDecorators', true],
] as const) {
  describe(`@perfTiming with ${mode}`, () => {
    it('times methods under ClassName.method, keeping this and return values', async () => {
      const store = new CallStatsStore()
      const Repo = compile(legacy)(perfTiming, store) as unknown as {
        new (): { scale(x: number): number; fetchAll(): Promise<number[]>; ids(): Iterable<number> }
        create(): unknown
      }
      const repo = new Repo()
      expect(repo.scale(2)).toBe(6)
      expect(await repo.fetchAll()).toEqual([1, 2])
      expect(Repo.create()).toBeInstanceOf(Repo)
      expect(store.get('Repo.scale')?.stats()).toMatchObject({ count: 1, type: 'sync_function' })
      expect(store.get('Repo.fetchAll')?.stats()).toMatchObject({ count: 1, type: 'async_function' })
      expect(store.get('Repo.create')?.stats().count).toBe(1)
      expect(timedFunctionInfo(repo.scale)?.name).toBe('Repo.scale')
    })

    it('works bare (@perfTiming) on a generator method, recording into the process store', () => {
      const Repo = compile(legacy)(perfTiming, new CallStatsStore()) as unknown as new () => { ids(): Iterable<number> }
      expect([...new Repo().ids()]).toEqual([1, 2])
    })
  })
}

describe('@perfTiming on something other than a method', () => {
  it('says it decorates methods only', () => {
    const context = { kind: 'field', name: 'x', addInitializer: () => {} } as unknown as ClassMethodDecoratorContext
    expect(() => perfTiming()(() => 1, context)).toThrow(/decorates methods only; it was applied to a field \("x"\)/)
  })
})
