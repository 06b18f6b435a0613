// The browser entry (`browser` export condition, src/browser.ts), built: run where no Node `process` exists, as in a
// browser, every name of the Node entry is there; measuring says it needs Node; perfTiming times calls.
// In Node it is the Node entry. Real Chromium runs it in test/e2e/projectsVitest.test.ts.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const DIST = join(import.meta.dirname, '..', '..', 'dist')
const BROWSER = pathToFileURL(join(DIST, 'browser.js')).href
const INDEX = pathToFileURL(join(DIST, 'index.js')).href
const INDEX_CJS = join(DIST, 'index.cjs')

/** Runs `body` (an async function body getting `b`, the browser entry, and `i`, the Node entry) in a fresh Node. */
function inFreshNode(body: string, hideProcess: boolean): unknown {
  const script = `
    const realProcess = globalThis.process
    if (${hideProcess}) Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true })
    const b = await import(${JSON.stringify(BROWSER)})
    Object.defineProperty(globalThis, 'process', { value: realProcess, configurable: true, writable: true })
    const i = await import(${JSON.stringify(INDEX)})
    const result = await (async () => { ${body} })()
    process.stdout.write(JSON.stringify(result))`
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }))
}

describe('browser entry', () => {
  it('without Node: every name, measuring rejects with E_USAGE, perfTiming counts calls', () => {
    const result = inFreshNode(
      `const add = b.perfTiming(function add(x, y) { return x + y })
       const error = await b.measure('m', () => 1).catch((e) => e)
       let matcherError
       try { b.perfMatchers.toLeak(() => 1) } catch (e) { matcherError = e }
       return {
         names: Object.keys(b).sort(), nodeNames: Object.keys(i).sort(),
         matchers: Object.keys(b.perfMatchers), nodeMatchers: Object.keys(i.perfMatchers),
         handedOver: b.measure === i.measure,
         error: [b.isPerfSentinelError(error), error.code, error.message],
         loadRejects: await b.load({}).then(() => false, (e) => e.code === 'E_USAGE'),
         matcherError: matcherError?.message,
         sum: add(2, 3), count: b.getStats('add')?.count,
       }`,
      true,
    )
    expect(result).toMatchObject({ handedOver: false, sum: 5, count: 1, loadRejects: true })
    const r = result as {
      names: string[]
      nodeNames: string[]
      matchers: string[]
      nodeMatchers: string[]
      error: unknown[]
      matcherError: string
    }
    expect(r.names).toEqual(r.nodeNames)
    expect(r.matchers).toEqual(r.nodeMatchers)
    expect(r.error[0]).toBe(true)
    expect(r.error[1]).toBe('E_USAGE')
    expect(r.error[2]).toMatch(
      /^perf-sentinel: measure\(\) measures in Node only.*\nFix: keep perf tests in a Vitest project without browser mode/s,
    )
    expect(r.matcherError).toContain('expect(…).toLeak() measures in Node only')
  })

  it('in Node: the Node entry itself (its CommonJS build, required: no top-level await for browser builds)', () => {
    const result = inFreshNode(
      `const { createRequire } = await import('node:module')
       const cjs = createRequire(import.meta.url)(${JSON.stringify(INDEX_CJS)})
       return Object.keys(i).map((name) => b[name] === cjs[name])`,
      false,
    ) as boolean[]
    expect(result.length).toBeGreaterThan(10)
    expect(result.every(Boolean)).toBe(true)
  })
})
