/**
 * Finding and reading `perf-sentinel.config.{ts,mjs,js,json}` in the project root. A TypeScript file is turned into
 * JavaScript (Node 20 cannot import .ts; see `findTranspiler`), written beside the original so its relative imports
 * resolve, imported, and removed. The `…Sync` readers serve the test runners' reporters, whose constructors cannot
 * wait: they `require()` ES modules (Node ≥ 20.19 / 22.12).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { access, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { asError, isMissingFile, PerfSentinelError } from '../errors.js'

/** The names looked for, in this order; the first that exists is the config file. */
export const CONFIG_FILE_NAMES: readonly string[] = [
  'perf-sentinel.config.ts',
  'perf-sentinel.config.mjs',
  'perf-sentinel.config.js',
  'perf-sentinel.config.json',
]

/** The config file of the project at `cwd`, or `undefined` when it has none. */
export async function findConfigFile(cwd: string): Promise<string | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(cwd, name)
    try {
      await access(path)
      return path
    } catch (error) {
      if (!isMissingFile(error)) throw error
    }
  }
  return undefined
}

/** `findConfigFile`, synchronously (a reporter's constructor). */
export function findConfigFileSync(cwd: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => join(cwd, name)).find((path) => existsSync(path))
}

/** The raw (unvalidated) configuration a file exports: its default export, or the result of a default function. */
export async function readConfigFile(path: string): Promise<unknown> {
  try {
    if (path.endsWith('.json')) return JSON.parse(await readFile(path, 'utf8')) as unknown
    const exported = exportedValue(await (path.endsWith('.ts') ? importTypeScript(path) : importFresh(path)))
    return typeof exported === 'function' ? await (exported as () => unknown)() : exported
  } catch (error) {
    throw unreadable(path, error)
  }
}

/**
 * `readConfigFile`, synchronously: what a test run reads when its reporter is created, before any test starts. A
 * file that needs waiting for (top-level `await`, an async default function) is refused with the way out.
 */
export function readConfigFileSync(path: string): unknown {
  try {
    if (path.endsWith('.json')) return JSON.parse(readFileSync(path, 'utf8')) as unknown
    const exported = exportedValue(path.endsWith('.ts') ? requireTypeScript(path) : requireModule(path))
    const value = typeof exported === 'function' ? (exported as () => unknown)() : exported
    if (value instanceof Promise) {
      void value.catch(() => undefined)
      throw new PerfSentinelError('E_CONFIG', `${path} exports an async function, which a test run cannot wait for at start-up`, {
        fix: 'export the options object itself (or a function returning it without await), or use perf-sentinel.config.json',
      })
    }
    return value
  } catch (error) {
    throw unreadable(path, error)
  }
}

function exportedValue(module: unknown): unknown {
  const record = module as { default?: unknown }
  return typeof module === 'object' && module !== null && 'default' in record ? record.default : module
}

function unreadable(path: string, error: unknown): PerfSentinelError {
  if (error instanceof PerfSentinelError) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ERR_REQUIRE_ASYNC_MODULE' || code === 'ERR_REQUIRE_ESM') {
    return new PerfSentinelError('E_CONFIG', `${path} cannot be loaded when the test run starts (${code})`, {
      fix: 'remove top-level await from it (and use Node ≥ 20.19 or ≥ 22.12), or write the options to perf-sentinel.config.json',
      cause: error,
    })
  }
  return new PerfSentinelError('E_CONFIG', `${path} could not be read: ${asError(error).message.split('\n')[0]}`, {
    fix: path.endsWith('.json')
      ? 'make it valid JSON (an object of options)'
      : 'fix the error in the file; it must export default an object of options',
    cause: error,
  })
}

/** Loads a module synchronously: CommonJS, or an ES module without top-level await (require(esm)). */
function requireModule(path: string): unknown {
  return createRequire(path)(path)
}

/** Imports a module, bypassing the module cache (a long-running `schedule` re-reads an edited file). */
function importFresh(path: string): Promise<unknown> {
  return import(`${pathToFileURL(path).href}?t=${Date.now()}`)
}

export type Transpile = (source: string, path: string) => string

/**
 * A TypeScript-to-JavaScript transform, the first that resolves from the config file's folder (then from this
 * package): the project's `typescript`, `esbuild` (Vite ≤ 7 brings it), Rolldown's (Vite 8 brings it instead of
 * esbuild; also looked for beside Vite, for package managers that do not hoist it), or Node's own type stripping
 * (Node ≥ 22.13; erasable syntax only).
 */
function findTranspiler(path: string): Transpile | undefined {
  for (const from of [path, import.meta.url]) {
    const found = transpilerFrom(createRequire(from))
    if (found) return found
  }
  return nodeTypeStripping()
}

/** The transform `require` finds (typescript, esbuild, then Rolldown — its own or beside Vite), if any. */
export function transpilerFrom(require: NodeJS.Require): Transpile | undefined {
  try {
    const ts = require('typescript') as {
      transpileModule?(source: string, options: object): { outputText: string }
      ModuleKind?: { ESNext: number }
      ScriptTarget?: { ES2022: number }
    }
    // TypeScript 7 (the native compiler) has no JavaScript compiler API: only `version`. Then try the others.
    const { transpileModule, ModuleKind, ScriptTarget } = ts
    if (typeof transpileModule === 'function' && ModuleKind && ScriptTarget)
      return (source, fileName) =>
        transpileModule(source, { fileName, compilerOptions: { module: ModuleKind.ESNext, target: ScriptTarget.ES2022 } }).outputText
  } catch {
    // Not installed: try esbuild.
  }
  try {
    const esbuild = require('esbuild') as { transformSync(source: string, options: object): { code: string } }
    return (source) => esbuild.transformSync(source, { loader: 'ts', format: 'esm', target: 'node20' }).code
  } catch {
    // Not installed: try Rolldown (Vite 8).
  }
  return rolldownFrom(require) ?? rolldownFrom(besideVite(require))
}

interface RolldownTransform {
  transformSync(fileName: string, source: string, options: object): { code: string; errors: Array<{ message: string }> }
}

function rolldownFrom(require: NodeJS.Require | undefined): Transpile | undefined {
  let rolldown: RolldownTransform
  try {
    rolldown = require?.('rolldown/experimental') as RolldownTransform
  } catch {
    return undefined
  }
  if (typeof rolldown?.transformSync !== 'function') return undefined
  return (source, fileName) => {
    const out = rolldown.transformSync(fileName, source, { lang: 'ts' })
    const first = out.errors[0]
    if (first !== undefined) throw new Error(first.message)
    return out.code
  }
}

/** A `require` that resolves from Vite's own folder: Rolldown is Vite 8's dependency, not the project's. */
function besideVite(require: NodeJS.Require): NodeJS.Require | undefined {
  try {
    return createRequire(require.resolve('vite/package.json'))
  } catch {
    return undefined
  }
}

/** Node's built-in type stripping (`module.stripTypeScriptTypes`, Node ≥ 22.13), when this Node has it. */
function nodeTypeStripping(): Transpile | undefined {
  const strip = (createRequire(import.meta.url)('node:module') as { stripTypeScriptTypes?: (source: string) => string })
    .stripTypeScriptTypes
  return typeof strip === 'function' ? (source) => strip(source) : undefined
}

function transpilerOf(path: string): Transpile {
  const transpile = findTranspiler(path)
  if (transpile === undefined) {
    throw new PerfSentinelError(
      'E_CONFIG',
      `${path} is TypeScript, and no TypeScript compiler was found (typescript ≤ 6 — TypeScript 7 has no compiler API —, esbuild, or Vite 8's rolldown) on this Node (${process.version}, which cannot strip types itself)`,
      { fix: `install typescript (npm i -D typescript), or rename it to ${basename(path, '.ts')}.mjs` },
    )
  }
  return transpile
}

function temporaryModule(path: string): string {
  return join(dirname(path), `.${basename(path, '.ts')}.${randomBytes(4).toString('hex')}.mjs`)
}

async function importTypeScript(path: string): Promise<unknown> {
  const code = transpilerOf(path)(await readFile(path, 'utf8'), path)
  const temporary = temporaryModule(path)
  await writeFile(temporary, code)
  try {
    return await importFresh(temporary)
  } finally {
    await rm(temporary, { force: true })
  }
}

function requireTypeScript(path: string): unknown {
  const code = transpilerOf(path)(readFileSync(path, 'utf8'), path)
  const temporary = temporaryModule(path)
  writeFileSync(temporary, code)
  try {
    return requireModule(temporary)
  } finally {
    rmSync(temporary, { force: true })
  }
}
