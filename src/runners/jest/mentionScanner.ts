import { readFileSync, statSync } from 'node:fs'
import { dirname, extname, resolve } from 'node:path'
import { PERF_MATCHER_NAMES } from '../lazyMatchers.js'

/**
 * The 'auto' scope's scan (`jestMatchers`, matcherScope.ts): does a test file, or a module it imports, name a perf
 * matcher or perf-sentinel? Only the scope agent (scopeAgent.ts, once per worker) loads it: the setup file, evaluated
 * again in every test file's sandbox, carries none of it.
 */

/** What a test file or a module it imports must contain for 'auto' to register the matchers. */
const MENTIONS: readonly string[] = [...PERF_MATCHER_NAMES, 'perf-sentinel']

/**
 * How far 'auto' follows a test file's imports: its helper modules (1) and the modules they import (2).
 * Deeper modules are mostly the code under test; a helper that asserts with a perf matcher sits near the test.
 */
export const IMPORT_DEPTH = 2
/**
 * At most this many files are read for one test file (a barrel module can import dozens); a test file whose two
 * levels hold more gets the matchers, as the scan could not rule a helper out.
 */
const MAX_FILES = 48

/** A module specifier in `import … from`, `import '…'`, `import(…)`, `require(…)`, `export … from`. */
const SPECIFIER = /(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*(['"])([^'"\n]+)\1/g
/** Specifiers resolved by path here; the others (aliases, packages) only through the runner's resolver, if given. */
const RELATIVE = /^\.{1,2}\//
/** Extensions tried for a specifier without one (and for `./x.js` written for `./x.ts`), in Jest's default order. */
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']
const NODE_MODULES = /[\\/]node_modules[\\/]/
const TS_FOR_JS: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
}

/** The file-system calls the scanner makes, injectable for tests. */
export interface ScanFs {
  /** A file's change stamp (e.g. mtime and size), or undefined when it is not a regular file. */
  stamp(path: string): string | undefined
  read(path: string): string
}

const nodeFs: ScanFs = {
  stamp(path) {
    const stats = statSync(path, { throwIfNoEntry: false })
    return stats?.isFile() === true ? `${stats.mtimeMs}:${stats.size}` : undefined
  },
  read: (path) => readFileSync(path, 'utf8'),
}

/**
 * Resolves a specifier that is not relative — a `moduleNameMapper` alias, `modulePaths`, a package — to a file, as
 * the runner would (in the Jest setup file: Jest's own `require.resolve`, which applies the project's mapper); throws
 * when it cannot. Files under node_modules are never read.
 */
export type ResolveBare = (specifier: string) => string

interface ScannedFile {
  stamp: string
  mentions: boolean
  specifiers: string[]
}

/**
 * Whether a test file, or a module it reaches through imports within `IMPORT_DEPTH`, names a perf matcher or
 * perf-sentinel — the 'auto' scope's question. Relative imports are resolved here; the others (aliases) only through
 * `resolveBare`, and never into node_modules. Each file's answer and imports are kept with its change stamp, so a
 * Jest worker reads a shared helper once and re-reads it only when it changes (watch mode). An unreadable test file,
 * or more than `MAX_FILES` within the two levels, answers true (never leaves a user without the matchers when it
 * could not look everywhere); unreadable or unresolvable imports are skipped.
 */
export function createMentionScanner(fs: ScanFs = nodeFs): (testPath: string, resolveBare?: ResolveBare) => boolean {
  const cache = new Map<string, ScannedFile>()
  const scan = (path: string): ScannedFile | undefined => {
    const stamp = fs.stamp(path)
    if (stamp === undefined) return undefined
    const known = cache.get(path)
    if (known?.stamp === stamp) return known
    let text: string
    try {
      text = fs.read(path)
    } catch {
      return undefined
    }
    const specifiers: string[] = []
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[2] as string
      if (!specifier.startsWith('node:')) specifiers.push(specifier)
    }
    const scanned = { stamp, mentions: MENTIONS.some((mention) => text.includes(mention)), specifiers }
    cache.set(path, scanned)
    return scanned
  }
  // Where a specifier's path resolved before: tried first (a shared helper is imported by many test files).
  const resolved = new Map<string, string>()
  const resolveSpecifier = (from: string, specifier: string, resolveBare: ResolveBare | undefined): string | undefined => {
    if (!RELATIVE.test(specifier)) {
      if (resolveBare === undefined) return undefined
      let target: string
      try {
        target = resolveBare(specifier)
      } catch {
        return undefined
      }
      // An alias into the project's own modules, not a package or a stub for styles and data.
      return NODE_MODULES.test(target) || !EXTENSIONS.includes(extname(target)) ? undefined : target
    }
    const base = resolve(dirname(from), specifier)
    if (NODE_MODULES.test(base)) return undefined
    const known = resolved.get(base)
    if (known !== undefined && fs.stamp(known) !== undefined) return known
    const ext = extname(base)
    // Only modules: `./data.json` or `./styles.css` is never read (a large fixture would be, in every worker).
    const candidates = EXTENSIONS.includes(ext)
      ? [base, ...(TS_FOR_JS[ext] ?? []).map((ts) => base.slice(0, -ext.length) + ts)]
      : [...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)]
    const found = candidates.find((candidate) => fs.stamp(candidate) !== undefined)
    if (found !== undefined) resolved.set(base, found)
    return found
  }
  return (testPath, resolveBare) => {
    const root = scan(testPath)
    if (root === undefined) return true
    const seen = new Set([testPath])
    let level: Array<[string, ScannedFile]> = [[testPath, root]]
    for (let depth = 0; ; depth++) {
      if (level.some(([, file]) => file.mentions)) return true
      if (depth === IMPORT_DEPTH) return false
      const next: Array<[string, ScannedFile]> = []
      for (const [path, file] of level) {
        for (const specifier of file.specifiers) {
          const target = resolveSpecifier(path, specifier, resolveBare)
          if (target === undefined || seen.has(target)) continue
          if (seen.size >= MAX_FILES) return true
          seen.add(target)
          const scanned = scan(target)
          if (scanned !== undefined) next.push([target, scanned])
        }
      }
      if (next.length === 0) return false
      level = next
    }
  }
}
