/**
 * Finding and reading `perf-sentinel.config.{ts,mjs,js,json}` in the project root. A TypeScript file is turned into
 * JavaScript with the project's own `typescript` or `esbuild` (Node 20 cannot import .ts), written beside the
 * original so its relative imports resolve, imported, and removed.
 */
import { randomBytes } from 'node:crypto'
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

/** The raw (unvalidated) configuration a file exports: its default export, or the result of a default function. */
export async function readConfigFile(path: string): Promise<unknown> {
  try {
    if (path.endsWith('.json')) return JSON.parse(await readFile(path, 'utf8')) as unknown
    const module = (await (path.endsWith('.ts') ? importTypeScript(path) : importFresh(path))) as { default?: unknown }
    const exported = 'default' in module ? module.default : module
    return typeof exported === 'function' ? await (exported as () => unknown)() : exported
  } catch (error) {
    if (error instanceof PerfSentinelError) throw error
    throw new PerfSentinelError('E_CONFIG', `${path} could not be read: ${asError(error).message.split('\n')[0]}`, {
      fix: path.endsWith('.json')
        ? 'make it valid JSON (an object of options)'
        : 'fix the error in the file; it must export default an object of options',
      cause: error,
    })
  }
}

/** Imports a module, bypassing the module cache (a long-running `schedule` re-reads an edited file). */
function importFresh(path: string): Promise<unknown> {
  return import(`${pathToFileURL(path).href}?t=${Date.now()}`)
}

type Transpile = (source: string, path: string) => Promise<string>

/** The project's TypeScript compiler or esbuild, whichever resolves first from the config file's folder. */
function findTranspiler(path: string): Transpile | undefined {
  for (const from of [path, import.meta.url]) {
    const found = transpilerFrom(createRequire(from))
    if (found) return found
  }
  return undefined
}

function transpilerFrom(require: NodeJS.Require): Transpile | undefined {
  try {
    const ts = require('typescript') as {
      transpileModule(source: string, options: object): { outputText: string }
      ModuleKind: { ESNext: number }
      ScriptTarget: { ES2022: number }
    }
    return async (source, fileName) =>
      ts.transpileModule(source, { fileName, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
  } catch {
    // Not installed: try esbuild.
  }
  try {
    const esbuild = require('esbuild') as { transform(source: string, options: object): Promise<{ code: string }> }
    return async (source) => (await esbuild.transform(source, { loader: 'ts', format: 'esm', target: 'node20' })).code
  } catch {
    return undefined
  }
}

async function importTypeScript(path: string): Promise<unknown> {
  const transpile = findTranspiler(path)
  if (transpile === undefined) {
    throw new PerfSentinelError('E_CONFIG', `${path} is TypeScript, and neither typescript nor esbuild is installed in this project`, {
      fix: `install typescript (npm i -D typescript), or rename it to ${basename(path, '.ts')}.mjs`,
    })
  }
  const code = await transpile(await readFile(path, 'utf8'), path)
  const temporary = join(dirname(path), `.${basename(path, '.ts')}.${randomBytes(4).toString('hex')}.mjs`)
  await writeFile(temporary, code)
  try {
    return await importFresh(temporary)
  } finally {
    await rm(temporary, { force: true })
  }
}
